import { type ChildProcess, spawn } from "node:child_process";
import { expect, vi } from "vitest";

/**
 * The real CLI in its own process, so that it can be killed the hard way. It binds port 0 and the caller reads
 * the address it announces, so no port has to stay free between a check and a bind.
 */
export async function startChildServer(dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ["bin/scimulator.mjs", "start", "--port", "0", "--data", dataDir, "--no-seed"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (found?.[1]) resolve(found[1]);
    });
    proc.once("exit", (code) =>
      reject(new Error(`the server exited with ${code} before it listened: ${out}`)),
    );
  });
  proc.stdout?.resume();
  await vi.waitFor(async () => expect((await fetch(`${url}/api/health`)).ok).toBe(true), {
    timeout: 20_000,
    interval: 100,
  });
  return { url, proc };
}

/** SIGKILL, and wait until the process is gone, so the next start finds its lock free to take over. */
export async function killHard(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    proc.once("exit", () => resolve());
    proc.kill("SIGKILL");
  });
}

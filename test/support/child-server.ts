import type { ChildProcess } from "node:child_process";
import { expect, vi } from "vitest";
import { spawnServer } from "./spawn-server";

/** The real CLI in its own process, so that it can be killed the hard way, once its health answers. */
export async function startChildServer(dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const { url, proc } = await spawnServer(dataDir);
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

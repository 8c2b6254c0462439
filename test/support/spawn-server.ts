import { type ChildProcess, spawn } from "node:child_process";

/**
 * The real CLI in its own process on port 0, resolved with the address it announces, so no port has to stay
 * free between a check and a bind. Shared by the crash tests and the scale bench; it waits for nothing else.
 */
export async function spawnServer(dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
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
  return { url, proc };
}

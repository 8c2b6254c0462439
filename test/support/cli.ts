import { spawn } from "node:child_process";

/** The CLI as CI runs it, in its own process: `scimulator <args>`. */
export function scimulator(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/scimulator.mjs", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

/** `scimulator <command> <args>`. */
export const runCli = (command: string, args: string[]) => scimulator([command, ...args]);

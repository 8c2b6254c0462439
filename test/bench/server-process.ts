// The server as users run it: its own process, started by the CLI, measured from outside.
import type { ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { spawnServer } from "../support/spawn-server";

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  /** Milliseconds from spawn to the first answer of /api/health. */
  startMs: number;
  rssMb(): Promise<number>;
  /** Bytes this process has had written to storage so far (Linux's write_bytes). */
  diskBytes(): Promise<number>;
  stop(): Promise<void>;
}

const status = async (pid: number, field: string, file = "status") => {
  const text = await readFile(`/proc/${pid}/${file}`, "utf8");
  return Number(new RegExp(`${field}:\\s*(\\d+)`).exec(text)?.[1] ?? Number.NaN);
};

export async function startServerProcess(dataDir: string): Promise<ServerProcess> {
  const started = performance.now();
  const { url, proc } = await spawnServer(dataDir);
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const pid = proc.pid as number;
  return {
    url,
    proc,
    startMs: performance.now() - started,
    rssMb: async () => (await status(pid, "VmRSS")) / 1024,
    diskBytes: () => status(pid, "write_bytes", "io"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}

/** p-th percentile of a list of numbers. */
export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export async function api<T>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

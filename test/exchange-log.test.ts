import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { BUSY_LOG_WRITE_MS, LOG_WRITE_MS, openExchangeLog } from "../server/log/exchange-log";
import type { Exchange } from "../server/protocol";
import { tempDataDir } from "./support/simulator";

const exchange = (i: number): Exchange => ({
  id: `x${i}`,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
  simulatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
  targetId: "t1",
  cause: { type: "reconcile" },
  request: { method: "GET", url: `http://127.0.0.1/Users/${i}`, headers: {}, body: null },
  response: { status: 200, headers: {}, body: { i } },
  durationMs: 1,
});

/** Every journal line the log has written, as parsed JSON. */
async function journalLines(dir: string): Promise<Array<{ path: string[]; removed?: boolean }>> {
  const out: Array<{ path: string[]; removed?: boolean }> = [];
  for (const name of (await readdir(dir)).filter((n) => n.startsWith("log.json.journal."))) {
    const text = await readFile(join(dir, name), "utf8");
    for (const line of text.split("\n").filter(Boolean)) out.push(JSON.parse(line));
  }
  return out;
}

describe("the exchange log on disk", () => {
  it("never writes an exchange the bounded history trimmed before its write came, and keeps the newest", async () => {
    const dir = await tempDataDir();
    const log = await openExchangeLog(join(dir, "log.json"), 100);
    for (let i = 0; i < 1000; i++) log.record(exchange(i));
    await log.flush();
    const lines = await journalLines(dir);
    // Only what the history still holds went to the journal, and nothing had to be removed again.
    expect(lines.every((l) => !l.removed)).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(110);
    expect(lines.map((l) => l.path[1])).toContain("x999");
    await log.close();
    const again = await openExchangeLog(join(dir, "log.json"), 100);
    const kept = again.list();
    expect(kept).toHaveLength(100);
    expect(kept.at(-1)).toEqual(exchange(999));
    expect(kept[0]?.id).toBe("x900");
    await again.close();
  });

  it("removes on disk an exchange trimmed after it was written, and its snapshot reads back whole", async () => {
    const dir = await tempDataDir();
    const log = await openExchangeLog(join(dir, "log.json"), 10);
    for (let i = 0; i < 10; i++) log.record(exchange(i));
    await log.flush();
    for (let i = 10; i < 12; i++) log.record(exchange(i));
    await log.flush();
    const removed = (await journalLines(dir)).filter((l) => l.removed).map((l) => l.path[1]);
    expect(removed).toEqual(["x0", "x1"]);
    // A clean close folds the journal into a snapshot that reuses each exchange's JSON as recorded.
    await log.close();
    const snapshot = JSON.parse(await readFile(join(dir, "log.json"), "utf8")) as { exchanges: Exchange[] };
    expect(snapshot.exchanges.map((e) => e.id)).toEqual(Array.from({ length: 10 }, (_, i) => `x${i + 2}`));
    expect(snapshot.exchanges[0]).toEqual(exchange(2));
  });

  it("serialises an exchange once for every listener and the disk, and never one trimmed before anyone asked", async () => {
    const dir = await tempDataDir();
    const log = await openExchangeLog(join(dir, "log.json"), 10);
    // JSON.stringify calls toJSON, so each serialisation of a recorded exchange is counted where it happens.
    const serialised = new Map<string, number>();
    const counted = (i: number): Exchange => {
      const plain = exchange(i);
      return Object.assign(exchange(i), {
        toJSON: () => {
          serialised.set(plain.id, (serialised.get(plain.id) ?? 0) + 1);
          return plain;
        },
      });
    };
    const heard: string[] = [];
    log.on((logged) => {
      if (logged.exchange.id === "x0") heard.push(logged.json(), logged.json());
    });
    log.on((logged) => {
      if (logged.exchange.id === "x0") heard.push(logged.json());
    });
    for (let i = 0; i < 100; i++) log.record(counted(i));
    await log.flush();
    await log.close();
    expect(heard).toEqual(Array.from({ length: 3 }, () => JSON.stringify(exchange(0))));
    expect(serialised.get("x0")).toBe(1);
    // Trimmed before the write and asked for by nobody: never serialised.
    expect(serialised.get("x50")).toBeUndefined();
    // Kept: serialised once, for the journal, and reused by the snapshot the close wrote.
    expect(serialised.get("x99")).toBe(1);
    const snapshot = JSON.parse(await readFile(join(dir, "log.json"), "utf8")) as { exchanges: Exchange[] };
    expect(snapshot.exchanges.at(-1)).toEqual(exchange(99));
  });

  it("writes the history a second after an exchange at an ordinary pace, and every five seconds while it turns over faster", async () => {
    // Only the log's own timers are simulated; the disk is real, and only the timers can start a write.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const dir = await tempDataDir();
      const log = await openExchangeLog(join(dir, "log.json"), 10);
      const written = async (id: string) => (await journalLines(dir)).some((l) => l.path[1] === id);
      log.record(exchange(0));
      await vi.advanceTimersByTimeAsync(LOG_WRITE_MS);
      await vi.waitFor(async () => expect(await written("x0")).toBe(true), { timeout: 10_000 });
      // Thirty in one second: three histories' worth, so the next write waits the longer window.
      for (let i = 1; i <= 30; i++) log.record(exchange(i));
      await vi.advanceTimersByTimeAsync(LOG_WRITE_MS);
      await vi.waitFor(async () => expect(await written("x30")).toBe(true), { timeout: 10_000 });
      log.record(exchange(31));
      await vi.advanceTimersByTimeAsync(BUSY_LOG_WRITE_MS - 1);
      expect(await written("x31")).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(async () => expect(await written("x31")).toBe(true), { timeout: 10_000 });
      // One exchange in five seconds is an ordinary pace again: back to a second.
      log.record(exchange(32));
      await vi.advanceTimersByTimeAsync(LOG_WRITE_MS);
      await vi.waitFor(async () => expect(await written("x32")).toBe(true), { timeout: 10_000 });
      await log.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

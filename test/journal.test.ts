import { appendFile, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { openJournaledStore } from "../server/store/journal";
import { DataFileError } from "../server/store/json-file";
import { tempDataDir } from "./support/simulator";

const shape = z.object({ items: z.record(z.string(), z.unknown()) });
type Data = { items: Record<string, unknown> };
const open = (file: string) => openJournaledStore<Data>(file, { items: {} }, shape, { what: "a test store" });

describe("a journaled store", () => {
  it("writes a small entry per change, whatever the size of the store, and reads every change back", async () => {
    const dir = await tempDataDir();
    const file = join(dir, "items.json");
    const store = await open(file);
    const big = "x".repeat(2000);
    for (let i = 0; i < 300; i++) {
      store.db.data.items[`k${i}`] = { big, i };
      await store.commit([{ path: ["items", `k${i}`], value: store.db.data.items[`k${i}`] }]);
    }
    const before = (await stat(join(dir, "items.json.journal.1"))).size;
    store.db.data.items.k0 = "changed";
    await store.commit([{ path: ["items", "k0"], value: "changed" }]);
    delete store.db.data.items.k1;
    await store.commit([{ path: ["items", "k1"], removed: true }]);
    // Each change appended about its own size, not the store's 600 KB.
    expect((await stat(join(dir, "items.json.journal.1"))).size - before).toBeLessThan(100);
    await store.flush();
    const again = await open(file);
    expect(Object.keys(again.db.data.items)).toHaveLength(299);
    expect(again.db.data.items.k0).toBe("changed");
    expect(again.db.data.items.k299).toEqual({ big, i: 299 });
  });

  it("folds a journal that outgrows its snapshot into a new snapshot, losing nothing", async () => {
    const dir = await tempDataDir();
    const file = join(dir, "items.json");
    const store = await open(file);
    const big = "y".repeat(10_000);
    for (let i = 0; i < 150; i++) {
      store.db.data.items[`k${i % 20}`] = { big, i };
      await store.commit([{ path: ["items", `k${i % 20}`], value: store.db.data.items[`k${i % 20}`] }]);
    }
    await store.flush();
    const names = (await readdir(dir)).sort();
    // 1.5 MB of changes passed the 1 MiB threshold once: the first journal is gone, a snapshot holds its changes.
    expect(names).not.toContain("items.json.journal.1");
    expect(JSON.parse(await readFile(file, "utf8")).items.k0).toBeDefined();
    const again = await open(file);
    expect(Object.keys(again.db.data.items)).toHaveLength(20);
    expect(again.db.data.items.k9).toEqual({ big, i: 149 });
  });

  it("ignores a torn last line, which no caller was ever told had been written", async () => {
    const dir = await tempDataDir();
    const file = join(dir, "items.json");
    const store = await open(file);
    store.db.data.items.a = 1;
    await store.commit([{ path: ["items", "a"], value: 1 }]);
    await appendFile(join(dir, "items.json.journal.1"), '{"path":["items","b"],"val');
    const again = await open(file);
    expect(again.db.data.items).toEqual({ a: 1 });
  });

  it("folds what it replayed into a snapshot at start, so a torn line never meets a later start", async () => {
    const dir = await tempDataDir();
    const file = join(dir, "items.json");
    const first = await open(file);
    first.db.data.items.a = 1;
    await first.commit([{ path: ["items", "a"], value: 1 }]);
    await first.close();
    await appendFile(join(dir, "items.json.journal.1"), '{"path":["items","b"],"val');
    const second = await open(file);
    second.db.data.items.c = 3;
    await second.commit([{ path: ["items", "c"], value: 3 }]);
    await second.close();
    const third = await open(file);
    expect(third.db.data.items).toEqual({ a: 1, c: 3 });
    await third.close();
  });

  it("never replays a key that reaches the object machinery", async () => {
    const dir = await tempDataDir();
    const file = join(dir, "items.json");
    await writeFile(
      join(dir, "items.json.journal.1"),
      '{"path":["__proto__","polluted"],"value":1}\n{"path":["items","a"],"value":1}\n',
    );
    await expect(open(file)).rejects.toThrow(/line 1 is not a journal entry/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a journal damaged before its last line, naming the file and the line", async () => {
    const dir = await tempDataDir();
    const file = join(dir, "items.json");
    await writeFile(join(dir, "items.json.journal.1"), 'not json\n{"path":["items","a"],"value":1}\n');
    await expect(open(file)).rejects.toBeInstanceOf(DataFileError);
    await expect(open(file)).rejects.toThrow(/items\.json\.journal\.1: line 1 is not a journal entry/);
  });
  it("lands gathered commits in the order made, ahead of a later ordinary commit, and flushes them on demand", async () => {
    const dir = await tempDataDir();
    const file = join(dir, "items.json");
    const store = await open(file);
    const order: string[] = [];
    store.db.data.items.a = "gathered";
    const gathered = store
      .commit([{ path: ["items", "a"], value: "gathered" }], true)
      .then(() => order.push("a"));
    store.db.data.items.a = "then ordinary";
    const ordinary = store
      .commit([{ path: ["items", "a"], value: "then ordinary" }])
      .then(() => order.push("b"));
    await Promise.all([gathered, ordinary]);
    expect(order).toEqual(["a", "b"]);
    const lines = (await readFile(join(dir, "items.json.journal.1"), "utf8")).trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).value)).toEqual(["gathered", "then ordinary"]);
    // A gathered commit on its own is on disk once flush() returns, without waiting out its window first.
    store.db.data.items.c = 3;
    let landed = false;
    void store.commit([{ path: ["items", "c"], value: 3 }], true).then(() => {
      landed = true;
    });
    await store.flush();
    expect(landed).toBe(true);
    expect((await open(file)).db.data.items).toEqual({ a: "then ordinary", c: 3 });
  });

  it("appends gathered commits at once when asked to hurry, without waiting out their window", async () => {
    const dir = await tempDataDir();
    const store = await open(join(dir, "items.json"));
    // The window's timer never fires under fake timers: only hurry() can bring the line to the disk.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const landed = store.commit([{ path: ["items", "a"], value: "gathered" }], true);
      store.hurry();
      await landed;
      expect(await readFile(join(dir, "items.json.journal.1"), "utf8")).toContain('"gathered"');
    } finally {
      vi.useRealTimers();
    }
    await store.close();
  });
});

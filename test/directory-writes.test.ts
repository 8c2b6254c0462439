import { readFileSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { User } from "../server/protocol";
import { type Running, start } from "./support/simulator";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("directory writes", () => {
  it("coalesce a burst of fifty edits into a small fraction of that many atomic file writes", async () => {
    run = await start();
    const file = join(run.dataDir, "directory.json");
    let writes = 0;
    let sentinelSeen = false;
    // Each write goes to a temporary file that is renamed over the real one: one rename event per write.
    const watcher = watch(run.dataDir, (event, name) => {
      if (event === "rename" && name === "directory.json") writes++;
      if (name === "sentinel") sentinelSeen = true;
    });
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        run?.api<User>("POST", "/users", {
          userName: `burst${i}@example.com`,
          givenName: "B",
          familyName: `${i}`,
        }),
      ),
    );
    // The watcher delivers events in the order they happened, so once the sentinel written after the burst is
    // seen, every rename of the burst has been counted.
    writeFileSync(join(run.dataDir, "sentinel"), "");
    await vi.waitFor(() => expect(sentinelSeen).toBe(true));
    watcher.close();
    expect(created.every((r) => r?.status === 201)).toBe(true);
    const onDisk = JSON.parse(readFileSync(file, "utf8")) as { users: User[] };
    expect(onDisk.users).toHaveLength(50);
    expect(writes).toBeGreaterThan(0);
    // One write runs at a time and carries every edit made while the one before it ran; how many that takes
    // depends on how fast the requests arrive (a loaded CI machine spreads them out), never one per edit.
    expect(writes).toBeLessThanOrEqual(16);
  });

  it("announce a change only once it is on disk", async () => {
    run = await start();
    const file = join(run.dataDir, "directory.json");
    const seenOnDisk: boolean[] = [];
    run.sim.directory.on((event) => {
      if (event.type !== "user.created") return;
      const onDisk = JSON.parse(readFileSync(file, "utf8")) as { users: User[] };
      seenOnDisk.push(onDisk.users.some((u) => u.id === event.user.id));
    });
    await Promise.all(
      [1, 2, 3].map((i) =>
        run?.api("POST", "/users", { userName: `d${i}@example.com`, givenName: "D", familyName: "E" }),
      ),
    );
    expect(seenOnDisk).toEqual([true, true, true]);
  });
});

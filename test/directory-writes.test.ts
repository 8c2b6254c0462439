import { readdirSync, readFileSync, statSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Group, User } from "../server/protocol";
import { type Running, start } from "./support/simulator";
import { readStoreSync } from "./support/store-file";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

/** What directory.json and its journals hold on disk right now, as text. */
function onDisk(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((name) => name === "directory.json" || name.startsWith("directory.json.journal."))
    .map((name) => readFileSync(join(dataDir, name), "utf8"))
    .join("\n");
}

describe("directory writes", () => {
  it("append what changed to a journal instead of rewriting directory.json, and a restart finds everything", async () => {
    run = await start();
    const file = join(run.dataDir, "directory.json");
    const snapshotBytes = statSync(file).size;
    let rewrites = 0;
    let sentinelSeen = false;
    // A whole-file write goes to a temporary file renamed over the real one: one rename event per rewrite.
    const watcher = watch(run.dataDir, (event, name) => {
      if (event === "rename" && name === "directory.json") rewrites++;
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
    expect(rewrites).toBe(0);
    expect(statSync(file).size).toBe(snapshotBytes);
    const journal = readdirSync(run.dataDir).filter((n) => n.startsWith("directory.json.journal."));
    expect(journal).toHaveLength(1);
    const lines = readFileSync(join(run.dataDir, journal[0] as string), "utf8")
      .trim()
      .split("\n");
    // One line per user created, each carrying that user only.
    expect(lines).toHaveLength(50);
    expect(lines.every((l) => (JSON.parse(l) as { path: string[] }).path[0] === "users")).toBe(true);
    await run.stop();
    run = await start({ dataDir: run.dataDir });
    expect((await run.api<User[]>("GET", "/users")).body).toHaveLength(50);
  });

  it("cost the same few hundred bytes for one edit, whatever the directory's size", async () => {
    run = await start();
    const sizes: number[] = [];
    let made = 0;
    for (const total of [10, 1000]) {
      while (made < total) {
        const batch = Array.from({ length: Math.min(100, total - made) }, (_, i) => made + i);
        made += batch.length;
        await Promise.all(
          batch.map((n) =>
            run?.api("POST", "/users", { userName: `u${n}@example.com`, givenName: "U", familyName: `${n}` }),
          ),
        );
      }
      const [first] = run.sim.directory.listUsers();
      const before = onDisk(run.dataDir).length;
      await run.api("PATCH", `/users/${first?.id}`, { title: `Edited at ${total}` });
      sizes.push(onDisk(run.dataDir).length - before);
    }
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[0]).toBeLessThan(1000);
    expect(sizes[1]).toBeLessThan((sizes[0] ?? 0) * 1.2);
  });

  it("announce a change only once it is on disk", async () => {
    run = await start();
    const dataDir = run.dataDir;
    const seenOnDisk: boolean[] = [];
    run.sim.directory.on((event) => {
      if (event.type !== "user.created") return;
      seenOnDisk.push(onDisk(dataDir).includes(event.user.id));
    });
    await Promise.all(
      [1, 2, 3].map((i) =>
        run?.api("POST", "/users", { userName: `d${i}@example.com`, givenName: "D", familyName: "E" }),
      ),
    );
    expect(seenOnDisk).toEqual([true, true, true]);
  });

  it("journal every kind of change, so what is on disk replays to exactly what the API shows", async () => {
    run = await start();
    const make = async (userName: string, extra: Record<string, unknown> = {}) =>
      (await run?.api<User>("POST", "/users", { userName, givenName: "G", familyName: "F", ...extra }))?.body;
    const boss = await make("boss@example.com");
    const ann = await make("ann@example.com", { managerId: boss?.id, password: "s3cret-pass" });
    const bob = await make("bob@example.com");
    const team = (
      await run.api<Group>("POST", "/groups", { displayName: "Team", members: [boss?.id, ann?.id] })
    ).body;
    await run.api("PATCH", `/users/${ann?.id}`, { title: "Lead", password: "another-pass" });
    await run.api("PATCH", `/groups/${team.id}`, { displayName: "Core team", members: [ann?.id, bob?.id] });
    await run.api("POST", "/groups", { displayName: "Gone soon" });
    const gone = (await run.api<Group[]>("GET", "/groups")).body.find((g) => g.displayName === "Gone soon");
    await run.api("DELETE", `/groups/${gone?.id}`);
    // Deleting a manager clears the reports' managerId and drops the user from every group.
    await run.api("DELETE", `/users/${boss?.id}`);
    await run.api("PATCH", `/users/${bob?.id}`, { active: false });
    const shown = {
      users: (await run.api<User[]>("GET", "/users")).body,
      groups: (await run.api<Group[]>("GET", "/groups")).body,
    };
    const disk = readStoreSync<{ users: User[]; groups: Group[] }>(join(run.dataDir, "directory.json"));
    expect(disk.users).toEqual(shown.users);
    expect(disk.groups).toEqual(shown.groups);
    expect(shown.users.find((u) => u.id === ann?.id)).toMatchObject({ managerId: null, title: "Lead" });
  });
});

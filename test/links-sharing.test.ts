import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { User } from "../server/protocol";
import { openLinks } from "../server/provisioning/links";
import { tempDataDir } from "./support/simulator";
import { userRecord } from "./support/user-record";

const user = userRecord;

/** Everything the links store holds on disk: its snapshot and any journal beside it. */
async function onDisk(file: string): Promise<string> {
  const names = (await readdir(dirname(file))).filter((n) => n.startsWith("links.json"));
  return (await Promise.all(names.map((n) => readFile(join(dirname(file), n), "utf8")))).join("\n");
}

/** A links file with one pushed user, an engineer, whose copy is the directory's record. */
async function linkedEngineer() {
  const file = join(await tempDataDir(), "links.json");
  const before = user("u1", { title: "Engineer" });
  const directory = new Map<string, User>([["u1", before]]);
  const first = await openLinks(file);
  first.follow((id) => directory.get(id));
  await first.set("t1", "u1", { remoteId: "r1", pushed: before, at: "x" });
  return { file, before, directory, first };
}

describe("links and the directory's records", () => {
  it("write a pushed copy that is the directory's record as a reference, and read it back as that record", async () => {
    const file = join(await tempDataDir(), "links.json");
    const directory = new Map<string, User>([["u1", user("u1", { title: "Engineer" })]]);
    const first = await openLinks(file);
    first.follow((id) => directory.get(id));
    await first.set("t1", "u1", { remoteId: "r1", pushed: directory.get("u1") as User, at: "x" });
    await first.close();
    const text = await onDisk(file);
    expect(text).toMatch(/"sameAs":\s*"directory"/);
    expect(text).not.toContain("Engineer");

    const links = await openLinks(file);
    expect(links.follow((id) => directory.get(id))).toBe(1);
    expect(links.get("t1", "u1")?.pushed).toBe(directory.get("u1"));
    await links.close();
  });

  it("keep a copy of their own once the directory moves on, so a restart still knows what was pushed", async () => {
    const { file, before, directory, first } = await linkedEngineer();
    directory.set("u1", { ...before, title: "Manager", updatedAt: "2026-02-01T00:00:00.000Z" });
    await first.keepCopy("t1", "u1");
    await first.close();

    const links = await openLinks(file);
    expect(links.follow((id) => directory.get(id))).toBe(0);
    expect(links.get("t1", "u1")?.pushed.title).toBe("Engineer");
    await links.close();
  });

  it("count every field as changed when a referenced record moved on without a copy being kept", async () => {
    const { file, before, directory, first } = await linkedEngineer();
    await first.close();
    // As after a crash between the directory's write and the link's copy.
    directory.set("u1", { ...before, title: "Manager", updatedAt: "2026-02-01T00:00:00.000Z" });

    const links = await openLinks(file);
    links.follow((id) => directory.get(id));
    expect(links.get("t1", "u1")?.pushed.title).toBeUndefined();
    expect(links.get("t1", "u1")?.remoteId).toBe("r1");
    await links.close();
  });

  it("share the directory's record when an older file holds a whole copy equal to it", async () => {
    const file = join(await tempDataDir(), "links.json");
    const first = await openLinks(file);
    await first.set("t1", "same", { remoteId: "r1", pushed: user("same"), at: "x" });
    await first.set("t1", "edited", { remoteId: "r2", pushed: user("edited"), at: "x" });
    await first.close();
    const directory = new Map([
      ["same", user("same")],
      ["edited", user("edited", { title: "Engineer", updatedAt: "2026-02-01T00:00:00.000Z" })],
    ]);
    const links = await openLinks(file);
    expect(links.follow((id) => directory.get(id))).toBe(1);
    expect(links.get("t1", "same")?.pushed).toBe(directory.get("same"));
    expect(links.get("t1", "edited")?.pushed.title).toBeNull();
    await links.close();
  });
});

import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CycleRecord, Exchange, User } from "../server/protocol";
import { openLinks } from "../server/provisioning/links";
import { fileIdentity } from "../server/store/private-file";
import { type Running, start, tempDataDir } from "./support/simulator";
import { userRecord } from "./support/user-record";

/**
 * A links file and a directory file side by side, with one user whose pushed copy is the directory's record, as
 * a clean stop leaves them. `record` is what the directory holds in memory from now on.
 */
async function sealedPair() {
  const dir = await tempDataDir();
  const [file, directoryFile] = [join(dir, "links.json"), join(dir, "directory.json")];
  await writeFile(directoryFile, '{"users":[]}');
  const engineer = userRecord("u1", { title: "Engineer" });
  const directory = new Map<string, User>([["u1", engineer]]);
  const first = await openLinks(file, directoryFile);
  first.follow((id) => directory.get(id));
  await first.set("t1", "u1", { remoteId: "r1", pushed: engineer, at: "x" });
  // As the directory store hands it over at a clean stop: the version of its file that it wrote last.
  await first.close(await fileIdentity(directoryFile));
  // What the directory holds at the next start. In a real pair it is the record referenced; here it differs, so
  // whether the next start checked the reference's digest shows in what the link ends up holding.
  const record = userRecord("u1", { title: "Manager", updatedAt: "2026-02-01T00:00:00.000Z" });
  directory.set("u1", record);
  return { file, directoryFile, directory, record };
}

describe("the seal between the links file and the directory file", () => {
  it("is written at a clean stop, naming the directory file as it was left", async () => {
    const { file } = await sealedPair();
    expect(JSON.parse(await readFile(file, "utf8")).sealedWith).toMatch(/^\d+:\d+:\d+$/);
  });

  it("lets the next start take the references as they are while neither file has changed since", async () => {
    const { file, directoryFile, directory, record } = await sealedPair();
    const links = await openLinks(file, directoryFile);
    expect(links.follow((id) => directory.get(id))).toBe(1);
    expect(links.get("t1", "u1")?.pushed).toBe(record);
    await links.close();
  });

  it("is broken by any write of the directory file, and every digest is checked again", async () => {
    const { file, directoryFile, directory } = await sealedPair();
    await writeFile(directoryFile, '{"users":[] }');
    const links = await openLinks(file, directoryFile);
    expect(links.follow((id) => directory.get(id))).toBe(0);
    expect(links.get("t1", "u1")?.pushed.title).toBeUndefined();
    expect(links.get("t1", "u1")?.remoteId).toBe("r1");
    await links.close();
  });

  it("is broken by a links journal left behind, as after a crash", async () => {
    const { file, directoryFile, directory } = await sealedPair();
    const running = await openLinks(file, directoryFile);
    running.follow((id) => directory.get(id));
    await running.set("t1", "u2", { remoteId: "r2", pushed: userRecord("u2"), at: "x" });
    // No close: the process died here, with the change in the journal only.
    const replayed = await openLinks(file, directoryFile);
    replayed.follow((id) => directory.get(id));
    expect(replayed.get("t1", "u1")?.pushed.title).toBeUndefined();
    expect(replayed.get("t1", "u2")?.remoteId).toBe("r2");
    // It died again before a clean stop. The journal was folded into the snapshot at the last start, so none is
    // left to replay; the seal must have gone with it.
    const links = await openLinks(file, directoryFile);
    links.follow((id) => directory.get(id));
    expect(links.get("t1", "u1")?.pushed.title).toBeUndefined();
    await links.close();
  });

  it("means nothing to a links store opened without a directory file: its digests are always checked", async () => {
    const { file, directory } = await sealedPair();
    const links = await openLinks(file);
    links.follow((id) => directory.get(id));
    expect(links.get("t1", "u1")?.pushed.title).toBeUndefined();
    await links.close();
  });
});

/**
 * A user pushed by a sync to `peer`'s embedded org, which outlives the restarts of `first`; only a sync sends to
 * it (a manual target), so a later run's cycle is incremental. Returns the target, the user and a way to read the
 * user back from the peer, and leaves `first` stopped.
 */
async function pushedToPeer(first: Running, peer: Running, userName: string) {
  const { body: target } = await first.api<{ id: string }>("POST", "/targets", {
    name: "outlives the restarts",
    baseUrl: peer.sim.orgUrl(),
    auth: { type: "bearer", token: peer.sim.org.token },
    profile: "rfc",
    mode: "manual",
  });
  const { body: user } = await first.api<User>("POST", "/users", {
    userName,
    givenName: "Hand",
    familyName: "Edit",
  });
  expect((await first.api<CycleRecord>("POST", `/targets/${target.id}/sync`)).body.created).toBe(1);
  await first.stop();
  const onPeer = async () =>
    (
      await peer.scim<{ Resources: Array<{ title?: string }> }>(
        "GET",
        `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
      )
    ).body.Resources[0];
  return { target, user, onPeer };
}

describe("a directory file edited by hand between two runs", () => {
  it("has the edited user pushed in full by the next incremental cycle, whatever form its time is written in", async () => {
    const peer = await start();
    const first = await start();
    try {
      const { target, user, onPeer } = await pushedToPeer(first, peer, "hand.edit@example.com");

      const file = join(first.dataDir, "directory.json");
      const data = JSON.parse(await readFile(file, "utf8")) as { users: User[] };
      const onDisk = data.users.find((u) => u.id === user.id) as User;
      onDisk.title = "Edited by hand";
      // As a person might write the time: not the form the server writes, so it cannot be compared as text.
      onDisk.updatedAt = new Date(Date.now() + 1000).toISOString().replace("T", " ");
      await writeFile(file, JSON.stringify(data, null, 2));

      const second = await start({ dataDir: first.dataDir });
      const cycle = await second.api<CycleRecord>("POST", `/targets/${target.id}/sync`, {
        kind: "incremental",
      });
      expect(cycle.body).toMatchObject({ kind: "incremental", users: 1, failed: 0 });
      expect((await onPeer())?.title).toBe("Edited by hand");
      // What was pushed is unknown, so every field goes, but no filtered remove of a work email or phone that may
      // never have been there: the embedded org, strict as RFC 7644 asks, would answer 400 noTarget.
      const { body: log } = await second.api<{ Resources: Exchange[] }>("GET", "/log?count=5");
      const patch = log.Resources.find((e) => e.request.method === "PATCH");
      expect(patch?.response?.status).toBe(200);
      const ops = (patch?.request.body ?? { Operations: [] }) as { Operations: Array<{ path?: string }> };
      const paths = ops.Operations.map((o) => o.path);
      expect(paths).toContain("title");
      expect(paths.filter((path) => path?.includes("[type eq"))).toEqual([]);
      await second.stop(true);
    } finally {
      await peer.stop(true);
    }
  });

  it("is not sealed over by a stop when it was edited while the server ran", async () => {
    const peer = await start();
    const first = await start();
    try {
      const { target, user, onPeer } = await pushedToPeer(first, peer, "live.edit@example.com");
      // The clean stop sealed the links to the directory file as the store left it.
      const sealedWith = JSON.parse(await readFile(join(first.dataDir, "links.json"), "utf8")).sealedWith;
      expect(sealedWith).toBe(await fileIdentity(join(first.dataDir, "directory.json")));

      // A run that changes nothing in the directory, during which the file is edited by hand: the stop writes
      // no directory snapshot over the edit, and must not seal the links to the edited file.
      const second = await start({ dataDir: first.dataDir });
      const file = join(first.dataDir, "directory.json");
      const data = JSON.parse(await readFile(file, "utf8")) as { users: User[] };
      const onDisk = data.users.find((u) => u.id === user.id) as User;
      onDisk.title = "Edited while running";
      onDisk.updatedAt = new Date(Date.now() + 1000).toISOString();
      await writeFile(file, JSON.stringify(data, null, 2));
      await second.stop();

      const third = await start({ dataDir: first.dataDir });
      const cycle = await third.api<CycleRecord>("POST", `/targets/${target.id}/sync`, {
        kind: "incremental",
      });
      expect(cycle.body).toMatchObject({ users: 1, failed: 0, unchanged: 0 });
      expect((await onPeer())?.title).toBe("Edited while running");
      await third.stop(true);
    } finally {
      await peer.stop(true);
    }
  });
});

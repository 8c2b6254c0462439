import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Exchange, Target, User } from "../server/protocol";
import { createUser, exchangesOf, type Running, start, tempDataDir } from "./support/simulator";

type ListResponse = { totalResults: number; Resources: Array<{ id: string; userName: string }> };

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("state across restarts", () => {
  it("seeds twelve users and the embedded target on a first start, the same people every time", async () => {
    const first = await start({ seed: true });
    const names = (await first.api<User[]>("GET", "/users")).body.map((u) => u.userName);
    const targets = (await first.api<Target[]>("GET", "/targets")).body;
    await vi.waitFor(async () =>
      expect((await first.scim<ListResponse>("GET", "/Users")).body.totalResults).toBe(12),
    );
    await first.stop(true);

    run = await start({ seed: true });
    expect(names).toHaveLength(12);
    expect(new Set(names).size).toBe(12);
    expect((await run.api<User[]>("GET", "/users")).body.map((u) => u.userName)).toEqual(names);
    expect(targets).toEqual([
      expect.objectContaining({
        name: "Embedded org",
        profile: "rfc",
        mode: "on-edit",
        embedded: true,
        baseUrl: `${first.url}/target/scim/v2`,
      }),
    ]);
  });

  it("keeps users, links and the log, so a restart never re-creates a user on the target", async () => {
    run = await start({ seed: true });
    const dataDir = run.dataDir;
    const [target] = (await run.api<Target[]>("GET", "/targets")).body as [Target];
    await vi.waitFor(async () =>
      expect((await run?.scim<ListResponse>("GET", "/Users"))?.body.totalResults).toBe(12),
    );
    await run.sim.provisioner.idle();
    const extra = await createUser(run);
    await run.sim.provisioner.idle();
    const token = run.sim.org.token;
    const logged = (await run.api<Exchange[]>("GET", "/log")).body.length;
    await run.stop();

    run = await start({ dataDir, seed: true });
    expect(run.sim.org.token).toBe(token);
    expect((await run.api<User[]>("GET", "/users")).body).toHaveLength(13);
    expect((await run.api<Exchange[]>("GET", "/log")).body.length).toBeGreaterThanOrEqual(logged);
    await run.api("PATCH", `/users/${extra.id}`, { title: "Returning" });
    await run.sim.provisioner.idle();
    const since = exchangesOf(run, target.id).slice(logged);
    expect(since.map((e) => e.request.method)).toEqual(["PATCH"]);
    const org = await run.scim<ListResponse>("GET", "/Users");
    expect(org.body.totalResults).toBe(13);
  });

  it("delivers an edit made while the process was down on the next start", async () => {
    run = await start({ seed: true });
    const dataDir = run.dataDir;
    await vi.waitFor(async () =>
      expect((await run?.scim<ListResponse>("GET", "/Users"))?.body.totalResults).toBe(12),
    );
    await run.sim.provisioner.idle();
    await run.stop();
    // Edit the directory file by hand, as if a write landed just before a crash.
    const file = join(dataDir, "directory.json");
    const data = JSON.parse(await readFile(file, "utf8")) as { users: User[] };
    (data.users[0] as User).title = "Edited offline";
    await writeFile(file, JSON.stringify(data));
    run = await start({ dataDir });
    await vi.waitFor(async () => {
      const res = await run?.scim<{ Resources: Array<{ title?: string }> }>(
        "GET",
        `/Users?filter=${encodeURIComponent(`userName eq "${data.users[0]?.userName}"`)}`,
      );
      expect(res?.body.Resources[0]?.title).toBe("Edited offline");
    });
  });

  it("refuses to start on a corrupt data file, names it, and leaves it untouched", async () => {
    const dataDir = await tempDataDir();
    const file = join(dataDir, "directory.json");
    await writeFile(file, '{"users": [ {"id": "1", ');
    const result = spawnSync(
      process.execPath,
      ["bin/scimulator.mjs", "start", "--port", "0", "--data", dataDir],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain("not valid JSON");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await readFile(file, "utf8")).toBe('{"users": [ {"id": "1", ');
  });

  it("refuses a second server on a data directory in use, naming the holder, and takes over a dead one's lock", async () => {
    run = await start();
    await createUser(run, { userName: "kept@example.com" });
    await run.sim.close();
    const before = await readFile(join(run.dataDir, "directory.json"), "utf8");
    run = await start({ dataDir: run.dataDir });
    const second = spawnSync(process.execPath, ["bin/scimulator.mjs", "--port", "0", "--data", run.dataDir], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(
      `the data directory ${run.dataDir} is in use by another SCIMulator (pid ${process.pid})`,
    );
    expect(await readFile(join(run.dataDir, "directory.json"), "utf8")).toBe(before);
    await run.sim.close();
    // A lock whose process is gone (a crash, a kill -9) does not keep the directory locked.
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    await writeFile(join(run.dataDir, "scimulator.lock"), dead.stdout.trim());
    run = await start({ dataDir: run.dataDir });
    expect((await run.api<User[]>("GET", "/users")).body.map((u) => u.userName)).toEqual([
      "kept@example.com",
    ]);
  });

  it("exits with a usage message on an unknown flag or a bad port", () => {
    const bad = spawnSync(process.execPath, ["bin/scimulator.mjs", "start", "--port", "70000"], {
      encoding: "utf8",
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--port must be a port number from 0 to 65535");
    const unknown = spawnSync(process.execPath, ["bin/scimulator.mjs", "start", "--colour"], {
      encoding: "utf8",
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown option --colour");
  });
});

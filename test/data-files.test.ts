import { spawnSync } from "node:child_process";
import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSimulator } from "../server/simulator";
import { DataFileError } from "../server/store/json-file";
import { createUser, embeddedTarget, start, tempDataDir } from "./support/simulator";

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** Starts the real CLI on a data directory and returns how it ended. */
const startCli = (dataDir: string) =>
  spawnSync(process.execPath, ["bin/scimulator.mjs", "start", "--port", "0", "--data", dataDir], {
    encoding: "utf8",
    timeout: 20_000,
  });

describe("data files that cannot be used", () => {
  it.each([
    ["directory.json", "", /directory\.json: is empty \(0 bytes\)/],
    ["directory.json", "  \n", /directory\.json: is empty \(3 bytes\)/],
    ["target-org.json", "", /target-org\.json: is empty/],
    [
      "directory.json",
      '{"users":{},"groups":[],"targets":[]}',
      /directory\.json: not a directory file \(users: /,
    ],
    ["directory.json", '{"users":[{"id":1}]}', /directory\.json: not a directory file \(users\.0\.id: /],
    ["links.json", '{"targets":{"t":{"users":[]}}}', /links\.json: not a links file \(targets\.t\.users: /],
    ["outbox.json", '{"entries":[1]}', /outbox\.json: not a provisioning outbox \(entries: /],
    ["log.json", '{"exchanges":{}}', /log\.json: not an exchange log \(exchanges: /],
    [
      "cycles.json",
      '{"targets":{"t":{"watermark":null,"history":[],"quarantine":null,"running":{"cycleId":"c","kind":"sideways","fix":false,"startedAt":""}}}}',
      /cycles\.json: not a cycle history file \(targets\.t\.running\.kind: /,
    ],
    ["passwords.json", '{"key":"k","passwords":[]}', /passwords\.json: not a passwords file \(passwords: /],
  ])(
    "stop start-up when %s holds %j, naming the file and the problem, and leave it untouched",
    async (name, text, message) => {
      const dataDir = await tempDataDir();
      const file = join(dataDir, name);
      await writeFile(file, text);
      const result = startCli(dataDir);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain(file);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(await readFile(file, "utf8")).toBe(text);
      await expect(createSimulator({ dataDir, uiDir: null })).rejects.toBeInstanceOf(DataFileError);
      expect(await readFile(file, "utf8")).toBe(text);
    },
  );

  it("keeps the org token and the directory when the process restarts, so only a missing file means a first start", async () => {
    const run = await start({ seed: true });
    const token = run.sim.org.token;
    const users = (await run.api<unknown[]>("GET", "/users")).body.length;
    await run.stop();
    const again = await start({ dataDir: run.dataDir, seed: true });
    expect(again.sim.org.token).toBe(token);
    expect((await again.api<unknown[]>("GET", "/users")).body).toHaveLength(users);
    await again.stop(true);
  });
});

describe("secrets at rest", () => {
  it("creates the data directory 0700 and every data file 0600, and keeps them so after writes", async () => {
    const run = await start({ dataDir: join(await tempDataDir(), "fresh") });
    await embeddedTarget(run);
    await createUser(run);
    await run.sim.provisioner.idle();
    await run.sim.log.flush();
    expect(await modeOf(run.dataDir)).toBe(0o700);
    const files = (await readdir(run.dataDir)).filter((n) => !n.startsWith("."));
    expect(files).toEqual(
      expect.arrayContaining([
        "directory.json",
        "passwords.json",
        "links.json",
        "target-org.json",
        "log.json",
      ]),
    );
    for (const name of files) expect(await modeOf(join(run.dataDir, name)), name).toBe(0o600);
    await run.stop(true);
  });

  it("repairs the modes of an existing data directory at start-up", async () => {
    const dataDir = await tempDataDir();
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, "directory.json"), '{"users":[],"groups":[],"targets":[]}');
    await writeFile(join(dataDir, "notes.txt"), "kept");
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, "directory.json"), 0o644);
    await chmod(join(dataDir, "notes.txt"), 0o666);
    const run = await start({ dataDir });
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(join(dataDir, "directory.json"))).toBe(0o600);
    expect(await modeOf(join(dataDir, "notes.txt"))).toBe(0o600);
    await run.stop(true);
  });
});

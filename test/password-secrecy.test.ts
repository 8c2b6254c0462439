import { createHash } from "node:crypto";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiError, Exchange, PreviewItem, Target, User } from "../server/protocol";
import { parseScenario } from "../server/scenarios/load";
import { toHar } from "../server/scenarios/report-har";
import { toHtmlReport } from "../server/scenarios/report-html";
import { toJUnitXml } from "../server/scenarios/report-junit";
import { runScenario } from "../server/scenarios/runner";
import { prepareTarget } from "../server/scenarios/setup";
import { createUser, embeddedTarget, exchangesOf, listen, type Running, start } from "./support/simulator";

// The directory password is write-only: it goes to the app in clear and is shown nowhere else.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const FIRST = "first-Secret-71c0a9";
const SECOND = "second-Secret-4be2d3";
const PASSWORDS_FILE = "passwords.json";

async function dataFiles(dir: string): Promise<Record<string, string>> {
  const names = await readdir(dir);
  const texts = await Promise.all(names.map((n) => readFile(join(dir, n), "utf8")));
  return Object.fromEntries(names.map((n, i) => [n, texts[i] ?? ""]));
}

describe("a directory password", () => {
  it("reaches the app in clear yet never shows in the users API, the log, /ws or any data file but its own 0600 one", async () => {
    run = await start();
    const live = await listen(run.url);
    const target = await embeddedTarget(run, { profile: "okta", options: { passwordSync: true } });
    const user = await createUser(run, { password: FIRST });
    expect(user.passwordSet).toBe(true);
    await run.sim.provisioner.idle();
    await run.api("PATCH", `/users/${user.id}`, { password: SECOND });
    await run.sim.provisioner.idle();
    await run.api("PATCH", `/users/${user.id}`, { title: "Analyst" });
    await run.sim.provisioner.idle();

    // What was sent: the create's password, the PATCH of the new one and the PUT that carries it, each redacted.
    const sent = exchangesOf(run, target.id).map(
      (e) => `${e.request.method} ${JSON.stringify(e.request.body)}`,
    );
    expect(sent.filter((line) => line.includes('"password":"[redacted]"'))).toEqual([
      expect.stringMatching(/^POST /),
      expect.stringMatching(/^PATCH .*"value":\{"password":"\[redacted\]"\}/),
      expect.stringMatching(/^PUT /),
    ]);
    const users = await run.api<User[]>("GET", "/users");
    const one = await run.api<User>("GET", `/users/${user.id}`);
    expect(one.body).toMatchObject({ passwordSet: true, title: "Analyst" });
    expect(one.body).not.toHaveProperty("password");
    const log = await run.api<Exchange[]>("GET", "/log");
    await vi.waitFor(() =>
      expect(live.messages.some((m) => m.type === "exchange" && m.exchange.request.method === "PUT")).toBe(
        true,
      ),
    );
    expect(live.messages).toContainEqual(
      expect.objectContaining({
        type: "directory",
        event: expect.objectContaining({ changed: ["password"] }),
      }),
    );
    live.close();
    await run.sim.close();

    const files = await dataFiles(run.dataDir);
    const shown = {
      users: JSON.stringify(users.body),
      user: JSON.stringify(one.body),
      log: JSON.stringify(log.body),
      ws: JSON.stringify(live.messages),
      ...Object.fromEntries(Object.entries(files).filter(([name]) => name !== PASSWORDS_FILE)),
    };
    for (const [where, text] of Object.entries(shown)) {
      expect(text, where).not.toContain(FIRST);
      expect(text, where).not.toContain(SECOND);
    }
    // The org got it in clear and kept only its hash; the links keep a digest of what was pushed.
    const hash = createHash("sha256").update(SECOND).digest("hex");
    expect(files["target-org.json"]).toContain(hash);
    expect(
      Object.keys(files)
        .filter((n) => n.startsWith("links.json"))
        .map((n) => files[n])
        .join(),
    ).toMatch(/"passwordDigest": ?"[\w-]{43}"/);
    expect(files[PASSWORDS_FILE]).toContain(SECOND);
    expect(files[PASSWORDS_FILE]).not.toContain(FIRST);
    expect((await stat(join(run.dataDir, PASSWORDS_FILE))).mode & 0o777).toBe(0o600);
  });

  it("survives a restart with its key, so the start-up cycle pushes nothing again", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "okta", options: { passwordSync: true } });
    const user = await createUser(run, { password: FIRST });
    await run.sim.provisioner.idle();
    await run.stop();
    run = await start({ dataDir: run.dataDir });
    await run.sim.provisioner.idle();
    expect((await run.api<User>("GET", `/users/${user.id}`)).body.passwordSet).toBe(true);
    expect(run.sim.directory.passwordOf(user.id)).toBe(FIRST);
    const writes = exchangesOf(run, target.id).filter((e) => e.request.method !== "GET");
    expect(writes.map((e) => e.request.method)).toEqual(["POST"]);
  });

  it("is cleared by null and deleted with its user", async () => {
    run = await start();
    const kept = await createUser(run, { password: FIRST });
    const cleared = await run.api<User>("PATCH", `/users/${kept.id}`, { password: null });
    expect(cleared.body.passwordSet).toBe(false);
    expect(run.sim.directory.passwordOf(kept.id)).toBeNull();
    const gone = await createUser(run, { password: SECOND });
    expect((await run.api("DELETE", `/users/${gone.id}`)).status).toBe(204);
    const file = await readFile(join(run.dataDir, PASSWORDS_FILE), "utf8");
    expect(file).not.toContain(gone.id);
    expect(file).not.toContain(SECOND);
  });

  it("left behind by a crash between the two files' writes is dropped at the next start", async () => {
    run = await start();
    const user = await createUser(run, { password: FIRST });
    await run.stop();
    const file = join(run.dataDir, PASSWORDS_FILE);
    const stored = JSON.parse(await readFile(file, "utf8")) as {
      key: string;
      passwords: Record<string, string>;
    };
    await writeFile(file, JSON.stringify({ ...stored, passwords: { ...stored.passwords, gone: SECOND } }));
    run = await start({ dataDir: run.dataDir });
    expect(run.sim.directory.passwordOf(user.id)).toBe(FIRST);
    expect(await readFile(file, "utf8")).not.toContain(SECOND);
  });

  it("shows as a placeholder in a dry run of the target that would push it", async () => {
    run = await start();
    const target = await embeddedTarget(run, {
      profile: "okta",
      mode: "manual",
      options: { passwordSync: true },
    });
    await createUser(run, { password: FIRST });
    const preview = await run.api<PreviewItem[]>("GET", `/targets/${target.id}/preview?kind=full`);
    const post = preview.body[0]?.exchanges.find((e) => e.method === "POST");
    expect(post?.body).toMatchObject({ password: "[directory password]" });
    expect(JSON.stringify(preview.body)).not.toContain(FIRST);
  });
});

describe("a scenario that sets passwords", () => {
  it("names them [redacted] in its step labels, HAR, JUnit and HTML report", async () => {
    run = await start();
    const scenario = parseScenario(
      [
        "name: password sync",
        "target: { profile: okta, options: { passwordSync: true } }",
        "steps:",
        `  - create user: { as: alice, password: "${FIRST}" }`,
        "  - expect user: { user: alice }",
        `  - update user: { user: alice, password: "${SECOND}" }`,
        '  - expect traffic: { method: PATCH, path: "/Users/{alice}", count: 1 }',
      ].join("\n"),
      "password.yaml",
      { run: "pw1" },
    );
    const target: Target = await prepareTarget(run.sim, run.sim.orgUrl, scenario, {});
    const result = await runScenario(scenario, {
      host: run.sim,
      target,
      external: false,
      seed: 1,
      runTag: "pw1",
    });
    expect(result.status).toBe("passed");
    expect(result.steps[0]?.label).toBe("create user alice password [redacted]");
    const reports = [JSON.stringify(toHar([result])), toJUnitXml([result]), toHtmlReport([result])];
    expect(reports[0]).toContain('\\"password\\":\\"[redacted]\\"');
    for (const text of reports) {
      expect(text).not.toContain(FIRST);
      expect(text).not.toContain(SECOND);
    }
  });
});

describe.each<[string, unknown, string]>([
  ["a number", 5, "must be a string, or null to clear it"],
  ["an empty string", "", "must not be empty (null clears the password)"],
  ["300 characters", "x".repeat(300), "must be at most 256 characters"],
])("a password given as %s", (_label, password, message) => {
  it("is refused with a 400 that names the field, and nothing is stored", async () => {
    run = await start();
    const created = await run.api<ApiError>("POST", "/users", {
      userName: "bad.password@example.com",
      givenName: "Bad",
      familyName: "Password",
      password,
    });
    expect(created.status).toBe(400);
    expect(created.body.error).toContain("password");
    expect(created.body.details).toEqual([{ path: "password", message }]);
    expect((await run.api<User[]>("GET", "/users")).body).toEqual([]);

    const user = await createUser(run);
    const patched = await run.api<ApiError>("PATCH", `/users/${user.id}`, { title: "Changed", password });
    expect(patched.status).toBe(400);
    expect(patched.body.details).toEqual([{ path: "password", message }]);
    const after = (await run.api<User>("GET", `/users/${user.id}`)).body;
    expect(after).toEqual(user);
    const file = JSON.parse(await readFile(join(run.dataDir, PASSWORDS_FILE), "utf8")) as {
      passwords: Record<string, string>;
    };
    expect(file.passwords).toEqual({});
  });
});

import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Exchange, LiveMessage, Target, User } from "../server/protocol";
import { parseScenario, ScenarioError } from "../server/scenarios/load";
import { SCHEMA_FILE, schemaText } from "../server/scenarios/write-schema";
import { startBetterAuthScimServer } from "./support/better-auth-scim-server";
import { scimulator } from "./support/cli";
import { startScimmyServer } from "./support/scimmy-server";
import { listen, type Running, start } from "./support/simulator";

/** `scimulator run …` in its own process. */
const cli = (args: string[]) => scimulator(["run", ...args]);

let run: Running | undefined;
let scimmy: Awaited<ReturnType<typeof startScimmyServer>> | undefined;
let betterAuth: Awaited<ReturnType<typeof startBetterAuthScimServer>> | undefined;
afterEach(async () => {
  await run?.stop(true);
  await scimmy?.close();
  await betterAuth?.close();
  run = scimmy = betterAuth = undefined;
});

describe("the shipped scenarios", () => {
  it("all pass against the embedded org, with JUnit, HAR and an HTML report written", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-reports-"));
    const [junit, har, report] = ["junit.xml", "traffic.har", "report.html"].map((f) => join(dir, f)) as [
      string,
      string,
      string,
    ];
    // The bulk scenario runs at 200 people here; `npm run bench` runs it at its full 1,000.
    const result = await cli([
      "scenarios",
      "--var",
      "users=200",
      "--junit",
      junit,
      "--har",
      har,
      "--report",
      report,
    ]);
    expect(result.err).toBe("");
    // Eleven files; the rename runs under four dialects, the comparison under three, the sign-in under two.
    expect(result.out).toMatch(/scenarios: 18 passed, 0 failed, 0 skipped/);
    expect(result.code).toBe(0);
    expect(result.out).toContain("200 × POST /Users");
    expect(result.out).toMatch(/deprovisioned in \d+\.\d+ s \(IPSIE's goal: 300 s\)/);
    const xml = await readFile(junit, "utf8");
    expect(xml.match(/<testsuite /g)).toHaveLength(18);
    expect(xml).not.toContain("<failure");
    const log = JSON.parse(await readFile(har, "utf8")) as {
      log: {
        version: string;
        entries: Array<{ request: { headers: Array<{ name: string; value: string }> } }>;
      };
    };
    expect(log.log.version).toBe("1.2");
    expect(log.log.entries.length).toBeGreaterThan(400);
    const auth = log.log.entries[0]?.request.headers.find((h) => h.name === "authorization");
    expect(auth?.value).toBe("Bearer [redacted]");
    expect(await readFile(report, "utf8")).toContain("Joiner, mover, leaver");
  }, 180_000);

  it("run against a third-party SCIM server (SCIMMY), skipping those that need the embedded org", async () => {
    scimmy = await startScimmyServer();
    const dir = await mkdtemp(join(tmpdir(), "scimulator-ext-"));
    const junit = join(dir, "junit.xml");
    // The whole shipped suite, as a tester runs it against their own server.
    const result = await cli([
      "scenarios",
      "--var",
      "users=50",
      "--target",
      scimmy.baseUrl,
      // As --token=VALUE: a random token may start with "-".
      `--token=${scimmy.token}`,
      "--junit",
      junit,
    ]);
    // The sign-in scenario's two dialects are skipped too: it sends Entra's "False" strings (requires lenient).
    // What the CLI printed to stderr comes with a failure, so a run that stops early says why.
    expect(result.out, result.err).toMatch(/scenarios: 9 passed, 0 failed, 9 skipped/);
    expect(result.code).toBe(0);
    expect(result.out).toContain("needs the embedded org");
    expect(await readFile(junit, "utf8")).toContain("<skipped");
    expect(scimmy.requests.some((r) => r.method === "POST" && r.url.endsWith("/Users"))).toBe(true);
  }, 120_000);

  it("run against a second, stricter SCIM server (better-auth), skipping those that need the embedded org", async () => {
    betterAuth = await startBetterAuthScimServer();
    // The whole shipped suite. This server takes Entra's "False" strings, so --lenient lets 10 run too.
    const result = await cli([
      "scenarios",
      "--var",
      "users=200",
      "--lenient",
      "--target",
      betterAuth.baseUrl,
      `--token=${betterAuth.token}`,
    ]);
    // 01, 02, 04, 05 and 08 once, 03 under four dialects, 10 under three, 11 under two (its sign-ins at
    // SCIMulator's own IdP); 06, 07 and 09's two dialects skipped.
    expect(result.out, `exit ${result.code}: ${result.err}`).toMatch(
      /scenarios: 14 passed, 0 failed, 4 skipped/,
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain("needs the embedded org");
    expect(result.out).toContain("200 × POST /Users");
    // The server refuses what it does not support; what every dialect sent, it accepted.
    const refused = betterAuth.requests.filter((r) => (r.status ?? 0) >= 400);
    expect(refused.map((r) => `${r.method} ${r.url} → ${r.status}`)).toEqual([]);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(betterAuth.requests.some((r) => r.method === method)).toBe(true);
    }
  }, 120_000);
});

describe("a scenario that fails", () => {
  it("names the step, the expected and the actual value and the exchange that shows it, and exits 1", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-fail-"));
    const file = join(dir, "fails.yaml");
    await writeFile(
      file,
      [
        "name: Wrong title",
        "steps:",
        "  - create user: { as: zed, givenName: Zed, familyName: Z, title: Intern }",
        "  - expect user: { user: zed, attributes: { title: CEO }, within: 1s }",
        "",
      ].join("\n"),
    );
    const result = await cli([file]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("✘ 02 expect user zed");
    expect(result.out).toContain('title is "Intern", expected "CEO"');
    expect(result.out).toContain('expected: "CEO"');
    expect(result.out).toContain('actual:   "Intern"');
    expect(result.out).toMatch(
      /exchange [0-9a-f-]{36}: POST http:\/\/127\.0\.0\.1:\d+\/target\/scim\/v2\/Users → 201/,
    );
  }, 60_000);

  it("fails at once with a 401 message when the target refuses the token", async () => {
    scimmy = await startScimmyServer();
    const result = await cli([
      "scenarios/02-rehire.yaml",
      "--target",
      scimmy.baseUrl,
      "--token",
      "wrong-token",
    ]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("the target answered 401: it refused the credentials; check the token");
    expect(result.out.match(/exchange [0-9a-f-]{36}/g)).toHaveLength(1);
    expect(scimmy.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
  }, 60_000);
});

describe("credentials for an external target", () => {
  it("sends a custom header when given --header, and the scenario passes through it", async () => {
    run = await start();
    const result = await cli([
      "scenarios/02-rehire.yaml",
      "--target",
      `${run.url}/target/scim/v2`,
      "--header",
      `Authorization: Bearer ${run.sim.org.token}`,
    ]);
    expect(result.out).toContain("✔ passed");
    expect(result.code).toBe(0);
    // The clean-up went through the same header: the server holds nothing the run made.
    expect(result.out).toContain("cleaned up the target: removed 1");
    expect((await run.scim<{ totalResults: number }>("GET", "/Users?count=0")).body.totalResults).toBe(0);
  }, 60_000);

  it("refuses --target without credentials, and malformed --basic or --header values", async () => {
    for (const [args, message] of [
      [["--target", "http://127.0.0.1:9/scim"], "--target needs credentials"],
      [["--target", "http://127.0.0.1:9/scim", "--basic", "nopassword"], "--basic takes username:password"],
      [["--target", "http://127.0.0.1:9/scim", "--header", "novalue"], '--header takes "Name: value"'],
    ] as const) {
      const result = await cli(["scenarios/02-rehire.yaml", ...args]);
      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
    }
  }, 60_000);
});

describe("broken scenario files", () => {
  const broken = (text: string) => {
    try {
      parseScenario(text, "broken.yaml");
    } catch (err) {
      if (err instanceof ScenarioError) return err.problems;
      throw err;
    }
    throw new Error("expected the file to be refused");
  };

  it("report YAML syntax errors with line and column", () => {
    expect(broken("name: x\nsteps:\n  - pause: [unclosed\n")).toEqual([
      expect.objectContaining({ file: "broken.yaml", line: 4, column: 1 }),
    ]);
  });

  it("report an unknown step, an unknown field, a wrong type and an unknown variable, each where it stands", () => {
    const problems = broken(
      [
        "name: Broken",
        "variables: { domain: example.com }",
        "steps:",
        "  - create user:",
        "      as: alice",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the scenario format's own ${variable} syntax
        "      userName: alice@${domian}",
        "      shoe: 42",
        "  - frobnicate: 1",
        "  - expect user: { user: alice, active: maybe }",
        "  - delete user: bob",
      ].join("\n"),
    );
    expect(problems).toEqual([
      {
        file: "broken.yaml",
        line: 6,
        column: 17,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the scenario format's own ${variable} syntax
        message: "steps.0.create user.userName: unknown variable ${domian} (known: domain)",
      },
      { file: "broken.yaml", line: 7, column: 13, message: 'steps.0.create user.shoe: unknown field "shoe"' },
      expect.objectContaining({
        line: 8,
        column: 5,
        message: expect.stringContaining('unknown step "frobnicate"'),
      }),
      expect.objectContaining({
        line: 9,
        column: 41,
        message: expect.stringContaining("steps.2.expect user.active"),
      }),
      expect.objectContaining({
        line: 10,
        column: 5,
        message: 'steps.3: no user "bob" was created before this step',
      }),
    ]);
  });

  it("say a missing field is required, and blame only the invalid create step, not the later steps using its handle", () => {
    expect(broken("steps:\n  - pause: hi\n")).toEqual([
      expect.objectContaining({ line: 1, message: "name: is required (string)" }),
    ]);
    expect(
      broken(
        [
          "name: x",
          "steps:",
          "  - create user: { as: carol, department: 7 }",
          "  - deactivate user: carol",
          "  - expect user: { user: carol, active: false }",
        ].join("\n"),
      ),
    ).toEqual([
      {
        file: "broken.yaml",
        line: 3,
        column: 43,
        message: "steps.0.create user.department: expected string, received number",
      },
    ]);
  });

  it("refuse a fault step in a scenario that does not declare it needs the embedded org", () => {
    expect(broken("name: x\nsteps:\n  - set fault: { status: 500 }\n")).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining("declare `requires: embedded`") }),
    ]);
  });

  it("make the CLI exit 2 without running anything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-broken-"));
    await writeFile(join(dir, "a.yaml"), "name: fine\nsteps:\n  - pause: hello\n");
    await writeFile(join(dir, "b.yaml"), "name: broken\nsteps:\n  - create user: { as: 1x }\n");
    const result = await cli([dir]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${join(dir, "b.yaml")}:3:`);
    expect(result.err).toContain("nothing was run");
    expect(result.out).not.toContain("▶");
  }, 30_000);

  it("keep the shipped JSON Schema in step with the loader", async () => {
    expect(await readFile(SCHEMA_FILE, "utf8")).toBe(schemaText());
  });
});

describe("scenarios from the API", () => {
  it("lists the shipped scenarios and runs one step by step in trainer mode, with progress on /ws", async () => {
    run = await start();
    const list = await run.api<Array<{ id: string; name: string; steps: number; problems: unknown[] }>>(
      "GET",
      "/scenarios",
    );
    expect(list.body.map((s) => s.id)).toContain("02-rehire");
    expect(list.body.every((s) => s.problems.length === 0)).toBe(true);
    const ws = await listen(run.url);
    const started = await run.api<{ runId: string }>("POST", "/scenarios/02-rehire/run", { stepping: true });
    expect(started.status).toBe(202);
    const { runId } = started.body;
    const scenarioMessages = () =>
      ws.messages.filter(
        (m): m is Extract<LiveMessage, { type: "scenario" }> => m.type === "scenario" && m.runId === runId,
      );
    for (let i = 0; i < 9; i++) {
      await vi.waitFor(() =>
        expect(scenarioMessages().filter((m) => m.phase === "paused")).toHaveLength(i + 1),
      );
      expect((await run.api("POST", `/scenarios/runs/${runId}/continue`)).status).toBe(200);
    }
    await vi.waitFor(
      () => expect(scenarioMessages().at(-1)).toMatchObject({ phase: "end", status: "passed" }),
      { timeout: 15_000 },
    );
    const paused = scenarioMessages().filter((m) => m.phase === "paused");
    expect(paused[4]).toMatchObject({
      label: "pause",
      caption: "Bob has left. His account is disabled on the target, not deleted.",
    });
    const done = await run.api<{ status: string; result: { steps: unknown[] } }>(
      "GET",
      `/scenarios/runs/${runId}`,
    );
    expect(done.body.status).toBe("passed");
    expect((await run.api("POST", `/scenarios/runs/${runId}/continue`)).status).toBe(409);
    expect((await run.api("POST", "/scenarios/nope/run", {})).status).toBe(404);
    const targets = (await run.api<Target[]>("GET", "/targets")).body;
    expect(targets.filter((t) => t.name.startsWith("Scenario: ")).map((t) => t.mode)).toEqual(["manual"]);
    ws.close();
  }, 60_000);

  it("lets a run's own target provision only the people it creates, and no other target touch them", async () => {
    run = await start({ seed: true });
    const r = run;
    const defaultTarget = (await r.api<Target[]>("GET", "/targets")).body[0] as Target;
    const seeded = (await r.api<User[]>("GET", "/users")).body.map((u) => u.userName);
    await r.sim.provisioner.idle();
    const before = r.sim.log.list().length;
    for (let i = 0; i < 3; i++) {
      const { runId } = (await r.api<{ runId: string }>("POST", "/scenarios/02-rehire/run", {})).body;
      const status = async () =>
        (await r.api<{ status: string }>("GET", `/scenarios/runs/${runId}`)).body.status;
      // The scenario's pause step waits for the trainer.
      await vi.waitFor(async () => expect(await status()).toBe("paused"), { timeout: 15_000 });
      await r.api("POST", `/scenarios/runs/${runId}/continue`);
      await vi.waitFor(async () => expect(await status()).toBe("passed"), { timeout: 15_000 });
    }
    const during = r.sim.log.list().slice(before);
    expect(during.filter((e) => e.targetId === defaultTarget.id)).toEqual([]);
    // Nor does the run's target reach for the seeded people when it is switched on.
    const text = (e: Exchange) => decodeURIComponent(e.request.url) + JSON.stringify(e.request.body ?? "");
    const mentions = during.filter((e) => seeded.some((name) => text(e).includes(name)));
    expect(mentions).toEqual([]);
    expect(during.filter((e) => e.request.method === "POST").map((e) => e.response?.status)).toEqual([
      201, 201, 201,
    ]);
    // Once a run is over its people stay its own: an edit reaches no other target, until they are kept.
    const bob = (await r.api<User[]>("GET", "/users")).body.find((u) => u.userName.startsWith("bob."));
    let mark = r.sim.log.list().length;
    await r.api("PATCH", `/users/${bob?.id}`, { title: "Returner" });
    await r.sim.provisioner.idle();
    expect(
      r.sim.log
        .list()
        .slice(mark)
        .filter((e) => e.targetId === defaultTarget.id),
    ).toEqual([]);
    // Kept, they are everyone's: the default target finds bob's account and links it, then follows his edits.
    mark = r.sim.log.list().length;
    await r.api("POST", "/scenarios/leftovers/keep");
    await vi.waitFor(() =>
      expect(
        r.sim.log
          .list()
          .slice(mark)
          .some((e) => e.targetId === defaultTarget.id),
      ).toBe(true),
    );
    await r.sim.provisioner.idle();
    mark = r.sim.log.list().length;
    await r.api("PATCH", `/users/${bob?.id}`, { title: "Returned" });
    await r.sim.provisioner.idle();
    const after = r.sim.log.list().slice(mark);
    expect(after.filter((e) => e.targetId === defaultTarget.id).map((e) => e.request.method)).toEqual([
      "PATCH",
    ]);
  }, 60_000);

  it("puts back the faults and the time scale a failed run set, since its clean-up steps were skipped", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-failing-"));
    await writeFile(
      join(dir, "failing.yaml"),
      [
        "name: Fails midway",
        "requires: embedded",
        "steps:",
        "  - set time scale: 50",
        "  - set fault: { status: 503, count: 100, path: /Groups }",
        "  - create user: { as: dana }",
        "  - expect user: { user: dana, active: false, within: 2s }",
        "  - clear faults",
        "  - set time scale: 1",
      ].join("\n"),
    );
    run = await start({ scenariosDir: dir });
    const started = await run.api<{ runId: string }>("POST", "/scenarios/failing/run", {});
    expect(started.status).toBe(202);
    const runId = started.body.runId;
    type Done = { status: string; result: { cleanup?: string; steps: Array<{ status: string }> } | null };
    await vi.waitFor(
      async () =>
        expect((await run?.api<Done>("GET", `/scenarios/runs/${runId}`))?.body.status).toBe("failed"),
      { timeout: 15_000 },
    );
    const done = (await run.api<Done>("GET", `/scenarios/runs/${runId}`)).body;
    expect(done.result?.steps.map((s) => s.status)).toEqual([
      "passed",
      "passed",
      "passed",
      "failed",
      "skipped",
      "skipped",
    ]);
    expect(done.result?.cleanup).toBe(
      "After the failure, the run cleared the faults it set and set the time scale back to 1.",
    );
    expect((await run.api<unknown[]>("GET", "/target-org/faults")).body).toEqual([]);
    expect((await run.api<{ scale: number }>("GET", "/clock")).body.scale).toBe(1);
  }, 30_000);
});

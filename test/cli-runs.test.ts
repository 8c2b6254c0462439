import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scimulator } from "./support/cli";
import { startScimmyServer } from "./support/scimmy-server";

// The scenario CLI as a tester uses it in CI against their own server: help, reports, clean runs, collisions
// and the verdicts it prints.

let scimmy: Awaited<ReturnType<typeof startScimmyServer>> | undefined;
afterEach(async () => {
  await scimmy?.close();
  scimmy = undefined;
});

// The token in the --token=VALUE form: a random base64url token starts with "-" one time in 64, and as a separate
// argument it would then read as an option (the CLI refuses that, and says to write --token=VALUE).
const against = (server: { baseUrl: string; token: string }) => [
  "--target",
  server.baseUrl,
  `--token=${server.token}`,
];

async function scenarioFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "scimulator-cli-")), "scenario.yaml");
  await writeFile(file, text);
  return file;
}

const activeUserNames = (server: NonNullable<typeof scimmy>) =>
  [...server.users.values()].filter((u) => u.active !== false).map((u) => String(u.userName));

// Each test spawns the CLI several times; on a busy two-core machine a spawn can take seconds.
describe("scimulator run's help and reports", { timeout: 120_000 }, () => {
  it("prints its usage and exit codes for run --help and help run, and exits 0", async () => {
    for (const args of [
      ["run", "--help"],
      ["help", "run"],
      ["run", "-h"],
    ]) {
      const result = await scimulator(args);
      expect(result.code).toBe(0);
      expect(result.out).toContain("scimulator run <file|folder|glob>...");
      expect(result.out).toContain("Exit codes:");
      expect(result.out).toContain("--keep");
    }
    const startHelp = await scimulator(["start", "--help"]);
    expect(startHelp.code).toBe(0);
    expect(startHelp.out).toContain("scimulator start [--port N]");
  });

  it("says where it wrote each report, with absolute paths", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-out-"));
    const result = await scimulator([
      "run",
      "scenarios/02-rehire.yaml",
      "--junit",
      join(dir, "j.xml"),
      "--har",
      join(dir, "t.har"),
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      `reports written:\n  JUnit XML   ${join(dir, "j.xml")}\n  HAR         ${join(dir, "t.har")}`,
    );
  });

  it("names JUnit test cases as the file writes its steps, the same on every run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-junit-"));
    const names = async (file: string) => {
      const result = await scimulator(["run", "scenarios/01-joiner-mover-leaver.yaml", "--junit", file]);
      expect(result.code).toBe(0);
      return [...(await readFile(file, "utf8")).matchAll(/<testcase classname="[^"]*" name="([^"]*)"/g)].map(
        (m) => m[1],
      );
    };
    const first = await names(join(dir, "1.xml"));
    const second = await names(join(dir, "2.xml"));
    expect(first.length).toBeGreaterThan(5);
    expect(second).toEqual(first);
    expect(first.some((n) => n?.includes(`userName alice.\${run}@`))).toBe(true);
  });

  it("explains an unquoted variable inside { } in plain words, with line and column, and exits 2", async () => {
    const file = await scenarioFile(
      `name: broken\nsteps:\n  - create user: { as: a, userName: \${run}@example.com, givenName: A, familyName: B }\n`,
    );
    const result = await scimulator(["run", file]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${file}:3:`);
    expect(result.err).toContain(
      `must be in quotes, or YAML reads its "{" as a new mapping: write "\${run}@example.com"`,
    );
  });
});

describe("a run against an external server", { timeout: 120_000 }, () => {
  it("removes every user and group it created when it ends, so the server is left as it was found", async () => {
    scimmy = await startScimmyServer();
    const result = await scimulator([
      "run",
      "scenarios/04-group-push.yaml",
      "scenarios/01-joiner-mover-leaver.yaml",
      ...against(scimmy),
    ]);
    // The run's own report says which step failed, should one fail.
    expect(result.code, `${result.out}\n${result.err}`).toBe(0);
    expect(result.out).toMatch(/cleaned up the target: removed \d+/);
    expect(scimmy.users.size).toBe(0);
    expect(scimmy.groups.size).toBe(0);
  });

  it("removes what it created after a failure too, and leaves everything with --keep", async () => {
    scimmy = await startScimmyServer();
    const failing = await scenarioFile(
      [
        "name: fails halfway",
        "steps:",
        `  - create user: { as: a, userName: "a.\${run}@example.com", givenName: A, familyName: B }`,
        "  - expect user: { user: a, attributes: { title: Nobody }, within: 1s }",
      ].join("\n"),
    );
    const failed = await scimulator(["run", failing, ...against(scimmy)]);
    expect(failed.code).toBe(1);
    expect(scimmy.users.size).toBe(0);
    const kept = await scimulator(["run", "scenarios/02-rehire.yaml", ...against(scimmy), "--keep"]);
    expect(kept.code).toBe(0);
    expect(kept.out).not.toContain("cleaned up the target");
    expect(activeUserNames(scimmy)).toHaveLength(1);
  });

  it("refuses to start when a userName it would create already exists there, unless --adopt", async () => {
    scimmy = await startScimmyServer();
    const file = await scenarioFile(
      [
        "name: fixed name",
        "steps:",
        "  - create user: { as: f, userName: fixed@example.com, givenName: F, familyName: X }",
        "  - expect user: { user: f }",
      ].join("\n"),
    );
    const existing = await fetch(`${scimmy.baseUrl}/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${scimmy.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "fixed@example.com",
      }),
    });
    expect(existing.status).toBe(201);
    const refused = await scimulator(["run", file, ...against(scimmy)]);
    expect(refused.code, refused.err).toBe(1);
    expect(refused.out).toContain("the target already holds fixed@example.com (");
    expect(refused.out).toContain("pass --adopt to run anyway");
    expect(scimmy.requests.filter((r) => r.method !== "GET" && r.method !== "POST")).toHaveLength(0);
    const adopted = await scimulator(["run", file, ...against(scimmy), "--adopt", "--keep"]);
    expect(adopted.code).toBe(0);
  });

  it("skips a scenario that needs a lenient server, and with --lenient shows the strict server's own refusal", async () => {
    scimmy = await startScimmyServer();
    const skipped = await scimulator(["run", "scenarios/10-compare-dialects.yaml", ...against(scimmy)]);
    expect(skipped.code).toBe(0);
    expect(skipped.out).toContain("needs a lenient server");
    const tried = await scimulator([
      "run",
      "scenarios/10-compare-dialects.yaml",
      ...against(scimmy),
      "--lenient",
    ]);
    expect(tried.code).toBe(1);
    expect(tried.out).toMatch(/the server answered 400 invalidValue: "[^"]+"/);
    expect(activeUserNames(scimmy)).toHaveLength(0);
  });

  it("fails at once on a wrong base URL with the connection test's reason", async () => {
    scimmy = await startScimmyServer();
    const result = await scimulator([
      "run",
      "scenarios/02-rehire.yaml",
      "--target",
      `${scimmy.baseUrl}/nope`,
      `--token=${scimmy.token}`,
    ]);
    expect(result.code, result.out + result.err).toBe(1);
    expect(result.out).toContain("the connection test failed: HTTP 404: no SCIM endpoint at this URL");
    expect(scimmy.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });
});

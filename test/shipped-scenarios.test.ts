import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBetterAuthScimServer } from "./support/better-auth-scim-server";
import { scimulator } from "./support/cli";
import { startScimmyServer } from "./support/scimmy-server";

// The shipped scenario suite run by `scimulator run scenarios`: against the embedded org with every report written,
// and against two third-party SCIM servers, skipping what needs the embedded org.

/** `scimulator run …` in its own process. */
const cli = (args: string[]) => scimulator(["run", ...args]);

let scimmy: Awaited<ReturnType<typeof startScimmyServer>> | undefined;
let betterAuth: Awaited<ReturnType<typeof startBetterAuthScimServer>> | undefined;
afterEach(async () => {
  await scimmy?.close();
  await betterAuth?.close();
  scimmy = betterAuth = undefined;
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

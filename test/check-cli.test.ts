import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseCheckArgs } from "../server/check-command";
import type { CheckReport } from "../server/protocol";
import { type BrokenScimServer, startBrokenScimServer } from "./support/broken-scim-server";
import { runCli } from "./support/cli";
import { type Running, start } from "./support/simulator";

const check = (args: string[]) => runCli("check", args);

/** Every tag closed in order and every & an entity: what an XML parser needs before it reads anything. */
function wellFormedXml(xml: string): boolean {
  const stack: string[] = [];
  for (const [tag] of xml.replace(/^<\?xml[^>]*\?>/, "").matchAll(/<[^>]*>/g)) {
    if (tag.endsWith("/>")) continue;
    const close = /^<\/([\w:-]+)>$/.exec(tag);
    if (close) {
      if (stack.pop() !== close[1]) return false;
    } else stack.push(/^<([\w:-]+)/.exec(tag)?.[1] ?? "?");
  }
  const text = xml.replace(/<[^>]*>/g, "");
  return stack.length === 0 && !/&(?!(amp|lt|gt|quot|#\d+|#39);)/.test(text) && !text.includes("<");
}

const testcases = (xml: string) => [...xml.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]);

let run: Running | undefined;
let proxy: BrokenScimServer | undefined;
afterEach(async () => {
  await proxy?.close();
  await run?.stop(true);
  run = proxy = undefined;
});

async function orgUsers(r: Running): Promise<number> {
  const users = await r.scim<{ totalResults: number }>("GET", "/Users");
  const groups = await r.scim<{ totalResults: number }>("GET", "/Groups");
  return users.body.totalResults + groups.body.totalResults;
}

describe("scimulator check", () => {
  it("refuses a bad command line with exit 2 and says what to fix", async () => {
    const url = "http://127.0.0.1:9/scim/v2";
    const cases: Array<[string[], string]> = [
      [[], "name the SCIM base URL"],
      [["ftp://example.com/scim", "--token=t"], "is not an http(s) URL"],
      [[url], "the check needs credentials"],
      [[url, "--token=t", "--no-auth"], "do not go together"],
      [[url, "--token=t", "--basic", "a:b"], "give one credential"],
      [[url, "--token=t", "--profile", "okta,azure"], "--profile azure"],
      [[url, "--token=t", "--rate", "0"], "--rate must be"],
      [[url, "--token=t", "--colour"], "unknown option --colour"],
      [[url, "--token", "-abc"], "write --token=VALUE"],
    ];
    for (const [args, message] of cases) expect(() => parseCheckArgs(args), args.join(" ")).toThrow(message);
    // The process itself: exit 2 with the message, and --help with the exit codes.
    const [noAuth, help] = await Promise.all([check([url]), check(["--help"])]);
    expect(noAuth.code).toBe(2);
    expect(noAuth.err).toContain("the check needs credentials");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/3 the server cannot be reached, or refuses the credentials/);
  });

  it("exits 3 when the server cannot be reached or refuses the credentials, and says which", async () => {
    run = await start();
    const [unreachable, refused] = await Promise.all([
      check(["http://127.0.0.1:9/scim/v2", "--token=t", "--profile", "okta"]),
      check([run.sim.orgUrl(), "--token=wrong", "--profile", "okta,entra"]),
    ]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.out).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/scim\/v2: ECONNREFUSED/);
    expect(refused.code).toBe(3);
    expect(refused.out).toContain("refused the credentials: HTTP 401");
  });

  it("writes well-formed JUnit, JSON and HTML with the same test case names on every run, and cleans up", async () => {
    run = await start();
    const dir = await mkdtemp(join(tmpdir(), "scimulator-check-"));
    const runOnce = async (n: number) => {
      const files = ["junit.xml", "report.json", "report.html"].map((f) => join(dir, `${n}-${f}`));
      const [junit = "", json = "", html = ""] = files;
      const result = await check([
        run?.sim.orgUrl() ?? "",
        `--token=${run?.sim.org.token}`,
        "--profile",
        "okta",
        "--profile=entra",
        "--rate",
        "1000",
        "--junit",
        junit,
        "--json",
        json,
        "--report",
        html,
      ]);
      for (const file of files) expect(result.out).toContain(file);
      return {
        result,
        junit: await readFile(junit, "utf8"),
        json: await readFile(json, "utf8"),
        html: await readFile(html, "utf8"),
      };
    };
    const [first, second] = await Promise.all([runOnce(1), runOnce(2)]);
    expect(first.result.code).toBe(1);
    expect(first.result.out).toMatch(/works with Okta\s+yes/);
    expect(first.result.out).toMatch(/works with Microsoft Entra ID\s+no/);
    expect(wellFormedXml(first.junit)).toBe(true);
    expect(testcases(first.junit)).toEqual(testcases(second.junit));
    expect(testcases(first.junit)).toContain("user.deactivate: Deactivate a user");
    expect(first.junit).toMatch(/<testsuite name="works with Okta \(okta\)" tests="23" failures="0"/);
    expect(first.junit).toMatch(
      /<testsuite name="works with Microsoft Entra ID \(entra\)" tests="25" failures="2" errors="0" skipped="2"/,
    );
    const report = JSON.parse(first.json) as CheckReport;
    expect(report).toMatchObject({ format: "scimulator-check/1", status: "done", outcome: "incompatible" });
    expect(report.cards.map((c) => [c.profile, c.grade])).toEqual([
      ["okta", "yes"],
      ["entra", "no"],
    ]);
    expect(first.html.startsWith("<!doctype html>")).toBe(true);
    expect(first.html).not.toMatch(/<link|<script src|<img/);
    for (const e of report.exchanges) expect(first.html).toContain(`id="exchange-${e.id}"`);
    expect(await orgUsers(run)).toBe(0);
  });

  it("runs without credentials only when told --no-auth, and then skips the wrong-credential check", async () => {
    run = await start();
    proxy = await startBrokenScimServer(run.sim.orgUrl(), {}, run.sim.org.token);
    const result = await check([proxy.baseUrl, "--no-auth", "--profile", "okta", "--rate", "1000"]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/– auth\.invalid .*\n\s+the server takes no credentials \(--no-auth\)/);
    expect(proxy.requests.every((r) => r.method !== "")).toBe(true);
    expect(await orgUsers(run)).toBe(0);
  });

  it("never sends more than --rate requests in any second, as the server counts them", async () => {
    run = await start();
    proxy = await startBrokenScimServer(run.sim.orgUrl(), {});
    const rate = 20;
    const result = await check([
      proxy.baseUrl,
      `--token=${run.sim.org.token}`,
      "--profile",
      "okta",
      "--rate",
      String(rate),
    ]);
    expect(result.code).toBe(0);
    const at = proxy.requests.map((r) => r.at);
    expect(at.length).toBeGreaterThan(2 * rate);
    // Any rate+1 requests in a row span a second or more, so no window of one second holds more than `rate`.
    for (let i = 0; i + rate < at.length; i++)
      expect((at[i + rate] ?? 0) - (at[i] ?? 0)).toBeGreaterThanOrEqual(1000);
    const perSecond = new Map<number, number>();
    for (const t of at) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(rate);
  });
});

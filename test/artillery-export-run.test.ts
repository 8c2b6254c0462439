import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { exportScript, type FlowRequest, requestsOf } from "./support/artillery-script";
import { orgBehindRecorderPerTest } from "./support/org-behind-recorder";

// `scimulator export artillery`: Artillery itself runs the script it writes against a real simulator's embedded
// org, and every request that arrives is one the script asks for.

const ROOT = resolve(import.meta.dirname, "..");
// Artillery is an optional dependency (a heavy install); CI installs it, so there its absence is a failure.
const artilleryInstalled = existsSync(join(ROOT, "node_modules", ".bin", "artillery"));

const orgBehindRecorder = orgBehindRecorderPerTest();

/**
 * A pattern for one flow request, `METHOD url body`: its text exactly, each Artillery expression standing for what
 * a virtual user puts there.
 */
function flowPattern(request: FlowRequest & { method: string }): RegExp {
  const text = `${request.method} ${request.url} ${request.body ?? ""}`.replace(
    /[.*+?^${}()|[\]\\]/g,
    "\\$&",
  );
  const free = text
    .replaceAll("\\{\\{ \\$uuid \\}\\}", "[0-9a-f-]{36}")
    .replaceAll("\\{\\{ userId \\}\\}", '[^"/?]+')
    .replaceAll("\\{\\{ \\$randomString\\(20\\) \\}\\}", "[A-Za-z0-9]{20}");
  return new RegExp(`^${free}$`);
}

describe("scimulator export artillery", () => {
  for (const profile of ["okta", "entra"] as const) {
    it(`runs under Artillery as ${profile}: five virtual users each create, move and deactivate a user of their own on the embedded org`, {
      timeout: 60_000,
    }, async () => {
      expect(artilleryInstalled, "Artillery, a devDependency, is not installed: run npm install").toBe(true);
      const { run, proxy } = await orgBehindRecorder();
      // Entra's "False" strings need a lenient org, as scenario runs of that dialect declare.
      if (profile === "entra")
        expect((await run.api("PATCH", "/target-org", { strict: false })).status).toBe(200);
      // okta's script names its target; entra's reads SCIM_BASE_URL, as a distributed run would.
      const fixed = profile === "okta" ? ["--target", proxy.baseUrl] : [];
      const { file, script } = await exportScript([
        "--profile",
        profile,
        "--users",
        "5",
        "--rate",
        "5",
        ...fixed,
      ]);
      const report = `${file}.json`;
      const result = await artillery(file, report, {
        SCIM_TOKEN: run.sim.org.token,
        ...(profile === "entra" ? { SCIM_BASE_URL: proxy.baseUrl } : {}),
      });
      expect(result.code, result.out).toBe(0);
      const counters = (
        JSON.parse(await readFile(report, "utf8")) as { aggregate: { counters: Record<string, number> } }
      ).aggregate.counters;
      expect(counters["vusers.created"]).toBe(5);
      expect(counters["vusers.completed"]).toBe(5);
      expect(counters["vusers.failed"] ?? 0).toBe(0);
      expect(counters["http.codes.201"]).toBe(5);

      // On the wire: the script's own requests, once per virtual user, each with the dialect's headers and no
      // other but what the HTTP client writes from the target and the body. (Okta reads the user twice, with
      // one request that is the same each time.)
      const flow = requestsOf(script).map((f) => ({ ...f, pattern: flowPattern(f) }));
      expect(proxy.requests).toHaveLength(5 * flow.length);
      const count = (list: string[]) => list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map());
      const arrivedAs: string[] = [];
      for (const arrived of proxy.requests) {
        const body = arrived.body === null ? "" : JSON.stringify(arrived.body);
        const line = `${arrived.method} ${arrived.rawUrl.replace(/^\/scim/, "")} ${body}`;
        const match = flow.find((f) => f.pattern.test(line));
        expect(match, line).toBeDefined();
        arrivedAs.push(match?.pattern.source ?? line);
        const headers = match?.headers ?? {};
        for (const [name, value] of Object.entries(headers))
          expect(arrived.headers[name], name).toBe(value.replace("{{ $env.SCIM_TOKEN }}", run.sim.org.token));
        const own = new Set([...Object.keys(headers), "host", "content-length"]);
        expect(Object.keys(arrived.headers).filter((h) => !own.has(h))).toEqual([]);
      }
      expect(count(arrivedAs)).toEqual(count(flow.flatMap((f) => Array(5).fill(f.pattern.source))));

      // On the org: five accounts, each with a userName of its own, moved and then disabled.
      const listed = await run.scim<{ Resources: Array<Record<string, unknown>> }>("GET", "/Users?count=100");
      const alices = listed.body.Resources.filter((u) => String(u.userName).startsWith("alice."));
      expect(new Set(alices.map((u) => u.userName)).size).toBe(5);
      for (const user of alices) {
        expect(user.active).toBe(false);
        expect(user.title).toBe("Solutions Engineer");
        expect(user.name).toMatchObject({ givenName: "Alice", familyName: "Liddell" });
        expect(user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]).toMatchObject({
          department: "Engineering",
        });
      }
    });
  }
});

/** `npx artillery run` in its own process, as a tester runs it; telemetry off, so nothing leaves the machine. */
function artillery(script: string, report: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string }>((done) => {
    const child = spawn("npx", ["--no", "artillery", "run", "--output", report, script], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        ARTILLERY_DISABLE_TELEMETRY: "true",
        NODE_OPTIONS: `--require ${join(ROOT, "test", "support", "artillery-offline.cjs")}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.stderr.on("data", (d) => {
      out += String(d);
    });
    child.on("close", (code) => done({ code, out }));
  });
}

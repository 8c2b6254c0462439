import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseExportArgs } from "../server/export/export-args";
import { exportArtillery } from "../server/export/export-artillery";
import type { Profile, RenderResult } from "../server/protocol";
import { RENDER_BASE_URL } from "../server/protocol";
import { RENDER_REMOTE_ID } from "../server/provisioning/dry-run";
import { scimulator } from "./support/cli";
import { type Recorded, startRecordingTarget } from "./support/recording-target";
import { type Running, start } from "./support/simulator";

// `scimulator export artillery`: the script it writes asks for exactly what the dialect renders, and Artillery
// itself runs it against a real simulator's embedded org.

const ROOT = resolve(import.meta.dirname, "..");
const SCENARIO = "scenarios/01-joiner-mover-leaver.yaml";
// Artillery is an optional dependency (a heavy install); CI installs it, so there its absence is a failure.
const artilleryInstalled = existsSync(join(ROOT, "node_modules", ".bin", "artillery"));

interface FlowRequest {
  url: string;
  headers: Record<string, string>;
  body?: string;
  gzip?: boolean;
  capture?: { json: string; as: string };
}
interface Script {
  config: { target: string; phases: Array<Record<string, number | string>> };
  scenarios: Array<{ name: string; flow: Array<Record<string, FlowRequest>> }>;
}

const requestsOf = (script: Script) =>
  (script.scenarios[0]?.flow ?? []).flatMap((step) =>
    Object.entries(step).map(([method, request]) => ({ method: method.toUpperCase(), ...request })),
  );

type Recorder = Awaited<ReturnType<typeof startRecordingTarget>>;
let running: { run: Running; proxy: Recorder } | undefined;
afterEach(async () => {
  await running?.proxy.close();
  await running?.run.stop(true);
  running = undefined;
});

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

/** The embedded org behind a recorder, so a test sees every request exactly as it arrived on the wire. */
async function orgBehindRecorder(): Promise<{ run: Running; proxy: Recorder }> {
  const run = await start();
  const org = run.sim.orgUrl();
  const proxy = await startRecordingTarget(async (req: Recorded) => {
    const res = await fetch(`${org}${req.rawUrl.replace(/^\/scim/, "")}`, {
      method: req.method,
      headers: Object.fromEntries(
        ["authorization", "content-type", "accept"].flatMap((h) =>
          req.headers[h] ? [[h, req.headers[h]]] : [],
        ),
      ),
      body: req.body === null ? undefined : JSON.stringify(req.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  });
  running = { run, proxy };
  return running;
}

const scriptFile = async () => join(await mkdtemp(join(tmpdir(), "scimulator-artillery-")), "scim-load.yml");

/** The exporter in this process, with the command line's own parsing. */
async function exportScript(args: string[], scenario = SCENARIO) {
  const file = await scriptFile();
  const options = parseExportArgs(["artillery", scenario, "--out", file, ...args]);
  if (!options) throw new Error("no options");
  const summary = await exportArtillery(options);
  return { file, summary, script: parse(await readFile(file, "utf8")) as Script };
}

/** What POST /api/dialects/render says the dialect sends for each change scenario 01 makes, in order. */
async function rendered(sim: Running, profile: Profile, userName: string) {
  const alice = {
    userName,
    givenName: "Alice",
    familyName: "Liddell",
    email: userName,
    department: "Sales",
    title: "Account Executive",
  };
  const changes = [
    { operation: "create", user: alice },
    { operation: "update", user: alice, changes: { department: "Engineering", title: "Solutions Engineer" } },
    { operation: "deactivate", user: { ...alice, department: "Engineering", title: "Solutions Engineer" } },
  ];
  const out: Array<{ method: string; url: string; headers: Record<string, string> }> = [];
  for (const change of changes) {
    const res = await sim.api<RenderResult>("POST", "/dialects/render", {
      ...change,
      profiles: [profile],
      baseUrl: RENDER_BASE_URL,
    });
    expect(res.status).toBe(200);
    for (const e of res.body.renderings[0]?.exchanges ?? []) {
      const { host: _host, "content-length": _length, authorization: _auth, ...headers } = e.headers;
      out.push({
        method: e.method,
        url: e.url.slice(RENDER_BASE_URL.length).replaceAll(RENDER_REMOTE_ID, "{{ userId }}"),
        headers: { ...headers, authorization: "Bearer {{ $env.SCIM_TOKEN }}" },
      });
    }
  }
  return out;
}

describe("scimulator export artillery", () => {
  it("prints its usage for export --help, and exits 2 with the reason for an unknown file or a bad number", async () => {
    const [help, missing, many] = await Promise.all([
      scimulator(["export", "--help"]),
      scimulator(["export", "artillery", "scenarios/no-such-file.yaml"]),
      scimulator(["export", "artillery", SCENARIO, "--users", "many"]),
    ]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("scimulator export artillery <scenario.yaml>");
    expect(help.out).toContain("SCIM_TOKEN");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("scenarios/no-such-file.yaml:1:1: cannot read the file");
    expect(many.code).toBe(2);
    expect(many.err).toContain('--users takes a whole number of at least 1, got "many"');
  });

  it("refuses an unknown profile or format and a rate below one, naming what it takes", () => {
    const bad: Array<[string[], string]> = [
      [["artillery", SCENARIO, "--profile", "okta2"], "--profile must be one of rfc, okta, okta-aiw, entra"],
      [["artillery", SCENARIO, "--rate", "0"], '--rate takes a whole number of at least 1, got "0"'],
      [["jmeter", SCENARIO], 'unknown export format "jmeter"; the one format is artillery'],
      [["artillery"], "name the scenario file to export"],
    ];
    for (const [args, reason] of bad) expect(() => parseExportArgs(args), args.join(" ")).toThrow(reason);
  });

  it("says where it wrote the script and how to run it here and on Artillery's distributed runners", async () => {
    const file = await scriptFile();
    const result = await scimulator([
      "export",
      "artillery",
      SCENARIO,
      "--out",
      file,
      "--users",
      "25",
      "--rate",
      "10",
    ]);
    expect(result.code).toBe(0);
    const { out } = result;
    const script = parse(await readFile(file, "utf8")) as Script;
    expect(out).toContain(`wrote ${file}`);
    expect(out).toContain(
      `SCIM_TOKEN=… SCIM_BASE_URL=https://app.example.com/scim/v2 npx artillery run ${file}`,
    );
    expect(out).toContain(
      `npx artillery run-fargate --region us-east-1 --count 10 --dotenv scim.env ${file}`,
    );
    // No --target: the base URL comes from the environment, and 25 users at 10/s take 3 seconds exactly.
    expect(script.config.target).toBe("{{ $env.SCIM_BASE_URL }}");
    expect(script.config.phases).toEqual([
      { name: "20 users at 10/s", duration: 2, arrivalRate: 10 },
      { name: "the last 5", duration: 1, arrivalCount: 5 },
    ]);
    // The one credential is the token, read when the script runs.
    const text = await readFile(file, "utf8");
    expect(text).toContain("authorization: Bearer {{ $env.SCIM_TOKEN }}");
    expect(text.match(/Bearer .*/g)?.every((b) => b === "Bearer {{ $env.SCIM_TOKEN }}")).toBe(true);
  });

  for (const profile of ["okta", "entra"] as const) {
    it(`writes ${profile}'s own requests: method, path, query and headers as the ${profile} dialect renders them`, async () => {
      const { run } = await orgBehindRecorder();
      const { script } = await exportScript(["--profile", profile]);
      const requests = requestsOf(script);
      const expected = await rendered(run, profile, "alice.R@example.com");
      expect(
        requests.map((r) => ({
          method: r.method,
          url: r.url.replaceAll("{{ $uuid }}", "R"),
          headers: r.headers,
        })),
      ).toEqual(expected);
      // The create's answer gives the id that every later path uses; nothing in the script is a credential.
      expect(requests.find((r) => r.method === "POST")?.capture).toEqual({ json: "$.id", as: "userId" });
      expect(JSON.stringify(script)).not.toContain(run.sim.org.token);
      if (profile === "entra")
        expect(requests[0]?.url).toContain("filter=userName+eq+%22alice.{{ $uuid }}%40");
    });
  }

  it("gives each of a scenario's users an id variable of its own, captured at that user's create", async () => {
    const { script, summary } = await exportScript(["--profile", "okta"], "scenarios/04-group-push.yaml");
    const requests = requestsOf(script);
    expect(requests.flatMap((r) => (r.capture ? [r.capture.as] : []))).toEqual([
      "userId_ana",
      "userId_ben",
      "userId_cy",
    ]);
    // Three creates, each a probe and a POST; the group steps have nothing of a user's own to send.
    expect(requests.map((r) => r.method)).toEqual(["GET", "POST", "GET", "POST", "GET", "POST"]);
    expect(summary.skipped).toContain(
      `create group eng displayName Engineering \${run}, members ["ana","ben"]`,
    );
  });

  it("probes by the old userName when a rename follows, as the dialect does against a live account", async () => {
    const rename = "scenarios/03-username-rename.yaml";
    // A scenario that runs under several dialects exports as the first it lists unless --profile picks one.
    expect((await exportScript([], rename)).summary.profile).toBe("rfc");
    const { script } = await exportScript(["--profile", "entra-scim062020"], rename);
    const [probe, , reprobe, patch] = requestsOf(script);
    expect(probe?.url).toBe("/Users?filter=userName+eq+%22carol.smith.{{ $uuid }}%40example.com%22");
    expect(reprobe?.url).toBe(probe?.url);
    const ops = (JSON.parse(patch?.body ?? "{}") as { Operations: Array<{ value?: { userName?: string } }> })
      .Operations;
    expect(ops.find((op) => op.value?.userName)?.value?.userName).toBe("carol.jones.{{ $uuid }}@example.com");
  });

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

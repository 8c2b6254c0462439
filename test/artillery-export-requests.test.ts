import { describe, expect, it } from "vitest";
import type { Profile, RenderResult } from "../server/protocol";
import { RENDER_BASE_URL } from "../server/protocol";
import { RENDER_REMOTE_ID } from "../server/provisioning/dry-run";
import { exportScript, requestsOf } from "./support/artillery-script";
import { orgBehindRecorderPerTest } from "./support/org-behind-recorder";
import type { Running } from "./support/simulator";

// `scimulator export artillery`: the script it writes asks for exactly what the dialect renders, with an id
// variable per user of the scenario and the probes the dialect sends around a rename.

const orgBehindRecorder = orgBehindRecorderPerTest();

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
});

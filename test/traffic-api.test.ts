import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError, Exchange, LogPage, RequestExplanation, Target, User } from "../server/protocol";
import type { Har } from "../server/scenarios/report-har";
import { createUser, embeddedTarget, exchangesOf, type Running, start } from "./support/simulator";
import { eventually } from "./support/ui-session";

let run: Running;
let rfc: Target;
let entra: Target;
let ada: User;
let grace: User;

const page = async (query: string) => {
  const res = await run.api<LogPage>("GET", `/log?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

beforeAll(async () => {
  run = await start();
  rfc = await embeddedTarget(run, { name: "Plain RFC", profile: "rfc" });
  ada = await createUser(run, { givenName: "Ada", familyName: "Lovelace", displayName: "Ada Lovelace" });
  grace = await createUser(run, { givenName: "Grace", familyName: "Hopper", displayName: "Grace Hopper" });
  // The rfc target creates both users; the Entra target, added after, links the accounts it finds. Added at once,
  // the two would race to create the same account, and which one wins would decide what each search finds.
  await run.sim.idle();
  entra = await embeddedTarget(run, { name: "Entra lab", profile: "entra", mode: "on-edit" });
  await run.sim.idle();
  await eventually(() =>
    expect([ada, grace].every((u) => run.sim.links.get(entra.id, u.id) !== undefined)).toBe(true),
  );
  await run.api("PATCH", `/users/${ada.id}`, { active: false });
  // The strict embedded org refuses Entra's "False" with a 400: a 4xx to search for.
  await eventually(() =>
    expect(
      exchangesOf(run, entra.id).some((e) => e.request.method === "PATCH" && e.cause.userId === ada.id),
    ).toBe(true),
  );
  await eventually(() =>
    expect(
      exchangesOf(run, rfc.id).some((e) => e.request.method === "PATCH" && e.cause.userId === ada.id),
    ).toBe(true),
  );
});
afterAll(async () => run.stop(true));

describe("searching the traffic on the server", () => {
  it("narrows by target (id or name), method, status class, path and cause, combined", async () => {
    const byName = await page("target=Entra%20lab&count=1000");
    expect(byName.totalResults).toBeGreaterThan(0);
    expect(byName.Resources.every((e) => e.targetId === entra.id)).toBe(true);
    expect((await page(`target=${entra.id}`)).totalResults).toBe(byName.totalResults);

    const patches = await page(`target=${rfc.id}&method=patch`);
    expect(patches.totalResults).toBeGreaterThan(0);
    expect(patches.Resources.every((e) => e.request.method === "PATCH" && e.targetId === rfc.id)).toBe(true);

    const refused = await page(`target=${entra.id}&status=4xx`);
    expect(
      refused.Resources.every((e) => (e.response?.status ?? 0) >= 400 && (e.response?.status ?? 0) < 500),
    ).toBe(true);
    expect(
      refused.Resources.some((e) => e.request.method === "PATCH" && e.cause.type === "user.deactivated"),
    ).toBe(true);
    const ok = await page(`target=${entra.id}&status=2xx&count=1000`);
    expect(ok.totalResults + refused.totalResults).toBe(byName.totalResults);

    const byPath = await page(
      `path=${encodeURIComponent(`userName eq "${grace.userName}"`)}&target=${rfc.id}`,
    );
    expect(byPath.totalResults).toBeGreaterThan(0);
    expect(
      byPath.Resources.every(
        (e) =>
          e.request.method === "GET" &&
          decodeURIComponent(e.request.url.replace(/\+/g, " ")).includes(grace.userName),
      ),
    ).toBe(true);

    const byCause = await page("cause=user.deactivated&count=1000");
    expect(byCause.Resources.length).toBeGreaterThanOrEqual(2);
    expect(byCause.Resources.every((e) => e.cause.type === "user.deactivated")).toBe(true);
  });

  it("finds a person's traffic by a piece of their name or by id, and names them next to their id", async () => {
    const byWho = await page("who=lovelace&count=1000");
    expect(byWho.totalResults).toBeGreaterThanOrEqual(4);
    expect(byWho.Resources.every((e) => e.cause.userId === ada.id)).toBe(true);
    expect(byWho.names).toEqual({ [ada.id]: "Ada Lovelace" });
    const byId = await page(`user=${ada.id}&count=1000`);
    expect(byId.Resources.map((e) => e.id)).toEqual(byWho.Resources.map((e) => e.id));
    expect((await page("who=nobody-by-that-name")).totalResults).toBe(0);
  });

  it("lists the log in strict order of when each exchange started", async () => {
    const all = await page("count=1000");
    const times = all.Resources.map((e) => e.at);
    expect(times).toEqual([...times].sort());
  });

  it("keeps the plain array for a bare GET /api/log and answers a 400 naming a bad narrowing", async () => {
    const plain = await run.api<Exchange[]>("GET", "/log?limit=3");
    expect(Array.isArray(plain.body)).toBe(true);
    expect(plain.body).toHaveLength(3);
    for (const [query, path] of [
      ["status=6xx", "status"],
      ["method=NOT%20A%20METHOD", "method"],
      [`path=${"x".repeat(300)}`, "path"],
      ["who=a&who=b", "who"],
      ["limit=5&method=GET", "limit"],
    ] as const) {
      const res = await run.api<ApiError & { details: Array<{ path: string }> }>("GET", `/log?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.details[0]?.path).toBe(path);
    }
  });
});

describe("exporting the traffic", () => {
  it("exports what a narrowing shows as HAR 1.2, with the credential redacted", async () => {
    const res = await fetch(`${run.url}/api/log/export?format=har&target=${entra.id}&who=ada`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(
      /attachment; filename="scimulator-traffic-.*\.har"/,
    );
    const har = (await res.json()) as Har;
    expect(har.log.version).toBe("1.2");
    expect(har.log.pages[0]?.title).toContain("who=ada");
    const expected = exchangesOf(run, entra.id).filter((e) => e.cause.userId === ada.id);
    expect(har.log.entries.map((e) => e.request.method)).toEqual(expected.map((e) => e.request.method));
    const auth = har.log.entries[0]?.request.headers.find((h) => h.name === "authorization");
    expect(auth?.value).not.toContain(run.sim.org.token);
  });

  it("exports the same selection as JSON, with names, and refuses an unknown format", async () => {
    const res = await run.api<{ exchanges: Exchange[]; names: Record<string, string> }>(
      "GET",
      `/log/export?format=json&user=${grace.id}`,
    );
    expect(res.body.exchanges.length).toBeGreaterThan(0);
    expect(res.body.exchanges.every((e) => e.cause.userId === grace.id)).toBe(true);
    expect(res.body.names[grace.id]).toBe("Grace Hopper");
    expect(JSON.stringify(res.body)).not.toContain(run.sim.org.token);
    expect((await run.api("GET", "/log/export?format=pdf")).status).toBe(400);
  });
});

describe("explaining a request", () => {
  it("explains an Entra disable from the dialect's rules: the rule, its source, the RFC section and a strict answer", async () => {
    const disable = exchangesOf(run, entra.id).find(
      (e) => e.request.method === "PATCH" && e.cause.userId === ada.id,
    );
    const res = await run.api<RequestExplanation>("GET", `/log/${disable?.id}/explain`);
    expect(res.status).toBe(200);
    expect(res.body.profile).toBe("entra");
    const [first, ...rest] = res.body.reasons;
    expect(first?.rule).toContain('the string "False"');
    expect(first?.source).toContain("compat page");
    expect(first?.docs).toBe("docs/dialects.md#entra-and-entra-scim062020-microsoft-entra-id");
    expect(first?.rfc).toContain("RFC 7643 §4.1.1");
    expect(first?.strictAnswer).toMatch(/^400 invalidValue/);
    // The RFC baseline it departs from closes the list.
    expect(rest.at(-1)?.source).toBe("RFC 7644");
  });

  it("explains a dry-run request the same way, and refuses an unknown profile or exchange", async () => {
    const body = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", value: { active: false } }],
    };
    const res = await run.api<RequestExplanation>("POST", "/dialects/explain", {
      profile: "okta",
      request: { method: "PATCH", url: "https://app.example.com/scim/v2/Users/abc", body },
    });
    expect(res.body.reasons[0]?.rule).toContain("path-less PATCH");
    expect(
      (
        await run.api("POST", "/dialects/explain", {
          profile: "ping",
          request: { method: "GET", url: "/Users" },
        })
      ).status,
    ).toBe(400);
    expect((await run.api("GET", "/log/no-such-exchange/explain")).status).toBe(404);
  });
});

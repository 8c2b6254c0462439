import { afterEach, describe, expect, it } from "vitest";
import type { Exchange, OrgRoles, TargetOrgInfo } from "../server/protocol";
import { createUser, embeddedTarget, exchangesOf, pathOf, type Running, start } from "./support/simulator";

// The contentstack preset of the embedded org, driven through the control API and the dialects, asserted on what
// the org answered on the wire.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BLT = /^blt[0-9a-f]{16}$/;

async function contentstack(r: Running, switches: Record<string, unknown> = {}): Promise<TargetOrgInfo> {
  const res = await r.api<TargetOrgInfo>("PATCH", "/target-org", { preset: "contentstack", switches });
  expect(res.status).toBe(200);
  return res.body;
}

const lines = (exchanges: Exchange[]) =>
  exchanges.map((e) => `${e.request.method} ${pathOf(e)} → ${e.response?.status}`);

async function orgUser(r: Running, userName: string) {
  const found = await r.scim<{ Resources: Array<{ id: string; name?: Record<string, string> }> }>(
    "GET",
    `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
  );
  return found.body.Resources[0];
}

async function settle(r: Running) {
  await r.sim.provisioner.idle();
}

describe("the contentstack preset's surface", () => {
  it("serves the org at /scim/v2.0/organizations/{blt uid}, and the old path answers 404 saying where it went", async () => {
    run = await start();
    const info = await contentstack(run);
    expect(info.preset).toBe("contentstack");
    expect(info.orgUid).toMatch(BLT);
    expect(info.baseUrl).toBe(`${run.url}/target/scim/v2.0/organizations/${info.orgUid}`);
    const old = await fetch(`${run.url}/target/scim/v2/Users`, {
      headers: { authorization: `Bearer ${info.token}` },
    });
    expect(old.status).toBe(404);
    expect(await old.text()).toContain(`/target/scim/v2.0/organizations/${info.orgUid}`);
    const other = await fetch(`${run.url}/target/scim/v2.0/organizations/blt0000000000000000/Users`, {
      headers: { authorization: `Bearer ${info.token}` },
    });
    expect(other.status).toBe(404);
    expect(await other.text()).toContain("organization 'blt0000000000000000' is not this one");
  });

  it("answers in application/json, takes only a bearer token, and gives users and groups blt ids", async () => {
    run = await start();
    const info = await contentstack(run);
    const basic = await fetch(`${info.baseUrl}/Users`, {
      headers: { authorization: `Basic ${Buffer.from(`x:${info.token}`).toString("base64")}` },
    });
    expect(basic.status).toBe(401);
    const target = await embeddedTarget(run);
    const user = await createUser(run);
    await run.api("POST", "/groups", { displayName: "Engineering", members: [user.id] });
    await settle(run);
    const sent = exchangesOf(run, target.id).filter((e) => e.request.method === "POST");
    expect(sent.map((e) => e.response?.status)).toEqual([201, 201]);
    for (const exchange of sent) {
      expect(exchange.response?.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(exchange.response?.body).toMatchObject({ id: expect.stringMatching(BLT) });
    }
  });

  it("refuses bad settings with a 400 that names the field, and changes nothing", async () => {
    run = await start();
    const bad = await run.api<{ error: string }>("PATCH", "/target-org", {
      preset: "slack",
      switches: { refusedEditStatus: 500 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("preset: must be one of strict, lenient, contentstack");
    expect(bad.body.error).toContain("switches.refusedEditStatus: must be 400 or 403");
    const info = await run.api<TargetOrgInfo>("GET", "/target-org");
    expect(info.body.preset).toBe("strict");
    expect(info.body.baseUrl).toBe(`${run.url}/target/scim/v2`);
  });

  it("keeps the preset, its switches and its organization uid across a restart", async () => {
    run = await start();
    const before = await contentstack(run, { refusedEditStatus: 403 });
    await run.stop();
    run = await start({ dataDir: run.dataDir });
    const after = (await run.api<TargetOrgInfo>("GET", "/target-org")).body;
    expect(after).toMatchObject({ preset: "contentstack", orgUid: before.orgUid });
    expect(after.switches?.refusedEditStatus).toBe(403);
  });
});

describe("users in a contentstack organization", () => {
  it("attaches an account that exists outside the org: its id and its own name, not the IdP's", async () => {
    run = await start();
    await contentstack(run);
    const account = await run.api<{ id: string }>("POST", "/target-org/accounts", {
      userName: "grace@example.com",
      givenName: "Grace",
      familyName: "Hopper",
    });
    expect(account.status).toBe(201);
    const target = await embeddedTarget(run);
    await createUser(run, {
      userName: "grace@example.com",
      givenName: "Grace",
      familyName: "Brewster Hopper",
    });
    await settle(run);
    const post = exchangesOf(run, target.id).find((e) => e.request.method === "POST");
    expect(post?.response?.status).toBe(201);
    expect(post?.response?.body).toMatchObject({ id: account.body.id, name: { familyName: "Hopper" } });
    expect((await run.api<TargetOrgInfo>("GET", "/target-org")).body.accountsOutside).toBe(0);
  });

  it("refuses Entra's rename PATCH with a SCIM error that says why, and the org keeps the name", async () => {
    run = await start();
    await contentstack(run);
    const target = await embeddedTarget(run, { profile: "entra", mode: "on-edit" });
    const user = await createUser(run, { givenName: "Frank" });
    await settle(run);
    await run.api("PATCH", `/users/${user.id}`, { givenName: "Francis" });
    await settle(run);
    const patch = exchangesOf(run, target.id).find((e) => e.request.method === "PATCH");
    expect(patch?.request.body).toMatchObject({
      Operations: expect.arrayContaining([{ op: "Replace", path: "name.givenName", value: "Francis" }]),
    });
    expect(patch?.response?.status).toBe(400);
    expect(patch?.response?.body).toMatchObject({
      scimType: "mutability",
      detail: expect.stringContaining("Contentstack does not support editing user details (name, email)"),
    });
    expect((await orgUser(run, user.userName))?.name?.givenName).toBe("Frank");
  });

  it("refuses Okta's read-modify-write PUT of a new name with the configured status", async () => {
    run = await start();
    await contentstack(run, { refusedEditStatus: 403 });
    const target = await embeddedTarget(run, { profile: "okta" });
    const user = await createUser(run, { familyName: "Castle" });
    await settle(run);
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { familyName: "Castillo" });
    await settle(run);
    const sent = exchangesOf(run, target.id).slice(from);
    expect(sent.map((e) => `${e.request.method} ${e.response?.status}`)).toEqual(["GET 200", "PUT 403"]);
    expect(sent[1]?.response?.body).toMatchObject({ detail: expect.stringContaining("changes name") });
  });

  it("removes a deprovisioned user from the org but keeps the account, so Entra's re-create attaches it again", async () => {
    run = await start();
    await contentstack(run);
    const target = await embeddedTarget(run, { profile: "entra", mode: "on-edit" });
    const user = await createUser(run);
    await settle(run);
    const first = await orgUser(run, user.userName);
    expect(first?.id).toMatch(BLT);
    await run.api("PATCH", `/users/${user.id}`, { active: false });
    await settle(run);
    expect(await orgUser(run, user.userName)).toBeUndefined();
    expect((await run.api<TargetOrgInfo>("GET", "/target-org")).body.accountsOutside).toBe(1);
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { active: true });
    await settle(run);
    const sent = exchangesOf(run, target.id).slice(from);
    expect(lines(sent)).toEqual([
      `GET /Users?filter=userName+eq+"${user.userName}" → 200`,
      "POST /Users → 201",
    ]);
    expect((await orgUser(run, user.userName))?.id).toBe(first?.id);
  });

  it("answers Okta's reactivation of a removed user with 404, and Okta stops there: no search, no POST", async () => {
    run = await start();
    await contentstack(run);
    const target = await embeddedTarget(run, { profile: "okta" });
    const user = await createUser(run);
    await settle(run);
    const id = (await orgUser(run, user.userName))?.id;
    await run.api("PATCH", `/users/${user.id}`, { active: false });
    await settle(run);
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { active: true });
    await settle(run);
    const sent = exchangesOf(run, target.id).slice(from);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((e) => e.request.method !== "POST" && !e.request.url.includes("filter="))).toBe(true);
    expect(sent.at(-1)?.request.url).toContain(`/Users/${id}`);
    expect(sent.at(-1)?.response?.status).toBe(404);
  });

  it("refuses active:false when the deactivate switch says refuse, pointing at DELETE", async () => {
    run = await start();
    await contentstack(run, { deactivate: "refuse" });
    const user = await run.scim<{ id: string }>("POST", "/Users", { userName: "ann@example.com" });
    const res = await run.scim<{ detail: string }>("PATCH", `/Users/${user.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain("send DELETE /Users/{id}");
    expect((await run.scim("GET", `/Users/${user.body.id}`)).status).toBe(200);
  });
});

describe("the undocumented behaviours as switches", () => {
  it("answers a duplicate POST with 409 by default, and with the existing user under duplicate: attach", async () => {
    run = await start();
    await contentstack(run);
    const first = await run.scim<{ id: string }>("POST", "/Users", { userName: "dup@example.com" });
    expect((await run.scim("POST", "/Users", { userName: "dup@example.com" })).status).toBe(409);
    await contentstack(run, { duplicate: "attach" });
    const again = await run.scim<{ id: string }>("POST", "/Users", { userName: "DUP@example.com" });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it("ignores startIndex and count when paging is ignored", async () => {
    run = await start();
    await contentstack(run, { paging: "ignored" });
    for (const n of [1, 2, 3]) await run.scim("POST", "/Users", { userName: `p${n}@example.com` });
    const page = await run.scim<{ Resources: unknown[]; startIndex: number }>(
      "GET",
      "/Users?startIndex=2&count=1",
    );
    expect(page.body.Resources).toHaveLength(3);
    expect(page.body.startIndex).toBe(1);
  });

  it("limits writes per minute with a 429 and Retry-After, and never limits reads", async () => {
    run = await start();
    await contentstack(run, { writesPerMinute: 2 });
    expect((await run.scim("POST", "/Users", { userName: "a@example.com" })).status).toBe(201);
    expect((await run.scim("POST", "/Users", { userName: "b@example.com" })).status).toBe(201);
    const res = await fetch(`${run.sim.orgUrl()}/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${run.sim.org.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ userName: "c@example.com" }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await run.scim("GET", "/Users")).status).toBe(200);
  });

  it("writes errors in Contentstack's REST shape when errorBody says so", async () => {
    run = await start();
    await contentstack(run, { errorBody: "contentstack" });
    const res = await run.scim("GET", "/Users/blt0123456789abcdef");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error_message: "User 'blt0123456789abcdef' not found",
      error_code: 404,
      errors: {},
    });
  });
});

describe("group mapping", () => {
  it("gives members of mapped groups their roles, the highest winning, as GET /api/target-org/roles shows", async () => {
    run = await start();
    await contentstack(run);
    await embeddedTarget(run);
    const both = await createUser(run);
    const dev = await createUser(run);
    const none = await createUser(run);
    await run.api("POST", "/groups", { displayName: "Engineering", members: [both.id, dev.id] });
    await run.api("POST", "/groups", { displayName: "Administrators", members: [both.id] });
    await settle(run);
    const roles = (await run.api<OrgRoles>("GET", "/target-org/roles")).body;
    const of = (userName: string) => roles.users.find((u) => u.userName === userName);
    expect(of(both.userName)).toMatchObject({
      orgRole: "admin",
      stacks: { Website: "admin", "Mobile App": "developer" },
    });
    expect(of(both.userName)?.groups.sort()).toEqual(["Administrators", "Engineering"]);
    expect(of(dev.userName)).toMatchObject({
      orgRole: "member",
      stacks: { Website: "developer", "Mobile App": "developer" },
    });
    expect(of(none.userName)).toMatchObject({ orgRole: "member", stacks: {}, groups: [] });
  });

  it("takes a new mapping from PATCH /api/target-org and applies it at once", async () => {
    run = await start();
    await contentstack(run);
    await embeddedTarget(run);
    const user = await createUser(run);
    await run.api("POST", "/groups", { displayName: "Support", members: [user.id] });
    await settle(run);
    const res = await run.api<TargetOrgInfo>("PATCH", "/target-org", {
      roleMapping: [{ group: "support", orgRole: "admin", stacks: { Help: "content manager" } }],
    });
    expect(res.body.roleMapping).toEqual([
      { group: "support", orgRole: "admin", stacks: { Help: "content manager" } },
    ]);
    const roles = (await run.api<OrgRoles>("GET", "/target-org/roles")).body;
    expect(roles.users[0]).toMatchObject({ orgRole: "admin", stacks: { Help: "content manager" } });
  });
});

describe("a second SaaS preset from one file", () => {
  it("caps group members per request and list pages as AWS IAM Identity Center documents", async () => {
    run = await start();
    const set = await run.api<TargetOrgInfo>("PATCH", "/target-org", { preset: "aws-identity-center" });
    expect(set.body.baseUrl).toBe(`${run.url}/target/scim/v2`);
    const ids: string[] = [];
    for (let n = 0; n < 101; n++) {
      const user = await run.scim<{ id: string }>("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `m${n}@example.com`,
      });
      ids.push(user.body.id);
    }
    const members = ids.map((value) => ({ value }));
    const groupSchemas = ["urn:ietf:params:scim:schemas:core:2.0:Group"];
    const tooMany = await run.scim<{ scimType: string; detail: string }>("POST", "/Groups", {
      schemas: groupSchemas,
      displayName: "All",
      members,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({
      scimType: "tooMany",
      detail: expect.stringContaining("at most 100"),
    });
    const group = await run.scim<{ id: string }>("POST", "/Groups", {
      schemas: groupSchemas,
      displayName: "All",
      members: members.slice(0, 100),
    });
    expect(group.status).toBe(201);
    const patch = await run.scim("PATCH", `/Groups/${group.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "remove", path: "members", value: members.slice(0, 100) },
        { op: "add", path: "members", value: members.slice(100) },
      ],
    });
    expect(patch.status).toBe(400);
    const page = await run.scim<{ Resources: unknown[]; totalResults: number }>("GET", "/Users?count=100");
    expect(page.body.totalResults).toBe(101);
    expect(page.body.Resources).toHaveLength(50);
    const config = await run.scim<{ filter: { maxResults: number } }>("GET", "/ServiceProviderConfig");
    expect(config.body.filter.maxResults).toBe(50);
  });
});

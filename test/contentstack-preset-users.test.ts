import { afterEach, describe, expect, it } from "vitest";
import type { TargetOrgInfo } from "../server/protocol";
import { contentstack, settle } from "./support/contentstack-preset";
import { lines } from "./support/org-wire";
import { createUser, embeddedTarget, exchangesOf, type Running, start } from "./support/simulator";

// Users in a contentstack organization of the embedded org: accounts outside the org attached, edits of name and
// email refused, removal that keeps the account, and how Okta's and Entra's dialects fare, asserted on the wire.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BLT = /^blt[0-9a-f]{16}$/;

async function orgUser(r: Running, userName: string) {
  const found = await r.scim<{ Resources: Array<{ id: string; name?: Record<string, string> }> }>(
    "GET",
    `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
  );
  return found.body.Resources[0];
}

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

import { afterEach, describe, expect, it, vi } from "vitest";
import type { Exchange, Target, TargetView } from "../server/protocol";
import { createUser, embeddedTarget, exchangesOf, pathOf, type Running, start } from "./support/simulator";

// The audit's mismatches, reproduced against the embedded org and asserted on what crossed the wire.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const since = (r: Running, target: Target, from: number): Exchange[] => exchangesOf(r, target.id).slice(from);
const lines = (exchanges: Exchange[]) =>
  exchanges.map((e) => `${e.request.method} ${pathOf(e)} → ${e.response?.status}`);

async function remoteOf(r: Running, userName: string): Promise<Record<string, unknown> & { id: string }> {
  const found = await r.scim<{ Resources: Array<Record<string, unknown> & { id: string }> }>(
    "GET",
    `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
  );
  const user = found.body.Resources[0];
  if (!user) throw new Error(`${userName} is not on the org`);
  return user;
}

describe("okta's profile update", () => {
  it("PUTs back the object it read, so attributes only the server holds survive (okta-docs: Update a specific User)", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "okta" });
    const user = await createUser(run, { title: "Engineer" });
    await run.sim.provisioner.idle();
    const remote = await remoteOf(run, user.userName);
    // What the app added on its side: Okta's directory knows none of it.
    await run.scim("PATCH", `/Users/${remote.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "add", path: "userType", value: "Contractor" },
        { op: "add", path: "name.middleName", value: "Q" },
      ],
    });
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { title: "Staff Engineer" });
    await run.sim.provisioner.idle();
    const sent = since(run, target, from);
    expect(lines(sent)).toEqual([`GET /Users/${remote.id} → 200`, `PUT /Users/${remote.id} → 200`]);
    expect(sent[1]?.request.body).toMatchObject({
      schemas: [CORE],
      id: remote.id,
      userType: "Contractor",
      name: { middleName: "Q", givenName: user.givenName, familyName: user.familyName },
      title: "Staff Engineer",
      active: true,
    });
    expect(await remoteOf(run, user.userName)).toMatchObject({
      userType: "Contractor",
      title: "Staff Engineer",
    });
  });
});

describe("okta on a 404 from the read before an update", () => {
  it("stops the task and reports it: no search, no new account, and a retry reads again", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "okta" });
    const user = await createUser(run);
    await run.sim.provisioner.idle();
    const remote = await remoteOf(run, user.userName);
    await run.scim("DELETE", `/Users/${remote.id}`);
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { title: "Gone" });
    await run.sim.provisioner.idle();
    expect(lines(since(run, target, from))).toEqual([`GET /Users/${remote.id} → 404`]);
    const health = (await run.api<TargetView>("GET", `/targets/${target.id}`)).body.health;
    expect(health).toMatchObject({
      state: "failing",
      reason: expect.stringContaining("gone from the app (404)"),
    });
    // The next edit is Okta's "Retry": the same GET, and again nothing else.
    await run.api("PATCH", `/users/${user.id}`, { title: "Still gone" });
    await run.sim.provisioner.idle();
    expect(lines(since(run, target, from))).toEqual([
      `GET /Users/${remote.id} → 404`,
      `GET /Users/${remote.id} → 404`,
    ]);
  });
});

describe("entra after its match query finds nothing", () => {
  it("creates the user without sending the same match query twice", async () => {
    run = await start();
    await run.api("PATCH", "/target-org", { strict: false });
    const target = await embeddedTarget(run, { profile: "entra", mode: "on-edit" });
    const user = await createUser(run);
    await vi.waitFor(async () => expect((await remoteOf(run as Running, user.userName)).id).toBeTruthy());
    await run.sim.provisioner.idle();
    const remote = await remoteOf(run, user.userName);
    await run.scim("DELETE", `/Users/${remote.id}`);
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { title: "Back" });
    await run.sim.provisioner.idle();
    const sent = since(run, target, from).filter((e) => e.cause.userId === user.id);
    expect(sent.map((e) => e.request.method)).toEqual(["GET", "POST"]);
    // Spaces in the filter as +, as Entra's captured requests show.
    expect(sent[0]?.request.url).toContain(`filter=userName+eq+%22${encodeURIComponent(user.userName)}%22`);
  });

  it("matches on the externalId it sends, so an update finds the user again (matchAttribute: externalId)", async () => {
    run = await start();
    await run.api("PATCH", "/target-org", { strict: false });
    const target = await embeddedTarget(run, {
      profile: "entra",
      mode: "on-edit",
      options: { matchAttribute: "externalId" },
    });
    const user = await createUser(run, { email: "hana.ext@example.com" });
    await run.sim.provisioner.idle();
    const post = exchangesOf(run, target.id).find((e) => e.request.method === "POST");
    expect(post?.request.body).toMatchObject({ externalId: "hana.ext" });
    const probe = exchangesOf(run, target.id).find((e) => e.cause.userId === user.id);
    expect(decodeURIComponent(probe?.request.url ?? "").replace(/\+/g, " ")).toContain(
      'filter=externalId eq "hana.ext"',
    );
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { title: "Lead" });
    await run.sim.provisioner.idle();
    const update = since(run, target, from);
    expect(update.map((e) => `${e.request.method} ${e.response?.status}`)).toEqual(["GET 200", "PATCH 200"]);
    expect(update.some((e) => e.request.method === "POST")).toBe(false);
  });
});

describe("entra's manager against a strict server that refuses it (SCIMMY)", () => {
  it("goes in its own PATCH after the update, so a title change and a disable land while the manager is refused", async () => {
    const { startScimmyServer } = await import("./support/scimmy-server");
    const scimmy = await startScimmyServer();
    try {
      run = await start();
      const target = (
        await run.api<Target>("POST", "/targets", {
          name: "entra → SCIMMY",
          baseUrl: scimmy.baseUrl,
          auth: { type: "bearer", token: scimmy.token },
          profile: "entra-scim062020",
          mode: "manual",
        })
      ).body;
      const sync = () => run?.api<{ errors: Array<{ error: string }> }>("POST", `/targets/${target.id}/sync`);
      const boss = await createUser(run, { userName: "boss@example.com" });
      expect(boss.id).toBeTruthy();
      const report = await createUser(run, { userName: "report@example.com" });
      await sync();
      await run.api("PATCH", `/users/${report.id}`, { managerId: boss.id, title: "Analyst" });
      let from = exchangesOf(run, target.id).length;
      const first = await sync();
      const update = since(run, target, from).filter(
        (e) => e.cause.userId === report.id && e.request.method === "PATCH",
      );
      expect(update.map((e) => e.response?.status)).toEqual([200, 400]);
      expect(update[0]?.request.body).not.toMatchObject({
        Operations: [{ path: expect.stringContaining("manager") }],
      });
      expect(update[1]?.request.body).toEqual({
        schemas: [PATCH_OP],
        Operations: [
          {
            op: "add",
            path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            value: expect.any(String),
          },
        ],
      });
      expect(first?.body.errors[0]?.error).toContain("Setting the manager failed with HTTP 400");
      await run.api("PATCH", `/users/${report.id}`, { active: false });
      from = exchangesOf(run, target.id).length;
      await sync();
      const disable = since(run, target, from).filter(
        (e) => e.cause.userId === report.id && e.request.method === "PATCH",
      );
      // The disable goes first and lands; the refused manager follows in its own request, never inside it.
      expect(disable[0]?.response?.status).toBe(200);
      expect(JSON.stringify(disable[0]?.request.body)).not.toContain("manager");
      const held = [...scimmy.users.values()].find((u) => u.userName === "report@example.com");
      expect(held).toMatchObject({ active: false, title: "Analyst" });
    } finally {
      await scimmy.close();
    }
  });
});

describe("okta-aiw's group push on the embedded org", () => {
  it("creates, renames and changes members with POST, then GET and PUT of the whole group", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "okta-aiw" });
    const ada = await createUser(run);
    const bob = await createUser(run);
    await run.sim.provisioner.idle();
    const group = await run.api<{ id: string }>("POST", "/groups", {
      displayName: "AIW lab",
      members: [ada.id, bob.id],
    });
    await run.sim.provisioner.idle();
    const groupLines = () =>
      exchangesOf(run as Running, target.id)
        .filter((e) => pathOf(e).startsWith("/Groups"))
        .map(
          (e) =>
            `${e.request.method} ${pathOf(e).replace(/\/Groups\/[^?]+/, "/Groups/{id}")} → ${e.response?.status}`,
        );
    expect(groupLines()).toEqual(["POST /Groups → 201", "GET /Groups/{id} → 200", "PUT /Groups/{id} → 200"]);
    await run.api("PATCH", `/groups/${group.body.id}`, { displayName: "AIW lab 2", members: [ada.id] });
    await run.sim.provisioner.idle();
    expect(groupLines().slice(3)).toEqual(["GET /Groups/{id} → 200", "PUT /Groups/{id} → 200"]);
    const onOrg = await run.scim<{ Resources: Array<{ displayName: string; members?: unknown[] }> }>(
      "GET",
      `/Groups?filter=${encodeURIComponent('displayName eq "AIW lab 2"')}`,
    );
    expect(onOrg.body.Resources[0]?.members).toHaveLength(1);
  });
});

describe("each IdP's Test connection", () => {
  it.each([
    ["okta", ["GET /Users?startIndex=1&count=2", "GET /Groups?startIndex=1&count=100"]],
    [
      "entra",
      [
        /^GET \/Users\?filter=userName eq "[0-9a-f-]{36}"$/,
        /^GET \/Groups\?excludedAttributes=members&filter=displayName eq "[0-9a-f-]{36}"$/,
      ],
    ],
    ["onelogin", [/^GET \/Users\?filter=userName eq "scimulator-test-.*@example\.invalid"$/]],
  ] as const)("%s sends what its own test sends, in order", async (profile, expected) => {
    run = await start();
    const target = await embeddedTarget(run, { profile, mode: "manual" });
    const result = await run.api<{ ok: boolean }>("POST", `/targets/${target.id}/test`);
    expect(result.body.ok).toBe(true);
    const sent = exchangesOf(run, target.id)
      .filter((e) => e.cause.type === "test-connection")
      .map((e) => `${e.request.method} ${decodeURIComponent(pathOf(e).replace(/\+/g, " "))}`);
    expect(sent).toHaveLength(expected.length);
    for (const [i, want] of expected.entries()) {
      if (typeof want === "string") expect(sent[i]).toBe(want);
      else expect(sent[i]).toMatch(want);
    }
  });
});

describe("a full cycle's group counts", () => {
  it("count a group found on the target and filled with its members as linked, not unchanged", async () => {
    run = await start();
    await run.scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Sales Team",
    });
    const a = await createUser(run);
    const b = await createUser(run);
    await run.api("POST", "/groups", { displayName: "Sales Team", members: [a.id, b.id] });
    const target = await embeddedTarget(run, { mode: "manual" });
    const record = await run.api<{ linked: number; groups: { linked: number; unchanged: number } }>(
      "POST",
      `/targets/${target.id}/sync`,
    );
    expect(record.body.groups).toMatchObject({ linked: 1, unchanged: 0 });
    const remote = await run.scim<{ Resources: Array<{ members?: unknown[] }> }>(
      "GET",
      `/Groups?filter=${encodeURIComponent('displayName eq "Sales Team"')}`,
    );
    expect(remote.body.Resources[0]?.members).toHaveLength(2);
  });

  it("re-create a group deleted on the target with every member it should hold", async () => {
    run = await start();
    const target = await embeddedTarget(run);
    const [a, b, c] = [await createUser(run), await createUser(run), await createUser(run)];
    const group = await run.api<{ id: string }>("POST", "/groups", {
      displayName: "Ops",
      members: [a.id, b.id],
    });
    await run.sim.provisioner.idle();
    const find = () =>
      run?.scim<{ Resources: Array<{ id: string; members?: unknown[] }> }>(
        "GET",
        `/Groups?filter=${encodeURIComponent('displayName eq "Ops"')}`,
      );
    const before = (await find())?.body.Resources[0];
    await run.scim("DELETE", `/Groups/${before?.id}`);
    await run.api("PATCH", `/groups/${group.body.id}`, { members: [a.id, b.id, c.id] });
    await run.sim.provisioner.idle();
    expect((await find())?.body.Resources[0]?.members).toHaveLength(3);
    expect(exchangesOf(run, target.id).some((e) => e.response?.status === 404)).toBe(true);
  });
});

describe("a jump of the simulated clock past a scheduled tick", () => {
  it("runs the cycle that was due, once, as a trainer pressing +1 h expects", async () => {
    run = await start();
    const target = await embeddedTarget(run, {
      profile: "entra",
      mode: "schedule",
      schedule: "*/40 * * * *",
    });
    const cycles = async () =>
      (await run?.api<unknown[]>("GET", `/targets/${target.id}/cycles`))?.body.length ?? 0;
    const before = await cycles();
    await run.api("PATCH", "/clock", { advanceMs: 3 * 3600_000 });
    await vi.waitFor(async () => expect(await cycles()).toBe(before + 1));
    await run.sim.provisioner.idle();
    // Several missed ticks are one cycle, not a burst of them.
    expect(await cycles()).toBe(before + 1);
  });
});

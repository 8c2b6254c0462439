import { afterEach, describe, expect, it } from "vitest";
import type { ApiError, Exchange, Group, Profile, Target } from "../server/protocol";
import { startScimmyServer } from "./support/scimmy-server";
import { createUser, embeddedTarget, exchangesOf, pathOf, type Running, start } from "./support/simulator";

let run: Running | undefined;
let scimmy: Awaited<ReturnType<typeof startScimmyServer>> | undefined;
afterEach(async () => {
  await run?.stop(true);
  await scimmy?.close();
  run = scimmy = undefined;
});

type OrgGroup = { id: string; displayName: string; members?: Array<{ value: string }> };

async function orgGroup(r: Running, displayName: string): Promise<OrgGroup | undefined> {
  const res = await r.scim<{ Resources: OrgGroup[] }>(
    "GET",
    `/Groups?filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`,
  );
  return res.body.Resources[0];
}

async function orgUserId(r: Running, userName: string): Promise<string | undefined> {
  const res = await r.scim<{ Resources: Array<{ id: string }> }>(
    "GET",
    `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
  );
  return res.body.Resources[0]?.id;
}

describe("directory groups in the control API", () => {
  it("creates, renames, re-members and deletes a group, refusing unknown members and duplicate names", async () => {
    run = await start();
    const ada = await createUser(run);
    const created = await run.api<Group>("POST", "/groups", {
      displayName: "Engineering",
      members: [ada.id],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: "Engineering", description: null, members: [ada.id] });
    const unknown = await run.api<ApiError>("POST", "/groups", {
      displayName: "Ghosts",
      members: ["nobody"],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([
      { path: "members.0", message: '"nobody" is not a user in the directory' },
    ]);
    const dup = await run.api<ApiError>("POST", "/groups", { displayName: "engineering" });
    expect(dup.status).toBe(409);
    const patched = await run.api<Group>("PATCH", `/groups/${created.body.id}`, {
      displayName: "Platform",
      members: [],
    });
    expect(patched.body).toMatchObject({ displayName: "Platform", members: [] });
    expect((await run.api<Group[]>("GET", "/groups")).body.map((g) => g.displayName)).toEqual(["Platform"]);
    expect((await run.api("DELETE", `/groups/${created.body.id}`)).status).toBe(204);
    expect((await run.api("GET", `/groups/${created.body.id}`)).status).toBe(404);
  });

  it("announces group events with the added and removed ids", async () => {
    run = await start();
    const [a, b] = [await createUser(run), await createUser(run)];
    const events: Array<{ type: string; added?: string[]; removed?: string[] }> = [];
    run.sim.directory.on((e) => events.push(e));
    const group = (await run.api<Group>("POST", "/groups", { displayName: "Sales", members: [a.id] })).body;
    await run.api("PATCH", `/groups/${group.id}`, { displayName: "Field Sales", members: [b.id] });
    await run.api("DELETE", `/groups/${group.id}`);
    expect(events.map((e) => e.type)).toEqual([
      "group.created",
      "group.renamed",
      "group.members_changed",
      "group.deleted",
    ]);
    expect(events[2]).toMatchObject({ added: [b.id], removed: [a.id] });
  });
});

describe("group push to the embedded org (rfc)", () => {
  it("creates the group with target ids, sends one PATCH of deltas for an add and a remove, renames and deletes", async () => {
    run = await start();
    const target = await embeddedTarget(run);
    const [ada, bob, cy] = [await createUser(run), await createUser(run), await createUser(run)];
    const group = (
      await run.api<Group>("POST", "/groups", { displayName: "Platform", members: [ada.id, bob.id] })
    ).body;
    await run.sim.provisioner.idle();
    const remote = await orgGroup(run, "Platform");
    const [adaId, bobId, cyId] = [
      await orgUserId(run, ada.userName),
      await orgUserId(run, bob.userName),
      await orgUserId(run, cy.userName),
    ];
    expect(remote?.members?.map((m) => m.value).sort()).toEqual([adaId, bobId].sort());

    const before = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/groups/${group.id}`, { members: [ada.id, cy.id] });
    await run.sim.provisioner.idle();
    const sent = exchangesOf(run, target.id).slice(before);
    expect(sent.map((e) => `${e.request.method} ${pathOf(e)}`)).toEqual([`PATCH /Groups/${remote?.id}`]);
    expect(sent[0]?.request.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "add", path: "members", value: [{ value: cyId, display: cy.userName }] },
        { op: "remove", path: `members[value eq "${bobId}"]` },
      ],
    });
    expect((await orgGroup(run, "Platform"))?.members?.map((m) => m.value).sort()).toEqual(
      [adaId, cyId].sort(),
    );

    await run.api("PATCH", `/groups/${group.id}`, { displayName: "Platform Team" });
    await run.sim.provisioner.idle();
    expect(await orgGroup(run, "Platform Team")).toMatchObject({ id: remote?.id });
    await run.api("DELETE", `/groups/${group.id}`);
    await run.sim.provisioner.idle();
    expect(exchangesOf(run, target.id).at(-1)?.request.method).toBe("DELETE");
    expect(await orgGroup(run, "Platform Team")).toBeUndefined();
  });
});

describe.each<Profile>(["rfc", "okta", "entra", "entra-scim062020", "onelogin"])(
  "group push in the %s dialect",
  (profile) => {
    it.each(["embedded org", "SCIMMY"] as const)(
      "reaches the %s with the right members after create, add+remove, rename and delete",
      async (where) => {
        run = await start();
        if (where === "SCIMMY") scimmy = await startScimmyServer();
        const baseUrl = scimmy ? scimmy.baseUrl : `${run.url}/target/scim/v2`;
        const token = scimmy ? scimmy.token : run.sim.org.token;
        const target = (
          await run.api<Target>("POST", "/targets", {
            name: profile,
            baseUrl,
            auth: { type: "bearer", token },
            profile,
            mode: "on-edit",
          })
        ).body;
        const [a, b, c] = [await createUser(run), await createUser(run), await createUser(run)];
        const group = (
          await run.api<Group>("POST", "/groups", { displayName: `Team ${profile}`, members: [a.id, b.id] })
        ).body;
        await run.sim.provisioner.idle();
        await run.api("PATCH", `/groups/${group.id}`, { members: [a.id, c.id] });
        await run.sim.provisioner.idle();
        const log = exchangesOf(run, target.id);
        const groupWrites = log.filter((e) => e.cause.groupId === group.id && e.request.method !== "GET");
        expect(groupWrites.every((e) => e.response && e.response.status < 300)).toBe(true);
        // The add and the remove of one change travel in one PATCH.
        const last = groupWrites.at(-1) as Exchange;
        expect(last.request.method).toBe("PATCH");
        const ops = JSON.stringify(last.request.body).toLowerCase();
        expect(ops).toContain('"op":"add"');
        expect(ops).toContain('"op":"remove"');
        await run.api("PATCH", `/groups/${group.id}`, { displayName: `Renamed ${profile}` });
        await run.api("DELETE", `/groups/${group.id}`);
        await run.sim.provisioner.idle();
        const after = exchangesOf(run, target.id).filter((e) => e.cause.groupId === group.id);
        expect(after.at(-1)?.request.method).toBe("DELETE");
        expect(after.at(-1)?.response?.status).toBe(204);
      },
    );
  },
);

type Where = "embedded org" | "SCIMMY";
type RemoteUser = { id: string; userName: string; active?: boolean } & Record<string, unknown>;
type RemoteGroup = { id: string; displayName: string; members?: Array<{ value: string }> };

/** A target on either server, and a way to read what that server holds, straight from its own storage or API. */
async function setUp(where: Where, fields: Record<string, unknown>) {
  run = await start();
  if (where === "SCIMMY") scimmy = await startScimmyServer();
  const r = run;
  const s = scimmy;
  const target = await r.api<Target>("POST", "/targets", {
    name: where,
    baseUrl: s ? s.baseUrl : `${r.url}/target/scim/v2`,
    auth: { type: "bearer", token: s ? s.token : r.sim.org.token },
    profile: "rfc",
    mode: "on-edit",
    ...fields,
  });
  expect(target.status).toBe(201);
  const users = async (): Promise<RemoteUser[]> =>
    s
      ? ([...s.users.values()] as RemoteUser[])
      : (await r.scim<{ Resources: RemoteUser[] }>("GET", "/Users?count=1000")).body.Resources;
  const groups = async (): Promise<RemoteGroup[]> =>
    s
      ? ([...s.groups.values()] as RemoteGroup[])
      : (await r.scim<{ Resources: RemoteGroup[] }>("GET", "/Groups?count=1000")).body.Resources;
  const user = async (userName: string) => (await users()).find((u) => u.userName === userName);
  return { run: r, target: target.body, users, groups, user };
}

describe.each<Where>(["embedded org", "SCIMMY"])("assignment scope on the %s", (where) => {
  it("sends nothing for an unassigned user, provisions on assignment, and deactivates on unassignment", async () => {
    const t = await setUp(where, { scope: "assigned" });
    const user = await createUser(t.run);
    await t.run.sim.provisioner.idle();
    expect(exchangesOf(t.run, t.target.id)).toHaveLength(0);

    await t.run.api("PATCH", `/targets/${t.target.id}`, { assigned: { users: [user.id] } });
    await t.run.sim.provisioner.idle();
    expect(await t.user(user.userName)).toMatchObject({ active: true });

    await t.run.api("PATCH", `/targets/${t.target.id}`, { assigned: { users: [] } });
    await t.run.sim.provisioner.idle();
    expect(exchangesOf(t.run, t.target.id).at(-1)?.request.body).toMatchObject({
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    expect(await t.user(user.userName)).toMatchObject({ active: false });
  });

  it("provisions the members of an assigned group and pushes the group with them, and deprovisions a member who leaves", async () => {
    const t = await setUp(where, { scope: "assigned" });
    const [a, b, outsider] = [await createUser(t.run), await createUser(t.run), await createUser(t.run)];
    const group = (
      await t.run.api<Group>("POST", "/groups", { displayName: "Assigned", members: [a.id, b.id] })
    ).body;
    await t.run.api("PATCH", `/targets/${t.target.id}`, { assigned: { groups: [group.id] } });
    await t.run.sim.provisioner.idle();
    expect(await t.user(a.userName)).toBeDefined();
    expect(await t.user(outsider.userName)).toBeUndefined();
    expect((await t.groups()).find((g) => g.displayName === "Assigned")?.members).toHaveLength(2);

    await t.run.api("PATCH", `/groups/${group.id}`, { members: [a.id] });
    await t.run.sim.provisioner.idle();
    expect(await t.user(b.userName)).toMatchObject({ active: false });
    expect((await t.groups()).find((g) => g.displayName === "Assigned")?.members).toHaveLength(1);
  });
});

describe("assignments", () => {
  it("are validated against the directory", async () => {
    run = await start();
    const target = await embeddedTarget(run);
    const res = await run.api<ApiError>("PATCH", `/targets/${target.id}`, {
      scope: "assigned",
      assigned: { users: ["ghost"] },
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { path: "assigned.users.0", message: '"ghost" is not a user in the directory' },
    ]);
  });
});

const MANAGER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe.each<Where>(["embedded org", "SCIMMY"])("manager references on the %s", (where) => {
  it("send the manager's id on the target, manager first", async () => {
    const t = await setUp(where, { mode: "manual" });
    const boss = await createUser(t.run, { title: "Director" });
    const report = await createUser(t.run, { managerId: boss.id });
    await t.run.api("POST", `/targets/${t.target.id}/sync`);
    await t.run.sim.provisioner.idle();
    const posts = exchangesOf(t.run, t.target.id).filter((e) => e.request.method === "POST");
    expect(posts.map((e) => (e.request.body as { userName: string }).userName)).toEqual([
      boss.userName,
      report.userName,
    ]);
    const bossRemote = (await t.user(boss.userName))?.id;
    expect(posts[1]?.request.body).toMatchObject({ [MANAGER]: { manager: { value: bossRemote } } });
    expect((await t.user(report.userName))?.[MANAGER]).toMatchObject({ manager: { value: bossRemote } });
  });

  it("fill in the reference once a manager who arrived later is on the target", async () => {
    const t = await setUp(where, { scope: "assigned" });
    const boss = await createUser(t.run);
    const report = await createUser(t.run, { managerId: boss.id });
    await t.run.api("PATCH", `/targets/${t.target.id}`, { assigned: { users: [report.id] } });
    await t.run.sim.provisioner.idle();
    expect((await t.user(report.userName))?.[MANAGER]).toBeUndefined();
    await t.run.api("PATCH", `/targets/${t.target.id}`, { assigned: { users: [report.id, boss.id] } });
    await t.run.sim.provisioner.idle();
    const bossRemote = (await t.user(boss.userName))?.id;
    expect((await t.user(report.userName))?.[MANAGER]).toMatchObject({ manager: { value: bossRemote } });
  });

  it("leave out a manager who is not in scope and say so in the log", async () => {
    const t = await setUp(where, { scope: "assigned" });
    const boss = await createUser(t.run);
    const report = await createUser(t.run, { managerId: boss.id });
    await t.run.api("PATCH", `/targets/${t.target.id}`, { assigned: { users: [report.id] } });
    await t.run.sim.provisioner.idle();
    const first = exchangesOf(t.run, t.target.id)[0];
    expect(first?.note).toContain("not in this target's scope; the manager reference is left out");
    const created = exchangesOf(t.run, t.target.id).find((e) => e.request.method === "POST");
    expect(JSON.stringify(created?.request.body)).not.toContain("manager");
    expect(await t.user(boss.userName)).toBeUndefined();
  });
});

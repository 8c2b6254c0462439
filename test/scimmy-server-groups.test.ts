import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORE_GROUP } from "./support/scim-urns";
import { filterQuery, listed, patchOp, scimmyClient } from "./support/scimmy-client";
import { type ScimmyServer, startScimmyServer } from "./support/scimmy-server";

/**
 * Groups on the SCIMMY fixture server: members added and removed by PATCH, and what SCIMMY 1.3.5 (+ scimmy-routers
 * 1.3.2 on express 5) does not check (duplicate members, unknown member ids, displayName uniqueness).
 */

let server: ScimmyServer;

beforeAll(async () => {
  server = await startScimmyServer();
});

afterAll(async () => {
  await server.close();
});

const { send, createUser } = scimmyClient(() => server);

describe("the SCIMMY fixture server", () => {
  it("creates groups with members and adds and removes members by PATCH, answering 200 with the updated group", async () => {
    const alice = await createUser("group.alice@example.com");
    const bob = await createUser("group.bob@example.com");
    const created = await send("POST", "/Groups", {
      body: {
        schemas: [CORE_GROUP],
        displayName: "Engineering",
        members: [{ value: alice, display: "Alice" }],
      },
    });
    expect(created.status).toBe(201);
    const gid = String(created.body?.id);
    expect(created.body).toMatchObject({ displayName: "Engineering", members: [{ value: alice }] });
    expect(server.groups.get(gid)).toMatchObject({ id: gid, members: [{ value: alice, display: "Alice" }] });

    const added = await send("PATCH", `/Groups/${gid}`, {
      body: patchOp({ op: "add", path: "members", value: [{ value: bob }] }),
    });
    expect(added.status).toBe(200);
    expect(added.body?.members).toEqual([{ value: alice, display: "Alice" }, { value: bob }]);
    // The user's read-only groups attribute reflects membership.
    expect((await send("GET", `/Users/${bob}`)).body?.groups).toEqual([
      { value: gid, display: "Engineering", type: "direct" },
    ]);

    const removed = await send("PATCH", `/Groups/${gid}`, {
      body: patchOp({ op: "remove", path: `members[value eq "${alice}"]` }),
    });
    expect(removed.status).toBe(200);
    expect(removed.body?.members).toEqual([{ value: bob }]);

    // Entra-style removal with a value array works too; removing the last member drops the attribute entirely.
    const emptied = await send("PATCH", `/Groups/${gid}`, {
      body: patchOp({ op: "Remove", path: "members", value: [{ value: bob }] }),
    });
    expect(emptied.status).toBe(200);
    expect(emptied.body).not.toHaveProperty("members");
    expect(server.groups.get(gid)).not.toHaveProperty("members");

    const filtered = listed(await send("GET", `/Groups${filterQuery('displayName eq "Engineering"')}`));
    expect(filtered.map((g) => g.id)).toEqual([gid]);
    expect((await send("DELETE", `/Groups/${gid}`)).status).toBe(204);
    expect(server.groups.has(gid)).toBe(false);
  });

  it("answers 204 to removing a member who is not there, and duplicates a member added twice", async () => {
    const carol = await createUser("group.carol@example.com");
    const created = await send("POST", "/Groups", {
      body: { schemas: [CORE_GROUP], displayName: "Duplicates", members: [{ value: carol }] },
    });
    const gid = String(created.body?.id);
    const absent = await send("PATCH", `/Groups/${gid}`, {
      body: patchOp({ op: "remove", path: 'members[value eq "nobody"]' }),
    });
    expect(absent.status).toBe(204);
    // SCIMMY's add appends to multi-valued attributes without de-duplicating by value.
    const twice = await send("PATCH", `/Groups/${gid}`, {
      body: patchOp({ op: "add", path: "members", value: [{ value: carol }] }),
    });
    expect(twice.status).toBe(200);
    expect(twice.body?.members).toEqual([{ value: carol }, { value: carol }]);
    // A group member id is not checked against existing users.
    const ghost = await send("PATCH", `/Groups/${gid}`, {
      body: patchOp({ op: "replace", path: "members", value: [{ value: "not-a-user" }] }),
    });
    expect(ghost.status).toBe(200);
    expect(ghost.body?.members).toEqual([{ value: "not-a-user" }]);
  });

  it("rejects a group without displayName with 400 and does not enforce displayName uniqueness", async () => {
    expect((await send("POST", "/Groups", { body: { schemas: [CORE_GROUP], members: [] } })).status).toBe(
      400,
    );
    expect((await send("POST", "/Groups", { body: { displayName: "Twin" } })).status).toBe(201);
    expect((await send("POST", "/Groups", { body: { displayName: "Twin" } })).status).toBe(201);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, ERROR } from "./support/scim-urns";
import { type Json, patchOp, scimmyClient } from "./support/scimmy-client";
import { type ScimmyServer, startScimmyServer } from "./support/scimmy-server";

/**
 * Users on the SCIMMY fixture server: create, replace and delete, and what SCIMMY 1.3.5 (+ scimmy-routers 1.3.2 on
 * express 5) refuses on the way (a missing userName, a userName taken in another case, an unknown id), so the
 * product knows what a third-party, schema-validating SCIM server accepts and rejects.
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
  it("creates a user on POST /Users with 201, a generated id and meta timestamps, but no Location header", async () => {
    const res = await send("POST", "/Users", {
      body: {
        schemas: [CORE_USER, ENTERPRISE_USER],
        userName: "create.me@example.com",
        name: { givenName: "Create", familyName: "Me" },
        emails: [{ type: "work", value: "create.me@example.com", primary: true }],
        [ENTERPRISE_USER]: { department: "Engineering", employeeNumber: "42" },
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBeNull();
    const id = String(res.body?.id);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toMatchObject({
      schemas: [CORE_USER, ENTERPRISE_USER],
      userName: "create.me@example.com",
      meta: { resourceType: "User", location: `/scim/Users/${id}` },
      [ENTERPRISE_USER]: { department: "Engineering", employeeNumber: "42" },
    });
    expect(server.users.get(id)).toMatchObject({
      id,
      userName: "create.me@example.com",
      meta: { created: expect.any(String), lastModified: expect.any(String) },
      [ENTERPRISE_USER]: { department: "Engineering" },
    });
    // The raw request is recorded as sent, before SCIMMY parsed it.
    const recorded = server.requests.find((r) => r.method === "POST" && r.rawBody.includes("create.me@"));
    expect(recorded?.headers["content-type"]).toBe("application/scim+json");
    expect(recorded?.body).toMatchObject({ userName: "create.me@example.com" });
  });

  it("accepts a user without a schemas array and silently drops attributes it does not know", async () => {
    const res = await send("POST", "/Users", {
      body: { userName: "no.schemas@example.com", favouriteColour: "blue" },
    });
    expect(res.status).toBe(201);
    expect(res.body?.schemas).toEqual([CORE_USER]);
    expect(res.body).not.toHaveProperty("favouriteColour");
    expect(server.users.get(String(res.body?.id))).not.toHaveProperty("favouriteColour");
  });

  it("rejects a user without userName with 400 invalidValue", async () => {
    const res = await send("POST", "/Users", {
      body: { schemas: [CORE_USER], name: { givenName: "Nameless" } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: "400", scimType: "invalidValue" });
  });

  it("rejects a second user whose userName differs only in case with 409 uniqueness", async () => {
    await createUser("Unique.Person@example.com");
    const res = await send("POST", "/Users", {
      body: { schemas: [CORE_USER], userName: "unique.person@EXAMPLE.com" },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
  });

  it("rejects a PATCH or PUT that would give a user another user's userName in a different case with 409", async () => {
    await createUser("Taken.Name@example.com");
    const id = await createUser("renamer@example.com");
    const patch = await send("PATCH", `/Users/${id}`, {
      body: patchOp({ op: "replace", path: "userName", value: "taken.name@example.com" }),
    });
    expect(patch.status).toBe(409);
    const put = await send("PUT", `/Users/${id}`, {
      body: { schemas: [CORE_USER], userName: "TAKEN.NAME@example.com" },
    });
    expect(put.status).toBe(409);
    // Changing the case of one's own userName is fine.
    const own = await send("PATCH", `/Users/${id}`, {
      body: patchOp({ op: "replace", path: "userName", value: "Renamer@example.com" }),
    });
    expect(own.status).toBe(200);
  });

  it("replaces the whole user on PUT, dropping omitted attributes while keeping id and meta.created", async () => {
    const id = await createUser("put.me@example.com", {
      schemas: [CORE_USER, ENTERPRISE_USER],
      name: { givenName: "Put" },
      emails: [{ type: "work", value: "put@corp.example" }],
      [ENTERPRISE_USER]: { department: "Ops" },
    });
    const created = server.users.get(id)?.meta;
    const res = await send("PUT", `/Users/${id}`, {
      body: { schemas: [CORE_USER], id: "ignored-id", userName: "put.me@example.com", active: false },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      userName: "put.me@example.com",
      active: false,
      schemas: [CORE_USER],
    });
    const stored = server.users.get(id);
    expect(stored).not.toHaveProperty("name");
    expect(stored).not.toHaveProperty("emails");
    expect(stored).not.toHaveProperty(ENTERPRISE_USER);
    expect(stored?.meta).toMatchObject({ created: (created as Json).created });
  });

  it("answers GET, PUT, PATCH and DELETE on an unknown id with a SCIM 404", async () => {
    const replies = [
      await send("GET", "/Users/does-not-exist"),
      await send("PUT", "/Users/does-not-exist", { body: { userName: "ghost@example.com" } }),
      await send("PATCH", "/Users/does-not-exist", {
        body: patchOp({ op: "replace", path: "active", value: false }),
      }),
      await send("DELETE", "/Users/does-not-exist"),
      await send("GET", "/Groups/does-not-exist"),
    ];
    for (const res of replies) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: "404" });
    }
    expect(server.users.has("does-not-exist")).toBe(false);
  });

  it("deletes a user with 204 and no body, removing it from storage and from the groups it belonged to", async () => {
    const id = await createUser("delete.me@example.com");
    const group = await send("POST", "/Groups", {
      body: { schemas: [CORE_GROUP], displayName: "Doomed members", members: [{ value: id }] },
    });
    const res = await send("DELETE", `/Users/${id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(server.users.has(id)).toBe(false);
    expect(server.groups.get(String(group.body?.id))).not.toHaveProperty("members");
    expect((await send("DELETE", `/Users/${id}`)).status).toBe(404);
  });
});

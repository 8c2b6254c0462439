import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BetterAuthScimServer, startBetterAuthScimServer } from "./support/better-auth-scim-server";
import { CORE_GROUP, CORE_USER, ERROR, LIST_RESPONSE, PATCH_OP } from "./support/scim-urns";

/**
 * Proves the better-auth SCIM fixture is a working SCIM server (create, find, change, delete with its token, and
 * nothing without it) and pins a few of the refusals that make it the strict one of the two third-party servers.
 */

type Json = Record<string, unknown>;

interface Reply {
  status: number;
  headers: Headers;
  body: Json | undefined;
}

let server: BetterAuthScimServer;

beforeAll(async () => {
  server = await startBetterAuthScimServer();
});

afterAll(async () => {
  await server.close();
});

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function send(
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { "content-type": "application/scim+json" };
  const token = options.token === undefined ? server.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, body: isJson(parsed) ? parsed : undefined };
}

function filterQuery(filter: string): string {
  return `?filter=${encodeURIComponent(filter)}`;
}

function listed(res: Reply): Json[] {
  expect(res.status).toBe(200);
  expect(res.body?.schemas).toEqual([LIST_RESPONSE]);
  const resources = res.body?.Resources;
  return Array.isArray(resources) ? resources.filter(isJson) : [];
}

let serial = 0;

async function createUser(extra: Json = {}): Promise<{ id: string; userName: string }> {
  serial += 1;
  const userName = `person${serial}@example.com`;
  const res = await send("POST", "/Users", {
    body: {
      schemas: [CORE_USER],
      userName,
      name: { givenName: "Pat", familyName: `Doe${serial}` },
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  expect(typeof res.body?.id).toBe("string");
  return { id: String(res.body?.id), userName };
}

describe("the better-auth SCIM fixture server", () => {
  it("refuses a request without the bearer token, or with a wrong one, with a SCIM 401 and a Bearer challenge", async () => {
    for (const token of [null, "not-the-token"]) {
      const res = await send("GET", "/Users", { token });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/scim+json");
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="SCIM"');
      expect(res.body).toMatchObject({ schemas: [ERROR], status: "401" });
    }
    const refused = await send("POST", "/Users", {
      token: null,
      body: { schemas: [CORE_USER], userName: "intruder@example.com" },
    });
    expect(refused.status).toBe(401);
    const found = listed(await send("GET", `/Users${filterQuery('userName eq "intruder@example.com"')}`));
    expect(found).toHaveLength(0);
  });

  it("creates a user with POST /Users and answers 201 with the stored resource and its Location", async () => {
    const res = await send("POST", "/Users", {
      body: {
        schemas: [CORE_USER],
        userName: "ada@example.com",
        name: { givenName: "Ada", familyName: "Lovelace" },
        emails: [{ value: "ada@example.com", type: "work", primary: true }],
        title: "Analyst",
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      schemas: [CORE_USER],
      userName: "ada@example.com",
      displayName: "Ada Lovelace",
      title: "Analyst",
      active: true,
      meta: { resourceType: "User" },
    });
    expect(res.headers.get("location")).toBe(`${server.baseUrl}/Users/${String(res.body?.id)}`);
    const again = await send("GET", `/Users/${String(res.body?.id)}`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ userName: "ada@example.com", name: { familyName: "Lovelace" } });
  });

  it("finds a user by an eq filter on userName, whatever its case, and refuses any other filter operator", async () => {
    const { id, userName } = await createUser();
    const found = listed(
      await send("GET", `/Users${filterQuery(`userName eq "${userName.toUpperCase()}"`)}`),
    );
    expect(found.map((u) => u.id)).toEqual([id]);
    const none = listed(await send("GET", `/Users${filterQuery('userName eq "nobody@example.com"')}`));
    expect(none).toEqual([]);
    const co = await send("GET", `/Users${filterQuery('userName co "person"')}`);
    expect(co.status).toBe(400);
    expect(co.body).toMatchObject({ schemas: [ERROR], scimType: "invalidFilter" });
  });

  it("applies a PATCH that deactivates a user and retitles it, and serves both changes on the next GET", async () => {
    const { id } = await createUser();
    const res = await send("PATCH", `/Users/${id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: "replace", path: "active", value: false },
          { op: "replace", path: "title", value: "Former analyst" },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, active: false, title: "Former analyst" });
    const after = await send("GET", `/Users/${id}`);
    expect(after.body).toMatchObject({ active: false, title: "Former analyst" });
  });

  it("refuses a PATCH on a path it does not support instead of ignoring it", async () => {
    const { id } = await createUser();
    const res = await send("PATCH", `/Users/${id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "name.nickname", value: "x" }] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], scimType: "invalidPath" });
  });

  it("deletes a user with DELETE /Users/{id}, answering 204, after which the user is gone", async () => {
    const { id, userName } = await createUser();
    const res = await send("DELETE", `/Users/${id}`);
    expect(res.status).toBe(204);
    expect((await send("GET", `/Users/${id}`)).status).toBe(404);
    expect(listed(await send("GET", `/Users${filterQuery(`userName eq "${userName}"`)}`))).toEqual([]);
  });

  it("keeps a group's members through PATCH add and remove, and refuses a member that is not one of its users", async () => {
    const a = await createUser();
    const b = await createUser();
    const created = await send("POST", "/Groups", {
      body: { schemas: [CORE_GROUP], displayName: "Fixture group", members: [{ value: a.id }] },
    });
    expect(created.status).toBe(201);
    const groupId = String(created.body?.id);
    const patched = await send("PATCH", `/Groups/${groupId}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: "add", path: "members", value: [{ value: b.id }] },
          { op: "remove", path: `members[value eq "${a.id}"]` },
        ],
      },
    });
    expect(patched.status).toBe(200);
    const group = await send("GET", `/Groups/${groupId}`);
    const members = Array.isArray(group.body?.members) ? group.body.members.filter(isJson) : [];
    expect(members.map((m) => m.value)).toEqual([b.id]);
    const stranger = await send("PATCH", `/Groups/${groupId}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: "add", path: "members", value: [{ value: "no-such-user" }] }],
      },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toMatchObject({ schemas: [ERROR], scimType: "invalidValue" });
  });
});

import SCIMMY from "scimmy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORE_GROUP, CORE_USER, ERROR, LIST_RESPONSE, PATCH_OP } from "./support/scim-urns";
import { ENTERPRISE_USER, type ScimmyServer, startScimmyServer } from "./support/scimmy-server";

/**
 * Proves the SCIMMY fixture works and pins down how strict SCIMMY 1.3.5 (+ scimmy-routers 1.3.2 on express 5) is,
 * so the product knows what a third-party, schema-validating SCIM server accepts and rejects.
 */

type Json = Record<string, unknown>;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Json | undefined;
}

let server: ScimmyServer;

beforeAll(async () => {
  server = await startScimmyServer();
});

afterAll(async () => {
  await server.close();
});

async function send(
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; token?: string | null; contentType?: string | null } = {},
  target: ScimmyServer = server,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? target.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const contentType = options.contentType === undefined ? "application/scim+json" : options.contentType;
  if (contentType !== null) headers["content-type"] = contentType;
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const res = await fetch(`${target.baseUrl}${path}`, { method, headers, body: payload });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  const body =
    typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : undefined;
  return { status: res.status, headers: res.headers, text, body };
}

function patchOp(...operations: Json[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

function filterQuery(filter: string): string {
  return `?filter=${encodeURIComponent(filter)}`;
}

async function createUser(userName: string, extra: Json = {}): Promise<string> {
  const res = await send("POST", "/Users", { body: { schemas: [CORE_USER], userName, ...extra } });
  expect(res.status).toBe(201);
  return String(res.body?.id);
}

function listed(res: Reply): Json[] {
  expect(res.status).toBe(200);
  expect(res.body?.schemas).toEqual([LIST_RESPONSE]);
  const resources = res.body?.Resources;
  return Array.isArray(resources) ? (resources as Json[]) : [];
}

describe("the SCIMMY fixture server", () => {
  it("rejects requests without a bearer token or with a wrong one with a SCIM 401 error and no WWW-Authenticate header", async () => {
    const missing = await send("GET", "/Users", { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ schemas: [ERROR], status: "401" });
    expect(missing.headers.get("www-authenticate")).toBeNull();
    expect((await send("GET", "/Users", { token: "wrong" })).status).toBe(401);
    expect((await send("GET", "/Users", { token: server.token.toUpperCase() })).status).toBe(401);
    expect(server.requests.at(-1)).toMatchObject({ method: "GET", url: "/scim/Users" });
  });

  it("advertises patch, filter, sort and bulk support but no etag support in its ServiceProviderConfig", async () => {
    const res = await send("GET", "/ServiceProviderConfig");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    expect(res.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      sort: { supported: true },
      bulk: { supported: true },
      etag: { supported: false },
      authenticationSchemes: [{ type: "oauthbearertoken" }],
    });
  });

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

  it("answers a userName eq filter with a ListResponse, matching the value case-sensitively", async () => {
    const id = await createUser("Filter.Case@example.com");
    const exact = listed(await send("GET", `/Users${filterQuery('userName eq "Filter.Case@example.com"')}`));
    expect(exact.map((u) => u.id)).toEqual([id]);
    // SCIMMY's Filter.match compares with ===, ignoring that its own schema declares userName caseExact=false
    // (RFC 7643 says userName is case-insensitive): a differently-cased value finds nothing, although a POST with
    // that value would still be a 409 in this fixture.
    const lower = await send("GET", `/Users${filterQuery('userName eq "filter.case@example.com"')}`);
    expect(listed(lower)).toEqual([]);
    expect(lower.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 20 });
    // Attribute names and operators, on the other hand, are case-insensitive.
    const shouting = listed(
      await send("GET", `/Users${filterQuery('USERNAME EQ "Filter.Case@example.com"')}`),
    );
    expect(shouting.map((u) => u.id)).toEqual([id]);
    // An unquoted value is not valid SCIM: SCIMMY tolerates a bare word but rejects an email-like one.
    const bare = await send("GET", `/Users${filterQuery("userName eq Filter.Case@example.com")}`);
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ status: "400", scimType: "invalidFilter" });
  });

  it("matches externalId case-sensitively, as RFC 7643 requires", async () => {
    const id = await createUser("external.id@example.com", { externalId: "Ext-123" });
    const hit = listed(await send("GET", `/Users${filterQuery('externalId eq "Ext-123"')}`));
    expect(hit.map((u) => u.id)).toEqual([id]);
    expect(listed(await send("GET", `/Users${filterQuery('externalId eq "ext-123"')}`))).toEqual([]);
  });

  it("shows that SCIMMY's own Filter.match throws on a record lacking the filtered complex attribute", () => {
    const filter = new SCIMMY.Types.Filter('emails.value eq "x@example.com"');
    expect(() => filter.match([{ userName: "no-emails" }])).toThrow(TypeError);
    expect(filter.match([{ userName: "has", emails: [{ value: "x@example.com" }] }])).toHaveLength(1);
  });

  it("filters on an email sub-attribute even when other users have no emails, because the fixture matches per record", async () => {
    await createUser("no.email@example.com");
    const id = await createUser("has.email@example.com", {
      emails: [{ type: "work", value: "has.email@corp.example" }],
    });
    const byValue = listed(
      await send("GET", `/Users${filterQuery('emails.value eq "has.email@corp.example"')}`),
    );
    expect(byValue.map((u) => u.id)).toEqual([id]);
    const byType = listed(
      await send("GET", `/Users${filterQuery('emails[type eq "work"].value eq "has.email@corp.example"')}`),
    );
    expect(byType.map((u) => u.id)).toEqual([id]);
  });

  it("matches a boolean attribute against a quoted true or false string in an eq filter", async () => {
    const id = await createUser("inactive.filter@example.com", { active: false });
    const hits = listed(await send("GET", `/Users${filterQuery('active eq "False"')}`));
    expect(hits.map((u) => u.id)).toContain(id);
  });

  it("applies lower-case PATCH ops to a work email by value filter and to the enterprise department by URN path, answering 200 with the resource", async () => {
    const id = await createUser("patch.me@example.com", {
      schemas: [CORE_USER, ENTERPRISE_USER],
      emails: [
        { type: "work", value: "old@corp.example", primary: true },
        { type: "home", value: "home@example.com" },
      ],
      [ENTERPRISE_USER]: { department: "Sales" },
    });
    const res = await send("PATCH", `/Users/${id}`, {
      body: patchOp(
        { op: "replace", path: 'emails[type eq "work"].value', value: "new@corp.example" },
        { op: "replace", path: `${ENTERPRISE_USER}:department`, value: "Engineering" },
        { op: "add", path: "name.givenName", value: "Patched" },
      ),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      schemas: [CORE_USER, ENTERPRISE_USER],
      name: { givenName: "Patched" },
      emails: [
        { type: "work", value: "new@corp.example", primary: true },
        { type: "home", value: "home@example.com" },
      ],
      [ENTERPRISE_USER]: { department: "Engineering" },
    });
    expect(server.users.get(id)).toMatchObject({ [ENTERPRISE_USER]: { department: "Engineering" } });
    // A no-path replace whose value uses a URN-qualified key also works.
    const noPath = await send("PATCH", `/Users/${id}`, {
      body: patchOp({
        op: "replace",
        value: { [`${ENTERPRISE_USER}:department`]: "Support", "name.familyName": "Z" },
      }),
    });
    expect(noPath.status).toBe(200);
    expect(noPath.body).toMatchObject({
      name: { familyName: "Z" },
      [ENTERPRISE_USER]: { department: "Support" },
    });
  });

  it("deactivates a user on PATCH replace active false with 200, and answers the same no-op PATCH with 204 and no body", async () => {
    const id = await createUser("deactivate.me@example.com", { active: true });
    const body = patchOp({ op: "replace", path: "active", value: false });
    const first = await send("PATCH", `/Users/${id}`, { body });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, active: false });
    expect(server.users.get(id)?.active).toBe(false);
    // SCIMMY answers 204 No Content whenever the patch changed nothing (meta excluded), not 200 with the resource.
    const again = await send("PATCH", `/Users/${id}`, { body });
    expect(again.status).toBe(204);
    expect(again.text).toBe("");
  });

  it("accepts capitalised PATCH op names such as Replace and Add", async () => {
    const id = await createUser("capital.ops@example.com", { active: true });
    // SCIMMY lower-cases op before checking it, so Entra-style "Replace"/"Add" are accepted.
    const res = await send("PATCH", `/Users/${id}`, {
      body: patchOp(
        { op: "Replace", path: "active", value: false },
        { op: "Add", path: "emails", value: [{ type: "work", value: "cap@corp.example" }] },
      ),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: false, emails: [{ type: "work", value: "cap@corp.example" }] });
  });

  it("rejects active given as the string False with 400 invalidValue, in PATCH with or without a path and in POST", async () => {
    const id = await createUser("string.bool@example.com", { active: true });
    // SCIMMY does not coerce "False"/"false"/"True" strings to booleans anywhere in a write: 400 invalidValue.
    for (const op of [
      { op: "Replace", path: "active", value: "False" },
      { op: "replace", path: "active", value: "false" },
      { op: "replace", value: { active: "True" } },
    ]) {
      const res = await send("PATCH", `/Users/${id}`, { body: patchOp(op) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: "400", scimType: "invalidValue" });
    }
    expect(server.users.get(id)?.active).toBe(true);
    const post = await send("POST", "/Users", {
      body: { userName: "string.bool.post@example.com", active: "False" },
    });
    expect(post.status).toBe(400);
    expect(post.body).toMatchObject({ scimType: "invalidValue" });
  });

  it("answers a replace or add through a value filter that matches nothing with 400 noTarget instead of creating the value", async () => {
    const id = await createUser("no.target@example.com", {
      emails: [{ type: "home", value: "h@example.com" }],
    });
    for (const op of ["replace", "add"]) {
      const res = await send("PATCH", `/Users/${id}`, {
        body: patchOp({ op, path: 'emails[type eq "work"].value', value: "w@corp.example" }),
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ scimType: "noTarget" });
    }
  });

  it("rejects a PATCH without the PatchOp schema, with an unknown op, an unknown path or a read-only target with 400", async () => {
    const id = await createUser("bad.patch@example.com");
    const cases: Array<[unknown, string]> = [
      [{ Operations: [{ op: "replace", path: "active", value: false }] }, "invalidSyntax"],
      [patchOp({ op: "merge", path: "active", value: false }), "invalidSyntax"],
      [patchOp({ op: "replace", path: "favouriteColour", value: "blue" }), "invalidPath"],
      [patchOp({ op: "replace", path: "id", value: "other" }), "mutability"],
      [patchOp({ op: "remove" }), "noTarget"],
    ];
    for (const [body, scimType] of cases) {
      const res = await send("PATCH", `/Users/${id}`, { body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: "400", scimType });
    }
  });

  it("sets the enterprise manager only as a complex value, rejecting a bare id string with 400", async () => {
    const managerId = await createUser("the.manager@example.com");
    const id = await createUser("the.report@example.com");
    const bare = await send("PATCH", `/Users/${id}`, {
      body: patchOp({ op: "add", path: `${ENTERPRISE_USER}:manager`, value: managerId }),
    });
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ scimType: "invalidValue" });
    const complex = await send("PATCH", `/Users/${id}`, {
      body: patchOp({ op: "add", path: `${ENTERPRISE_USER}:manager`, value: { value: managerId } }),
    });
    expect(complex.status).toBe(200);
    expect(complex.body).toMatchObject({ [ENTERPRISE_USER]: { manager: { value: managerId } } });
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

  it("pages lists with startIndex and count, defaulting to 20 items per page", async () => {
    const other = await startScimmyServer();
    try {
      for (let i = 1; i <= 23; i++) {
        const res = await send(
          "POST",
          "/Users",
          { body: { userName: `page.${String(i).padStart(2, "0")}` } },
          other,
        );
        expect(res.status).toBe(201);
      }
      const first = await send("GET", "/Users", {}, other);
      expect(first.body).toMatchObject({ totalResults: 23, startIndex: 1, itemsPerPage: 20 });
      expect(listed(first)).toHaveLength(20);
      // Only works because the fixture restores a writable req.query: under express 5, scimmy-routers' cast of
      // startIndex/count to numbers is lost and SCIMMY would ignore both, always answering page one.
      const page = await send("GET", "/Users?startIndex=21&count=5&sortBy=userName", {}, other);
      expect(page.body).toMatchObject({ totalResults: 23, startIndex: 21, itemsPerPage: 5 });
      expect(listed(page).map((u) => u.userName)).toEqual(["page.21", "page.22", "page.23"]);
    } finally {
      await other.close();
    }
  });

  it("keeps storage and tokens separate between two servers running at once", async () => {
    const other = await startScimmyServer();
    try {
      expect(other.token).not.toBe(server.token);
      expect((await send("GET", "/Users", {}, { ...other, token: server.token })).status).toBe(401);
      const res = await send("POST", "/Users", { body: { userName: "only.on.other@example.com" } }, other);
      expect(res.status).toBe(201);
      expect(other.users.size).toBe(1);
      expect([...server.users.values()].some((u) => u.userName === "only.on.other@example.com")).toBe(false);
      expect(listed(await send("GET", "/Users", {}, other))).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("answers malformed JSON with 400 invalidSyntax and still records the raw body", async () => {
    const res = await send("POST", "/Users", { raw: '{"userName": ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: "400", scimType: "invalidSyntax" });
    expect(server.requests.at(-1)).toMatchObject({
      method: "POST",
      rawBody: '{"userName": ',
      body: '{"userName": ',
    });
  });

  it("accepts application/json bodies but ignores a body without a JSON content type, answering 400", async () => {
    const json = await send("POST", "/Users", {
      body: { userName: "plain.json@example.com" },
      contentType: "application/json",
    });
    expect(json.status).toBe(201);
    const untyped = await send("POST", "/Users", {
      body: { userName: "untyped@example.com" },
      contentType: null,
    });
    expect(untyped.status).toBe(400);
    expect(untyped.body).toMatchObject({ scimType: "invalidSyntax" });
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningOrg, resourcesOf, sampleUser, scimClient, startOrg } from "./support/org-only";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;

let running: RunningOrg;
let scim: ReturnType<typeof scimClient>;

beforeEach(async () => {
  running = await startOrg();
  scim = scimClient(running);
});
afterEach(async () => {
  await running.close();
});

describe("Okta SCIM 2.0 SPEC test", () => {
  /** The Runscope suite's realistic user, sent as plain application/json like the suite does. */
  const oktaUser = {
    schemas: [USER],
    userName: "Runscope.Test@atko.com",
    name: { givenName: "Runscope", familyName: "Test" },
    emails: [{ primary: true, value: "Runscope.Test@atko.com", type: "work" }],
    displayName: "Runscope Test",
    locale: "en-US",
    externalId: "00ujl29u0le5T6Aj10h7",
    groups: [],
    password: "1mz050nq",
    active: true,
  };
  const postJson = (body: unknown) =>
    scim("POST", "/Users", JSON.stringify(body), { "Content-Type": "application/json" });

  it("1. lists one user with numeric paging fields and the attributes Okta reads", async () => {
    await postJson(oktaUser);
    const res = await scim("GET", "/Users?count=1&startIndex=1");
    expect(res.status).toBe(200);
    expect(res.body.schemas).toEqual([LIST]);
    expect(typeof res.body.itemsPerPage).toBe("number");
    expect(typeof res.body.startIndex).toBe("number");
    expect(typeof res.body.totalResults).toBe("number");
    const [first] = resourcesOf(res.body);
    expect(first).toMatchObject({
      id: expect.any(String),
      userName: "Runscope.Test@atko.com",
      name: { givenName: "Runscope", familyName: "Test" },
      active: true,
      emails: [expect.objectContaining({ value: "Runscope.Test@atko.com" })],
    });
  });

  it("2. returns the user by id with the same id", async () => {
    const created = await postJson(oktaUser);
    const res = await scim("GET", `/Users/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(created.body.id);
  });

  it("3. answers a filter on an unknown userName with an empty ListResponse", async () => {
    const res = await scim("GET", `/Users?${q('userName eq "invalid-user@example.com"')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 0, Resources: [] });
  });

  it("4. returns 404 with the Error schema and a detail for a user that does not exist", async () => {
    const res = await scim("GET", "/Users/010101010101010101");
    expect(res.status).toBe(404);
    expect(res.body.schemas).toEqual([ERROR]);
    expect(res.body.detail).toEqual(expect.any(String));
  });

  it("5. finds nobody for a random userName", async () => {
    await postJson(oktaUser);
    const res = await scim("GET", `/Users?${q(`userName eq "${crypto.randomUUID()}@example.com"`)}`);
    expect(res.body.totalResults).toBe(0);
  });

  it("6. creates a realistic user sent as application/json and echoes names, userName and active", async () => {
    const res = await postJson(oktaUser);
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    expect(res.body).toMatchObject({
      active: true,
      userName: oktaUser.userName,
      name: oktaUser.name,
      displayName: "Runscope Test",
    });
    expect(res.body).not.toHaveProperty("password");
  });

  it("7. returns the new user with the values it was created with", async () => {
    const created = await postJson(oktaUser);
    const res = await scim("GET", `/Users/${created.body.id}`);
    expect(res.body).toMatchObject({
      userName: oktaUser.userName,
      name: oktaUser.name,
      externalId: oktaUser.externalId,
    });
  });

  it("8. returns 409 when the same user is posted again", async () => {
    await postJson(oktaUser);
    const res = await postJson(oktaUser);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
  });

  it("9. matches the upper-cased userName case-insensitively", async () => {
    await postJson(oktaUser);
    const res = await scim("GET", `/Users?${q(`userName eq "${oktaUser.userName.toUpperCase()}"`)}`);
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
  });

  it("10. lists groups with 200", async () => {
    const res = await scim("GET", "/Groups");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 0, Resources: [] });
  });

  it("11. refuses 'Authorization: non-token' with 401, the Error schema, status \"401\" and a detail", async () => {
    const res = await fetch(`${running.baseUrl}/Users`, { headers: { Authorization: "non-token" } });
    const body = await res.json();
    expect(res.status).toBe(401);
    expect(body).toMatchObject({ schemas: [ERROR], status: "401", detail: expect.any(String) });
  });

  it('12. returns 404 with status "404" for /Users/00919288221112222', async () => {
    const res = await scim("GET", "/Users/00919288221112222");
    expect(res.status).toBe(404);
    expect(res.body.status).toBe("404");
    expect(res.body.detail).toContain("00919288221112222");
  });

  it("2023: replaces a user with PUT to add attributes", async () => {
    const created = await postJson(oktaUser);
    const { id, meta, ...rest } = created.body;
    const res = await scim("PUT", `/Users/${id}`, { ...rest, id, nickName: "Runny", title: "Tester" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, nickName: "Runny", title: "Tester", userName: oktaUser.userName });
  });

  it("2023: disables a user with PATCH replace active false", async () => {
    const created = await postJson(oktaUser);
    const res = await scim("PATCH", `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
  });

  it("2023: creates, reads, renames, patches members of and deletes a group", async () => {
    const user = await postJson(oktaUser);
    const created = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Okta Test Group" });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await scim("GET", `/Groups/${id}`)).body.displayName).toBe("Okta Test Group");
    const put = await scim("PUT", `/Groups/${id}`, { schemas: [GROUP], displayName: "Okta Test Group 2" });
    expect(put.status).toBe(200);
    expect(put.body.displayName).toBe("Okta Test Group 2");
    const patched = await scim("PATCH", `/Groups/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: "add", path: "members", value: [{ value: user.body.id, display: oktaUser.userName }] },
      ],
    });
    expect(patched.status).toBe(204);
    expect((await scim("GET", `/Groups/${id}`)).body.members).toEqual([
      {
        value: user.body.id,
        $ref: `${running.baseUrl}/Users/${user.body.id}`,
        display: "Runscope Test",
        type: "User",
      },
    ]);
    expect((await scim("DELETE", `/Groups/${id}`)).status).toBe(204);
    expect((await scim("GET", `/Groups/${id}`)).status).toBe(404);
  });
});

describe("Okta CRUD sequence against a real org", () => {
  it("creates with a password it never returns, finds, PUTs, deactivates, reactivates and deactivates again", async () => {
    const created = await scim("POST", "/Users", sampleUser({ password: "S3cret!" }));
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain("S3cret!");
    const found = await scim(
      "GET",
      `/Users?${q('userName eq "jane.doe@example.com"')}&startIndex=1&count=100`,
    );
    const [match] = resourcesOf(found.body);
    expect(match?.id).toBe(created.body.id);

    const put = await scim("PUT", `/Users/${created.body.id}`, { ...match, title: "Engineer" });
    expect(put.status).toBe(200);
    expect(put.body.title).toBe("Engineer");
    for (const active of [false, true, false]) {
      const res = await scim("PATCH", `/Users/${created.body.id}`, {
        schemas: [PATCH],
        Operations: [{ op: "replace", value: { active } }],
      });
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(active);
    }
    expect(JSON.stringify((await scim("GET", `/Users/${created.body.id}`)).body)).not.toContain("password");
  });
});

describe("Microsoft Entra provisioning flows", () => {
  const entraUser = {
    schemas: [USER, ENTERPRISE],
    externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    userName: "Test_User_ab6490ee@contoso.com",
    active: true,
    emails: [{ primary: true, type: "work", value: "Test_User_fd0ea19b@testuser.com" }],
    meta: { resourceType: "User" },
    name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
    roles: [],
    [ENTERPRISE]: { department: "Sales", employeeNumber: "1001" },
  };

  it("answers Test Connection's random-GUID query with 200 and an empty ListResponse", async () => {
    const res = await scim("GET", `/Users?${q(`userName eq "${crypto.randomUUID()}"`)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      schemas: [LIST],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it("creates a user with core and enterprise schemas, externalId, roles:[] and meta.resourceType", async () => {
    const res = await scim("POST", "/Users", entraUser);
    expect(res.status).toBe(201);
    expect(res.body.schemas).toEqual([USER, ENTERPRISE]);
    expect(res.body).toMatchObject({
      externalId: entraUser.externalId,
      [ENTERPRISE]: { department: "Sales" },
    });
    expect(res.body).not.toHaveProperty("roles");
    expect(res.body.meta).toMatchObject({
      resourceType: "User",
      location: `${running.baseUrl}/Users/${res.body.id}`,
    });
    expect(res.headers.get("location")).toBe(`${running.baseUrl}/Users/${res.body.id}`);
  });

  it("finds users by userName, externalId and the work email, each returning a ListResponse", async () => {
    const created = await scim("POST", "/Users", entraUser);
    for (const filter of [
      `userName eq "${entraUser.userName}"`,
      `externalId eq "${entraUser.externalId}"`,
      `emails[type eq "work"].value eq "test_user_fd0ea19b@testuser.com"`,
      `userName eq "${entraUser.userName}" and active eq true`,
    ]) {
      const res = await scim("GET", `/Users?${q(filter)}`);
      expect(res.status, filter).toBe(200);
      expect(
        resourcesOf(res.body).map((r) => r.id),
        filter,
      ).toEqual([created.body.id]);
    }
  });

  it("updates the work email and family name, userName, then disables with a boolean replace", async () => {
    const { body } = await scim("POST", "/Users", entraUser);
    const patch = (Operations: unknown[]) =>
      scim("PATCH", `/Users/${body.id}`, { schemas: [PATCH], Operations });
    const updated = await patch([
      { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
      { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
    ]);
    expect(updated.status).toBe(200);
    expect(updated.body.emails).toEqual([
      { primary: true, type: "work", value: "updatedEmail@microsoft.com" },
    ]);
    expect(updated.body.name).toMatchObject({ familyName: "updatedFamilyName", givenName: "givenName" });
    const renamed = await patch([{ op: "Replace", path: "userName", value: "renamed@contoso.com" }]);
    expect(renamed.body.userName).toBe("renamed@contoso.com");
    const disabled = await patch([{ op: "replace", path: "active", value: false }]);
    expect(disabled.body.active).toBe(false);
  });

  it("deletes a user with 204, after which GET is 404 with an Error body", async () => {
    const { body } = await scim("POST", "/Users", entraUser);
    const deleted = await scim("DELETE", `/Users/${body.id}`);
    expect(deleted.status).toBe(204);
    const res = await scim("GET", `/Users/${body.id}`);
    expect(res.status).toBe(404);
    expect(res.body.schemas).toEqual([ERROR]);
  });

  it("runs the group flow: legacy-schema create, lookups without members, rename, member add/remove, delete", async () => {
    const user = await scim("POST", "/Users", entraUser);
    const created = await scim("POST", "/Groups", {
      schemas: [GROUP, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "displayName",
      meta: { resourceType: "Group" },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const patch = (Operations: unknown[]) => scim("PATCH", `/Groups/${id}`, { schemas: [PATCH], Operations });

    const added = await patch([{ op: "Add", path: "members", value: [{ $ref: null, value: user.body.id }] }]);
    expect(added.status).toBe(204);
    const byId = await scim("GET", `/Groups/${id}?excludedAttributes=members`);
    expect(byId.status).toBe(200);
    expect(byId.body).not.toHaveProperty("members");
    expect(byId.body).toMatchObject({ id, displayName: "displayName" });
    const byName = await scim(
      "GET",
      `/Groups?excludedAttributes=members&${q('displayName eq "displayName"')}`,
    );
    expect(resourcesOf(byName.body)).toHaveLength(1);
    expect(resourcesOf(byName.body)[0]).not.toHaveProperty("members");
    const byMember = await scim("GET", `/Groups?${q(`members[value eq "${user.body.id}"]`)}`);
    expect(resourcesOf(byMember.body).map((g) => g.id)).toEqual([id]);

    expect((await patch([{ op: "Replace", path: "displayName", value: "renamed" }])).status).toBe(204);
    expect((await patch([{ op: "Remove", path: "members", value: [{ value: user.body.id }] }])).status).toBe(
      204,
    );
    const after = await scim("GET", `/Groups/${id}`);
    expect(after.body).toMatchObject({ displayName: "renamed" });
    expect(after.body).not.toHaveProperty("members");
    expect((await scim("DELETE", `/Groups/${id}`)).status).toBe(204);
  });

  it("accepts the aadOptscim062020 form: lower-case ops, a path-less replace with dotted keys, members[value eq]", async () => {
    const user = await scim("POST", "/Users", entraUser);
    const res = await scim("PATCH", `/Users/${user.body.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: "replace", path: 'emails[type eq "work"].value', value: "new@contoso.com" },
        {
          op: "replace",
          value: {
            displayName: "Bjfe",
            "name.givenName": "Kkom",
            "name.familyName": "Unua",
            [`${ENTERPRISE}:employeeNumber`]: "Aklq",
          },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      displayName: "Bjfe",
      name: { givenName: "Kkom", familyName: "Unua", formatted: "givenName familyName" },
      emails: [{ type: "work", value: "new@contoso.com", primary: true }],
      [ENTERPRISE]: { employeeNumber: "Aklq", department: "Sales" },
    });
    const group = await scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "g",
      members: [{ value: user.body.id }],
    });
    const removed = await scim("PATCH", `/Groups/${group.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: "remove", path: `members[value eq "${user.body.id}"]` }],
    });
    expect(removed.status).toBe(204);
    expect((await scim("GET", `/Groups/${group.body.id}`)).body).not.toHaveProperty("members");
  });

  it('rejects the default dialect\'s "False" string in strict mode and coerces it in lenient mode', async () => {
    const user = await scim("POST", "/Users", entraUser);
    const body = { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] };
    const strict = await scim("PATCH", `/Users/${user.body.id}`, body);
    expect(strict.status).toBe(400);
    expect(strict.body).toMatchObject({
      scimType: "invalidValue",
      detail: `attribute 'active' must be a boolean, got string "False"`,
    });
    running.org.setStrict(false);
    const lenient = await scim("PATCH", `/Users/${user.body.id}`, body);
    expect(lenient.status).toBe(200);
    expect(lenient.body.active).toBe(false);
  });
});

describe("scim2-tester", () => {
  it("discovery: serves ServiceProviderConfig with the advertised capabilities", async () => {
    const res = await scim("GET", "/ServiceProviderConfig");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: "oauthbearertoken" })],
    });
  });

  it("discovery: lists resource types and fetches each by id", async () => {
    const list = await scim("GET", "/ResourceTypes");
    expect(list.body).toMatchObject({ schemas: [LIST], totalResults: 2 });
    expect(resourcesOf(list.body).map((r) => r.id)).toEqual(["User", "Group"]);
    const user = await scim("GET", "/ResourceTypes/User");
    expect(user.body).toMatchObject({
      id: "User",
      endpoint: "/Users",
      schema: USER,
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
    });
    expect((await scim("GET", "/ResourceTypes/Group")).body).toMatchObject({ id: "Group", schema: GROUP });
  });

  it("discovery: lists the three resource schemas and the three core schemas, each fetchable by URN", async () => {
    const list = await scim("GET", "/Schemas");
    const ids = resourcesOf(list.body).map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        USER,
        ENTERPRISE,
        GROUP,
        "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
        "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
        "urn:ietf:params:scim:schemas:core:2.0:Schema",
      ]),
    );
    for (const id of ids) {
      const res = await scim("GET", `/Schemas/${id}`);
      expect(res.status, String(id)).toBe(200);
      expect(res.body.id).toBe(id);
    }
    const user = await scim("GET", `/Schemas/${USER}`);
    const userName = (user.body.attributes as Record<string, unknown>[]).find((a) => a.name === "userName");
    expect(userName).toMatchObject({
      type: "string",
      required: true,
      caseExact: false,
      uniqueness: "server",
    });
  });

  it("discovery: answers unknown schema and resource type ids with a 404 Error", async () => {
    for (const path of ["/Schemas/urn:nope", "/ResourceTypes/Printer"]) {
      const res = await scim("GET", path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: "404" });
    }
  });

  it("discovery: answers POST, PUT, PATCH and DELETE on discovery endpoints with 405", async () => {
    for (const path of [
      "/ServiceProviderConfig",
      "/Schemas",
      "/ResourceTypes",
      `/Schemas/${USER}`,
      "/ResourceTypes/User",
    ]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const res = await scim(method, path, method === "DELETE" ? undefined : {});
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.body).toMatchObject({ schemas: [ERROR], status: "405" });
      }
    }
  });

  it("crud: creates, reads, lists, replaces and deletes users and groups", async () => {
    for (const [endpoint, body, change] of [
      ["/Users", sampleUser(), { title: "changed" }],
      ["/Groups", { schemas: [GROUP], displayName: "crud group" }, { externalId: "changed" }],
    ] as const) {
      const created = await scim("POST", endpoint, body);
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect((await scim("GET", `${endpoint}/${id}`)).body.id).toBe(id);
      expect(resourcesOf((await scim("GET", endpoint)).body).map((r) => r.id)).toContain(id);
      const put = await scim("PUT", `${endpoint}/${id}`, { ...body, ...change });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject(change);
      expect((await scim("DELETE", `${endpoint}/${id}`)).status).toBe(204);
      expect((await scim("GET", `${endpoint}/${id}`)).status).toBe(404);
    }
  });

  it("crud:read:attributes: honours attributes and excludedAttributes on GET by id, on lists and on POST /.search", async () => {
    const { body } = await scim("POST", "/Users", sampleUser({ title: "Boss" }));
    const byId = await scim("GET", `/Users/${body.id}?attributes=userName,name.givenName`);
    expect(Object.keys(byId.body).sort()).toEqual(["id", "meta", "name", "schemas", "userName"]);
    expect(byId.body.name).toEqual({ givenName: "Jane" });
    const listed = await scim("GET", "/Users?excludedAttributes=emails,title");
    expect(resourcesOf(listed.body)[0]).not.toHaveProperty("emails");
    expect(resourcesOf(listed.body)[0]).not.toHaveProperty("title");
    expect(resourcesOf(listed.body)[0]).toHaveProperty("userName");
    const searched = await scim("POST", "/.search", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      attributes: ["title"],
      filter: 'userName eq "jane.doe@example.com"',
    });
    expect(searched.status).toBe(200);
    expect(resourcesOf(searched.body)).toEqual([expect.objectContaining({ id: body.id, title: "Boss" })]);
    expect(resourcesOf(searched.body)[0]).not.toHaveProperty("userName");
  });

  it("misc: answers a random URL with a 404 Error", async () => {
    const res = await scim("GET", `/${crypto.randomUUID()}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: "404", detail: expect.any(String) });
  });
});

describe("suvera scim2-compliance-test-utility", () => {
  it("lists with startIndex=1&count=10, filters name.familyName co, and follows meta.location for PUT, PATCH and DELETE", async () => {
    const created = await scim(
      "POST",
      "/Users",
      sampleUser({ userName: "tony", name: { givenName: "Tony", familyName: "Stark" } }),
    );
    const list = await scim("GET", "/Users?startIndex=1&count=10");
    expect(list.body).toMatchObject({ startIndex: 1, itemsPerPage: 1, totalResults: 1 });
    const found = await scim("GET", `/Users?${q('name.familyName co "Stark"')}`);
    expect(resourcesOf(found.body).map((r) => r.id)).toEqual([created.body.id]);

    const location = (created.body.meta as Record<string, string>).location as string;
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/target\/scim\/v2\/Users\//);
    const auth = { Authorization: `Bearer ${running.token}`, "Content-Type": "application/scim+json" };
    const put = await fetch(location, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify(sampleUser({ userName: "tony" })),
    });
    expect(put.status).toBe(200);
    const patch = await fetch(location, {
      method: "PATCH",
      headers: auth,
      body: JSON.stringify({
        schemas: [PATCH],
        Operations: [{ op: "replace", path: "name.familyName", value: "Potts" }],
      }),
    });
    expect(patch.status).toBe(200);
    expect(((await patch.json()) as { name: { familyName: string } }).name.familyName).toBe("Potts");
    expect((await fetch(location, { method: "DELETE", headers: auth })).status).toBe(204);
  });
});

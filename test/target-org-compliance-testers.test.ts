import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningOrg, resourcesOf, sampleUser, scimClient, startOrg } from "./support/org-only";
import {
  ENTERPRISE_USER as ENTERPRISE,
  ERROR,
  CORE_GROUP as GROUP,
  LIST_RESPONSE as LIST,
  PATCH_OP as PATCH,
  CORE_USER as USER,
} from "./support/scim-urns";

// The embedded org against the checks of two open compliance tools: scim2-tester (discovery, CRUD, attribute
// selection) and suvera's scim2-compliance-test-utility (paging, filters, following meta.location).

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

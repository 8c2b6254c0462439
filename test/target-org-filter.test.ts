import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type RunningOrg,
  resourcesOf,
  type ScimBody,
  sampleUser,
  scimClient,
  startOrg,
} from "./support/org-only";
import { ENTERPRISE_USER as ENTERPRISE, CORE_GROUP as GROUP } from "./support/scim-urns";

const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

let running: RunningOrg;
let scim: ReturnType<typeof scimClient>;
const ids: Record<string, string> = {};

const people = [
  {
    userName: "alice@example.com",
    givenName: "Alice",
    familyName: "Anders",
    title: "CEO",
    active: true,
    department: "Board",
    email: "alice@work.example",
  },
  {
    userName: "Bob@Example.com",
    givenName: "Bob",
    familyName: "Baker",
    title: "CTO",
    active: true,
    department: "Engineering",
    email: "bob@work.example",
  },
  {
    userName: "carol@example.org",
    givenName: "Carol",
    familyName: "Clark",
    title: "Engineer",
    active: false,
    department: "Engineering",
    email: "carol@home.example",
  },
];

beforeEach(async () => {
  running = await startOrg();
  scim = scimClient(running);
  for (const p of people) {
    const res = await scim(
      "POST",
      "/Users",
      sampleUser({
        userName: p.userName,
        name: { givenName: p.givenName, familyName: p.familyName },
        title: p.title,
        active: p.active,
        emails: [{ value: p.email, type: p.email.includes("work") ? "work" : "home" }],
        externalId: `ext-${p.givenName}`,
        [ENTERPRISE]: { department: p.department },
      }),
    );
    ids[p.givenName] = String(res.body.id);
  }
});
afterEach(async () => {
  await running.close();
});

async function find(filter: string, endpoint = "/Users"): Promise<string[]> {
  const res = await scim("GET", `${endpoint}?filter=${encodeURIComponent(filter)}`);
  expect(res.status, `${filter}: ${JSON.stringify(res.body)}`).toBe(200);
  return resourcesOf(res.body).map((r) => String(r.id));
}

describe("filters", () => {
  it.each([
    ['userName eq "BOB@example.COM"', ["Bob"]],
    ['userName ne "alice@example.com"', ["Bob", "Carol"]],
    ['name.familyName co "ar"', ["Carol"]],
    ['userName sw "ALI"', ["Alice"]],
    ['userName ew ".org"', ["Carol"]],
    ["title pr", ["Alice", "Bob", "Carol"]],
    ["nickName pr", []],
    ['title gt "CEO"', ["Bob", "Carol"]],
    ['title ge "cto"', ["Bob", "Carol"]],
    ['title lt "cto"', ["Alice"]],
    ['title le "CTO"', ["Alice", "Bob"]],
    ['title eq "CTO" or title eq "CEO"', ["Alice", "Bob"]],
    ['active eq true and title sw "C"', ["Alice", "Bob"]],
    ["not (active eq true)", ["Carol"]],
    ['USERNAME Eq "alice@example.com"', ["Alice"]],
    ['emails[type eq "work"].value eq "bob@work.example"', ["Bob"]],
    ['emails[type eq "work"].value eq "carol@home.example"', []],
    ['emails[type eq "work" and value co "alice"]', ["Alice"]],
    ['emails.value ew "home.example"', ["Carol"]],
    [`${ENTERPRISE}:department eq "engineering"`, ["Bob", "Carol"]],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "alice@example.com"', ["Alice"]],
    ['externalId eq "ext-Alice"', ["Alice"]],
    ['externalId eq "EXT-ALICE"', []],
    ['meta.resourceType eq "User" and meta.created gt "2000-01-01T00:00:00Z"', ["Alice", "Bob", "Carol"]],
  ])("evaluates %s", async (filter, expected) => {
    expect(await find(filter)).toEqual(expected.map((name) => ids[name]));
  });

  it("matches group displayName case-insensitively and finds groups by member", async () => {
    const created = await scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Engineering Team",
      members: [{ value: ids.Bob }],
    });
    expect(await find('displayName eq "engineering team"', "/Groups")).toEqual([created.body.id]);
    expect(await find(`members.value eq "${ids.Bob}"`, "/Groups")).toEqual([created.body.id]);
    expect(await find(`groups.value eq "${created.body.id}"`)).toEqual([ids.Bob]);
  });

  it.each([
    ["userName eq", "not valid"],
    ['userName zz "x"', "not valid"],
    ['(userName eq "x"', "not valid"],
    ['userName eq "x" trailing', "not valid"],
    ['favouriteColour eq "blue"', "favouriteColour"],
    ["active gt true", "boolean"],
  ])("returns 400 invalidFilter for %s, naming the problem", async (filter, mentioned) => {
    const res = await scim("GET", `/Users?filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: "400", scimType: "invalidFilter" });
    expect(res.body.detail).toContain(mentioned);
  });

  it("treats unknown filter attributes as matching nothing in lenient mode", async () => {
    running.org.setStrict(false);
    expect(await find('favouriteColour eq "blue"')).toEqual([]);
  });
});

describe("paging", () => {
  it("pages with 1-based startIndex and count and reports numbers", async () => {
    const res = await scim("GET", "/Users?startIndex=2&count=1");
    expect(res.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(resourcesOf(res.body).map((r) => r.id)).toEqual([ids.Bob]);
  });

  it("returns only totalResults for count=0", async () => {
    const res = await scim("GET", "/Users?count=0");
    expect(res.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
  });

  it("returns an empty page past the end", async () => {
    const res = await scim("GET", "/Users?startIndex=10");
    expect(res.body).toMatchObject({ totalResults: 3, startIndex: 10, itemsPerPage: 0, Resources: [] });
  });

  it("reads startIndex below 1 as 1 and caps count at maxResults, as RFC 7644 §3.4.2.4 says", async () => {
    const res = await scim("GET", "/Users?startIndex=0&count=5000");
    expect(res.body).toMatchObject({ startIndex: 1, itemsPerPage: 3 });
  });

  it.each(["count=abc", "count=1.5", "startIndex=one", "startIndex=1&startIndex=2"])(
    "returns 400 invalidValue for %s",
    async (query) => {
      const res = await scim("GET", `/Users?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe("invalidValue");
    },
  );
});

describe("sorting", () => {
  it("sorts by a sub-attribute in both orders", async () => {
    const asc = await scim("GET", "/Users?sortBy=name.familyName");
    expect(resourcesOf(asc.body).map((r) => r.id)).toEqual([ids.Alice, ids.Bob, ids.Carol]);
    const desc = await scim("GET", "/Users?sortBy=name.familyName&sortOrder=descending");
    expect(resourcesOf(desc.body).map((r) => r.id)).toEqual([ids.Carol, ids.Bob, ids.Alice]);
  });

  it("sorts userName case-insensitively", async () => {
    const res = await scim("GET", "/Users?sortBy=userName&sortOrder=descending");
    expect(resourcesOf(res.body).map((r) => r.userName)).toEqual([
      "carol@example.org",
      "Bob@Example.com",
      "alice@example.com",
    ]);
  });

  it("returns 400 invalidValue for an unknown sortOrder", async () => {
    const res = await scim("GET", "/Users?sortBy=userName&sortOrder=sideways");
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("invalidValue");
  });
});

describe("attributes and excludedAttributes", () => {
  it("always returns id, schemas and meta even when not asked for", async () => {
    const res = await scim("GET", `/Users/${ids.Alice}?attributes=title`);
    expect(res.body).toEqual({
      schemas: expect.any(Array),
      id: ids.Alice,
      title: "CEO",
      meta: expect.objectContaining({ resourceType: "User" }),
    });
  });

  it("never returns id even when excluded, and never returns the password", async () => {
    await scim("PATCH", `/Users/${ids.Alice}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "password", value: "hunter2" }],
    });
    const res = await scim("GET", `/Users/${ids.Alice}?excludedAttributes=id,userName`);
    expect(res.body.id).toBe(ids.Alice);
    expect(res.body).not.toHaveProperty("userName");
    const all = await scim("GET", `/Users/${ids.Alice}?attributes=password,userName`);
    expect(all.body).not.toHaveProperty("password");
  });

  it("projects extension attributes and multi-valued sub-attributes", async () => {
    const res = await scim("GET", `/Users/${ids.Bob}?attributes=${ENTERPRISE}:department,emails.value`);
    expect(res.body[ENTERPRISE]).toEqual({ department: "Engineering" });
    expect(res.body.emails).toEqual([{ value: "bob@work.example" }]);
    const excluded = await scim("GET", `/Users/${ids.Bob}?excludedAttributes=${ENTERPRISE}`);
    expect(excluded.body).not.toHaveProperty(ENTERPRISE);
  });

  it("applies attributes case-insensitively on lists", async () => {
    const res = await scim("GET", "/Users?attributes=USERNAME&count=1");
    expect(Object.keys(resourcesOf(res.body)[0] as ScimBody).sort()).toEqual([
      "id",
      "meta",
      "schemas",
      "userName",
    ]);
  });
});

describe("POST .search", () => {
  it("searches users with a SearchRequest body", async () => {
    const res = await scim("POST", "/Users/.search", {
      schemas: [SEARCH],
      filter: 'title sw "C"',
      sortBy: "userName",
      startIndex: 1,
      count: 1,
      excludedAttributes: ["emails"],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 2, itemsPerPage: 1 });
    expect(resourcesOf(res.body)[0]).toMatchObject({ id: ids.Alice });
    expect(resourcesOf(res.body)[0]).not.toHaveProperty("emails");
  });

  it("searches groups at /Groups/.search and both types at /.search", async () => {
    const group = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "alice fans" });
    const groups = await scim("POST", "/Groups/.search", {
      schemas: [SEARCH],
      filter: 'displayName sw "ALICE"',
    });
    expect(resourcesOf(groups.body).map((g) => g.id)).toEqual([group.body.id]);
    const both = await scim("POST", "/.search", {
      schemas: [SEARCH],
      filter: 'displayName sw "alice" or userName sw "alice"',
    });
    expect(resourcesOf(both.body).map((r) => r.id)).toEqual([ids.Alice, group.body.id]);
  });

  it("returns 400 for a SearchRequest without its schema or with a non-integer count", async () => {
    const noSchema = await scim("POST", "/Users/.search", { filter: "userName pr" });
    expect(noSchema.body).toMatchObject({ status: "400", scimType: "invalidSyntax" });
    const badCount = await scim("POST", "/Users/.search", { schemas: [SEARCH], count: "ten" });
    expect(badCount.body).toMatchObject({ status: "400", scimType: "invalidValue" });
  });
});

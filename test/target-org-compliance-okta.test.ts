import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningOrg, resourcesOf, sampleUser, scimClient, startOrg } from "./support/org-only";
import {
  ERROR,
  CORE_GROUP as GROUP,
  LIST_RESPONSE as LIST,
  PATCH_OP as PATCH,
  CORE_USER as USER,
} from "./support/scim-urns";

// The embedded org against Okta's SCIM 2.0 SPEC test (the Runscope suite, 2023 additions included) and Okta's CRUD
// sequence for an app's users.

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

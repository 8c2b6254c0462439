import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningOrg, sampleUser, scimClient, startOrg } from "./support/org-only";
import { ERROR, CORE_GROUP as GROUP } from "./support/scim-urns";

// What the embedded org refuses or rewrites when users and groups are written: uniqueness, required and malformed
// attributes in strict and lenient mode, PUT's whole-resource replace, and ETag preconditions.

let running: RunningOrg;
let scim: ReturnType<typeof scimClient>;

beforeEach(async () => {
  running = await startOrg();
  scim = scimClient(running);
});
afterEach(async () => {
  await running.close();
});

describe("creating users", () => {
  it("returns 409 uniqueness when the same userName is posted in another letter case", async () => {
    await scim("POST", "/Users", sampleUser({ userName: "Jane.Doe@Example.com" }));
    const res = await scim("POST", "/Users", sampleUser({ userName: "jane.doe@example.COM" }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
  });

  it("returns 400 invalidValue when userName is missing or empty", async () => {
    for (const userName of [undefined, ""]) {
      const res = await scim("POST", "/Users", sampleUser({ userName }));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        scimType: "invalidValue",
        detail: expect.stringContaining("userName"),
      });
    }
  });

  it("returns 400 when schemas is missing or lacks the core schema in strict mode", async () => {
    for (const schemas of [
      undefined,
      ["urn:scim:schemas:core:1.0"],
      "urn:ietf:params:scim:schemas:core:2.0:User",
    ]) {
      const res = await scim("POST", "/Users", sampleUser({ schemas }));
      expect(res.status, JSON.stringify(schemas)).toBe(400);
      expect(res.body.scimType).toBe("invalidSyntax");
    }
  });

  it("accepts OneLogin's SCIM 1.0 URNs and single-object emails in lenient mode, normalised", async () => {
    running.org.setStrict(false);
    const res = await scim("POST", "/Users", {
      schemas: ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:enterprise:1.0"],
      userName: "onelogin.user@example.com",
      name: { givenName: "One", familyName: "Login", formatted: "One Login" },
      emails: { value: "onelogin.user@example.com", primary: true },
      "urn:scim:schemas:extension:enterprise:1.0": { department: "Ops" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      ],
      emails: [{ value: "onelogin.user@example.com", primary: true }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Ops" },
    });
  });

  it("refuses single-object emails and string booleans in strict mode, saying what was sent", async () => {
    const emails = await scim("POST", "/Users", sampleUser({ emails: { value: "x@example.com" } }));
    expect(emails.body).toMatchObject({
      status: "400",
      scimType: "invalidValue",
      detail: "attribute 'emails' must be an array, got an object",
    });
    const active = await scim("POST", "/Users", sampleUser({ active: "True" }));
    expect(active.body).toMatchObject({
      scimType: "invalidValue",
      detail: `attribute 'active' must be a boolean, got string "True"`,
    });
    const name = await scim("POST", "/Users", sampleUser({ name: "Jane Doe" }));
    expect(name.body).toMatchObject({
      scimType: "invalidValue",
      detail: expect.stringContaining("'name' must be an object"),
    });
  });

  it("drops unknown and readOnly attributes instead of storing them", async () => {
    const res = await scim(
      "POST",
      "/Users",
      sampleUser({ favouriteColour: "blue", id: "mine", groups: [{ value: "g" }] }),
    );
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty("favouriteColour");
    expect(res.body).not.toHaveProperty("groups");
    expect(res.body.id).not.toBe("mine");
  });

  it("reads attribute names case-insensitively and stores them in canonical case", async () => {
    const res = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      USERNAME: "casey",
      Name: { GivenName: "Casey" },
    });
    expect(res.body).toMatchObject({ userName: "casey", name: { givenName: "Casey" } });
  });
});

describe("groups", () => {
  it("returns 409 uniqueness for a displayName that differs only in case", async () => {
    await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Admins" });
    const res = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "ADMINS" });
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe("uniqueness");
  });

  it("returns 400 invalidValue for a missing displayName or an unknown member in strict mode", async () => {
    const noName = await scim("POST", "/Groups", { schemas: [GROUP] });
    expect(noName.body).toMatchObject({ status: "400", scimType: "invalidValue" });
    const ghost = await scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "x",
      members: [{ value: "ghost" }],
    });
    expect(ghost.body).toMatchObject({ status: "400", scimType: "invalidValue" });
  });

  it("accepts an unknown member in lenient mode", async () => {
    running.org.setStrict(false);
    const res = await scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "x",
      members: [{ value: "ghost" }],
    });
    expect(res.status).toBe(201);
    expect(res.body.members).toEqual([{ value: "ghost" }]);
  });
});

describe("PUT", () => {
  it("returns 400 mutability when the body's id differs from the URL's", async () => {
    const created = await scim("POST", "/Users", sampleUser());
    const res = await scim("PUT", `/Users/${created.body.id}`, sampleUser({ id: "someone-else" }));
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("mutability");
  });

  it("replaces the whole resource, dropping attributes the body leaves out, and keeps created", async () => {
    const created = await scim("POST", "/Users", sampleUser({ title: "CEO", nickName: "J" }));
    const res = await scim("PUT", `/Users/${created.body.id}`, sampleUser({ title: "CTO" }));
    expect(res.body.title).toBe("CTO");
    expect(res.body).not.toHaveProperty("nickName");
    expect((res.body.meta as Record<string, string>).created).toBe(
      (created.body.meta as Record<string, string>).created,
    );
    expect(res.headers.get("etag")).toBe('W/"2"');
  });

  it("returns 404 for an unknown id", async () => {
    const res = await scim("PUT", "/Users/nope", sampleUser());
    expect(res.status).toBe(404);
    expect(res.body.schemas).toEqual([ERROR]);
  });
});

describe("ETags and preconditions", () => {
  it("sends a weak ETag matching meta.version on single-resource responses", async () => {
    const created = await scim("POST", "/Users", sampleUser());
    expect(created.headers.get("etag")).toBe('W/"1"');
    const got = await scim("GET", `/Users/${created.body.id}`);
    expect(got.headers.get("etag")).toBe((got.body.meta as Record<string, string>).version);
  });

  it("returns 412 for PUT, PATCH and DELETE with a stale If-Match and proceeds with the current one", async () => {
    const created = await scim("POST", "/Users", sampleUser());
    const path = `/Users/${created.body.id}`;
    const patch = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "title", value: "x" }],
    };
    const stale = { "If-Match": 'W/"7"' };
    for (const [method, body] of [
      ["PUT", sampleUser()],
      ["PATCH", patch],
      ["DELETE", undefined],
    ] as const) {
      const res = await scim(method, path, body, stale);
      expect(res.status, method).toBe(412);
      expect(res.body).toMatchObject({
        schemas: [ERROR],
        status: "412",
        detail: expect.stringContaining("precondition"),
      });
    }
    const ok = await scim("PATCH", path, patch, { "If-Match": 'W/"1"' });
    expect(ok.status).toBe(200);
    expect((await scim("DELETE", path, undefined, { "If-Match": "*" })).status).toBe(204);
  });

  it("answers 304 to a GET whose If-None-Match names the current version", async () => {
    const created = await scim("POST", "/Users", sampleUser());
    const res = await fetch(`${running.baseUrl}/Users/${created.body.id}`, {
      headers: { Authorization: `Bearer ${running.token}`, "If-None-Match": 'W/"1"' },
    });
    expect(res.status).toBe(304);
  });
});

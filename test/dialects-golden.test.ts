// Golden exchanges per dialect and operation. Each expectation cites where the shape comes from; see
// ../shared/reference/idp-wire.md and docs/dialects.md. Sources:
//   okta-docs  = okta/okta-developer-docs …/docs/reference/scim/scim-20/index.md
//   entra-use  = MicrosoftDocs/entra-docs …/app-provisioning/use-scim-to-provision-users-and-groups.md
//   entra-062020 = MicrosoftDocs/entra-docs …/application-provisioning-config-problem-scim-compatibility.md
//   onelogin   = developers.onelogin.com/scim (implement-scim-api, define-user-schema), onelogin/onelogin-scim-node
import { describe, expect, it } from "vitest";
import type { Profile, RenderedExchange, TargetOptions, User } from "../server/protocol";
import {
  beforeAndAfter,
  operationFor,
  RENDER_REMOTE_ID,
  renderOperation,
  renderTestConnection,
} from "../server/provisioning/dry-run";

const BASE = "https://app.example.com/scim/v2";
const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const user: User = {
  id: "d1",
  userName: "test.user@okta.local",
  givenName: "Test",
  familyName: "User",
  displayName: "Test User",
  email: "test.user@okta.local",
  title: null,
  department: null,
  employeeNumber: null,
  managerId: null,
  phone: null,
  locale: "en-US",
  active: true,
  passwordSet: false,
  origin: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

function render(
  profile: Profile,
  kind: Parameters<typeof operationFor>[0],
  after: Partial<User> = {},
  options: TargetOptions = {},
  before: Partial<User> = {},
) {
  const { before: b, after: a } = beforeAndAfter(kind, { ...user, ...before }, after);
  return renderOperation(profile, operationFor(kind, b, a, profile), {
    baseUrl: BASE,
    targetOptions: options,
    remoteIdOf: (id) => (id === "mgr" ? "remote-mgr" : null),
    userOf: (id) => (id === "mgr" ? { ...user, id: "mgr", displayName: "Mia Manager" } : undefined),
  }).exchanges;
}

const line = (e: RenderedExchange) => `${e.method} ${decodeURIComponent(e.url.slice(BASE.length))}`;
const userUrl = `/Users/${RENDER_REMOTE_ID}`;

describe("the okta dialect", () => {
  it("probes with startIndex and count, then POSTs externalId, locale, groups, a random password and active (okta-docs: Create)", () => {
    const [probe, post] = render("okta", "create");
    expect(line(probe as RenderedExchange)).toBe(
      '/Users?filter=userName eq "test.user@okta.local"&startIndex=1&count=100'.replace(/^/, "GET "),
    );
    expect(probe?.url).toBe(
      `${BASE}/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100`,
    );
    expect(post?.method).toBe("POST");
    expect(post?.body).toEqual({
      schemas: [CORE],
      userName: "test.user@okta.local",
      name: { givenName: "Test", familyName: "User" },
      emails: [{ primary: true, value: "test.user@okta.local", type: "work" }],
      displayName: "Test User",
      locale: "en-US",
      // The Okta user id (00u…), the same one its tokens carry as sub (server/idp-ids.ts).
      externalId: "00u6NRfZHc6YI45WeNIL",
      groups: [],
      password: "[random password]",
      active: true,
    });
    expect(post?.headers["user-agent"]).toBe("Okta SCIM Client 1.0.0");
  });

  it("reads the user by id, then PUTs the whole object with id and groups (okta-docs: Update)", () => {
    const [get, put] = render("okta", "update", { givenName: "Another", displayName: "Another User" });
    expect(line(get as RenderedExchange)).toBe(`GET ${userUrl}`);
    expect(put?.method).toBe("PUT");
    expect(put?.body).toMatchObject({
      id: RENDER_REMOTE_ID,
      groups: [],
      name: { givenName: "Another" },
      active: true,
    });
    expect(put?.body).not.toHaveProperty("password");
  });

  it("deactivates with a path-less replace of active and never DELETEs a user (okta-docs: Deactivate)", () => {
    const deactivate = render("okta", "deactivate");
    expect(deactivate.map(line)).toEqual([`GET ${userUrl}`, `PATCH ${userUrl}`]);
    expect(deactivate[1]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    const reactivate = render("okta", "reactivate");
    expect(reactivate[1]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: true } }],
    });
    expect(render("okta", "delete").map((e) => e.method)).not.toContain("DELETE");
  });

  it("tests the connection with startIndex=1&count=2 (Delinea's description of Test API Credentials)", () => {
    expect(line(renderTestConnection("okta", BASE))).toBe("GET /Users?startIndex=1&count=2");
  });
});

describe("the okta-aiw dialect", () => {
  it("sends every update, deactivation and reactivation as a PUT of the full user (okta-docs: AIW apps use PUT)", () => {
    expect(render("okta-aiw", "update", { title: "Lead" }).map((e) => e.method)).toEqual(["GET", "PUT"]);
    const off = render("okta-aiw", "deactivate");
    expect(off.map((e) => e.method)).toEqual(["GET", "PUT"]);
    expect(off[1]?.body).toMatchObject({ id: RENDER_REMOTE_ID, active: false });
    expect(render("okta-aiw", "reactivate")[1]?.body).toMatchObject({ active: true });
  });
});

describe("the entra dialect", () => {
  it("matches on userName, then POSTs core and enterprise schemas, externalId from the mail nickname, meta and roles (entra-use: Create User)", () => {
    const [probe, post] = render("entra", "create", { department: "Sales", employeeNumber: "42" });
    expect(line(probe as RenderedExchange)).toBe('GET /Users?filter=userName+eq+"test.user@okta.local"');
    expect(post?.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    expect(post?.body).toEqual({
      schemas: [CORE, ENT],
      externalId: "test.user",
      userName: "test.user@okta.local",
      active: true,
      emails: [{ primary: true, type: "work", value: "test.user@okta.local" }],
      meta: { resourceType: "User" },
      name: { formatted: "Test User", familyName: "User", givenName: "Test" },
      displayName: "Test User",
      preferredLanguage: "en-US",
      roles: [],
      [ENT]: { department: "Sales", employeeNumber: "42" },
    });
  });

  it("sets the manager in a separate PATCH after the create, lower-case with a bare string as captured (entra-use: reference attributes; SCIM-SDK#686)", () => {
    const exchanges = render("entra", "create", { managerId: "mgr" });
    expect(exchanges.map((e) => e.method)).toEqual(["GET", "POST", "PATCH"]);
    expect(exchanges[1]?.body).not.toHaveProperty([ENT, "manager"]);
    expect(exchanges[2]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: `${ENT}:manager`, value: "remote-mgr" }],
    });
  });

  it("updates with capitalised ops, one per attribute, on filtered and enterprise paths (entra-use: Update User)", () => {
    const [probe, patch] = render(
      "entra",
      "update",
      { email: "updatedEmail@microsoft.com", familyName: "updatedFamilyName", department: "Finance" },
      {},
      { department: "Sales" },
    );
    expect(line(probe as RenderedExchange)).toBe('GET /Users?filter=userName+eq+"test.user@okta.local"');
    expect(patch?.method).toBe("PATCH");
    expect(patch?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        // The mail nickname changed with the address, and externalId follows it (compat page sample).
        { op: "Replace", path: "externalId", value: "updatedEmail" },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
        { op: "Replace", path: "name.formatted", value: "Test updatedFamilyName" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
        { op: "Replace", path: `${ENT}:department`, value: "Finance" },
      ],
    });
  });

  it('disables with the string "False" and reactivates with "True" (entra-062020: default behaviour)', () => {
    expect(render("entra", "deactivate")[1]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(render("entra", "reactivate")[1]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: "True" }],
    });
    expect(render("entra", "deactivate", {}, { activeAs: "boolean" })[1]?.body).toMatchObject({
      Operations: [{ value: false }],
    });
  });

  it("turns a directory delete into a disable, never a PUT or a DELETE (entra-use: soft delete)", () => {
    const exchanges = render("entra", "delete");
    expect(exchanges.map((e) => e.method)).toEqual(["GET", "PATCH"]);
    for (const kind of ["update", "deactivate", "reactivate"] as const) {
      expect(render("entra", kind, { title: "X" }).map((e) => e.method)).not.toContain("PUT");
    }
  });

  it("tests the connection with a filter on a random GUID (entra-use: Test Connection)", () => {
    expect(line(renderTestConnection("entra", BASE))).toBe(
      'GET /Users?filter=userName+eq+"00000000-0000-4000-8000-000000000000"',
    );
    expect(line(renderTestConnection("entra", BASE, { matchAttribute: "externalId" }))).toMatch(
      /^GET \/Users\?filter=externalId\+eq\+"/,
    );
  });
});

describe("the entra-scim062020 dialect", () => {
  it("uses lower-case ops, a boolean active, and one path-less replace with dotted keys (entra-062020 table)", () => {
    const [, patch] = render(
      "entra-scim062020",
      "update",
      { displayName: "Bjfe", givenName: "Kkom", email: "new@example.com", employeeNumber: "Aklq" },
      {},
      { employeeNumber: "1" },
    );
    expect(patch?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        { op: "replace", path: "externalId", value: "new" },
        { op: "replace", path: 'emails[type eq "work"].value', value: "new@example.com" },
        {
          op: "replace",
          value: {
            "name.givenName": "Kkom",
            "name.formatted": "Kkom User",
            displayName: "Bjfe",
            [`${ENT}:employeeNumber`]: "Aklq",
          },
        },
      ],
    });
    expect(render("entra-scim062020", "deactivate")[1]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
  });

  it("adds a value that was not set before with its own add op (entra-062020: Add single value)", () => {
    const [, patch] = render("entra-scim062020", "update", { title: "Lead" });
    expect(patch?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "title", value: "Lead" }],
    });
  });
});

describe("the onelogin dialect", () => {
  it("looks the user up by userName, then POSTs (onelogin: Get User, Create User)", () => {
    const exchanges = render("onelogin", "create");
    expect(exchanges.map(line)).toEqual([
      'GET /Users?filter=userName eq "test.user@okta.local"',
      "POST /Users",
    ]);
    expect(exchanges[1]?.body).toMatchObject({
      schemas: [CORE, ENT],
      userName: "test.user@okta.local",
      active: true,
    });
  });

  it("updates and suspends with a PUT of the full user and never PATCHes a user (onelogin-scim-node routes)", () => {
    const update = render("onelogin", "update", { title: "Lead" });
    expect(update.map((e) => e.method)).toEqual(["GET", "PUT"]);
    const suspend = render("onelogin", "delete");
    expect(suspend.map((e) => e.method)).toEqual(["GET", "PUT"]);
    expect(suspend[1]?.body).toMatchObject({ id: RENDER_REMOTE_ID, active: false });
    for (const kind of ["update", "deactivate", "reactivate", "delete"] as const) {
      expect(render("onelogin", kind, { title: "X" }).map((e) => e.method)).not.toContain("PATCH");
    }
  });

  it("sends SCIM 1.0 URNs and emails as an object with the published templates, the core one without active (onelogin: define-user-schema)", () => {
    const core = render("onelogin", "create", {}, { template: "v1-core" })[1]?.body;
    expect(core).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      userName: "test.user@okta.local",
      name: { givenName: "Test", familyName: "User", formatted: "Test User" },
    });
    const enterprise = render("onelogin", "create", {}, { template: "v1-enterprise" })[1]?.body;
    expect(enterprise).toMatchObject({
      schemas: ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:enterprise:1.0"],
      emails: { value: "test.user@okta.local", type: "work", primary: true },
    });
  });
});

describe("the rfc dialect", () => {
  it("adds a first work email as an entry, replaces a changed one and removes a cleared one (RFC 7644 §3.5.2)", () => {
    const add = render("rfc", "update", { email: "a@example.com" }, {}, { email: null });
    expect(add[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [
        { op: "add", path: "emails", value: [{ value: "a@example.com", type: "work", primary: true }] },
      ],
    });
    const replace = render("rfc", "update", { email: "b@example.com" });
    expect(replace[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: 'emails[type eq "work"].value', value: "b@example.com" }],
    });
    const remove = render("rfc", "update", { email: null });
    expect(remove[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "remove", path: 'emails[type eq "work"]' }],
    });
  });

  it("honours per-target overrides of the User-Agent, the update method and the matching attribute", () => {
    const options: TargetOptions = {
      userAgent: "Acme IdP/2",
      updateMethod: "PUT",
      matchAttribute: "externalId",
    };
    const create = render("rfc", "create", {}, options);
    expect(line(create[0] as RenderedExchange)).toBe('GET /Users?filter=externalId eq "d1"');
    expect(create[0]?.headers["user-agent"]).toBe("Acme IdP/2");
    const update = render("rfc", "update", { title: "Lead" }, options);
    expect(update.map((e) => e.method)).toEqual(["PUT"]);
    expect(update[0]?.body).toMatchObject({ id: RENDER_REMOTE_ID, title: "Lead" });
  });
});

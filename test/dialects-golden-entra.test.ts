// Golden exchanges of the entra and entra-scim062020 dialects per operation. Each expectation cites where the
// shape comes from; see ../shared/reference/idp-wire.md and docs/dialects.md. Sources:
//   entra-use  = MicrosoftDocs/entra-docs …/app-provisioning/use-scim-to-provision-users-and-groups.md
//   entra-062020 = MicrosoftDocs/entra-docs …/application-provisioning-config-problem-scim-compatibility.md
import { describe, expect, it } from "vitest";
import type { RenderedExchange } from "../server/protocol";
import { renderTestConnection } from "../server/provisioning/dry-run";
import { BASE, line, render } from "./support/golden-render";

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

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

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningOrg, resourcesOf, scimClient, startOrg } from "./support/org-only";
import {
  ENTERPRISE_USER as ENTERPRISE,
  ERROR,
  CORE_GROUP as GROUP,
  LIST_RESPONSE as LIST,
  PATCH_OP as PATCH,
  CORE_USER as USER,
} from "./support/scim-urns";

// The embedded org against Microsoft Entra's provisioning flows: Test Connection, user and group lifecycles, the
// aadOptscim062020 PATCH form, and the "False" string in strict and lenient mode.

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

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningOrg, type ScimBody, sampleUser, scimClient, startOrg } from "./support/org-only";
import { patchSubject } from "./support/patch-subject";
import { ENTERPRISE_USER as ENTERPRISE, PATCH_OP as PATCH } from "./support/scim-urns";
import { readStore } from "./support/store-file";

// PATCH on the embedded org's users: op names, paths (simple, complex, value-filtered, URN-qualified), the manager,
// strict and lenient mode, every error a bad operation earns, and the version a change bumps.

let running: RunningOrg;
let scim: ReturnType<typeof scimClient>;
let user: ScimBody;

beforeEach(async () => {
  running = await startOrg();
  scim = scimClient(running);
  user = (await scim("POST", "/Users", patchSubject())).body;
});
afterEach(async () => {
  await running.close();
});

const patchUser = (Operations: unknown[], id = String(user.id)) =>
  scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations });

describe("PATCH on users", () => {
  it("accepts op names in any letter case", async () => {
    for (const op of ["replace", "Replace", "REPLACE"]) {
      const res = await patchUser([{ op, path: "title", value: op }]);
      expect(res.status, op).toBe(200);
      expect(res.body.title).toBe(op);
    }
  });

  it("adds, replaces and removes a simple attribute by path", async () => {
    expect((await patchUser([{ op: "Add", path: "nickName", value: "Babs" }])).body.nickName).toBe("Babs");
    expect((await patchUser([{ op: "replace", path: "nickName", value: "Bee" }])).body.nickName).toBe("Bee");
    const removed = await patchUser([{ op: "remove", path: "nickName" }]);
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty("nickName");
  });

  it("resolves attribute names in paths case-insensitively", async () => {
    const res = await patchUser([{ op: "replace", path: "NAME.GIVENNAME", value: "Janet" }]);
    expect(res.status).toBe(200);
    expect(res.body.name).toEqual({ givenName: "Janet", familyName: "Doe" });
  });

  it("replaces one sub-attribute of a complex attribute and keeps its siblings", async () => {
    const res = await patchUser([{ op: "replace", path: "name", value: { familyName: "Smith" } }]);
    expect(res.body.name).toEqual({ givenName: "Jane", familyName: "Smith" });
  });

  it("applies Okta's path-less replace of active", async () => {
    const res = await patchUser([{ op: "replace", value: { active: false } }]);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
  });

  it("applies a path-less replace whose value nests a complex attribute without wiping its other sub-attributes", async () => {
    const res = await patchUser([{ op: "replace", value: { name: { givenName: "Janet" } } }]);
    expect(res.body.name).toEqual({ givenName: "Janet", familyName: "Doe" });
  });

  it("applies a path-less value keyed by the enterprise extension URN", async () => {
    const res = await patchUser([{ op: "add", value: { [ENTERPRISE]: { division: "Labs" } } }]);
    expect(res.body[ENTERPRISE]).toEqual({ department: "R&D", costCenter: "42", division: "Labs" });
  });

  it("replaces and removes enterprise attributes addressed by their full URN path", async () => {
    const replaced = await patchUser([{ op: "Replace", path: `${ENTERPRISE}:department`, value: "Sales" }]);
    expect(replaced.body[ENTERPRISE]).toEqual({ department: "Sales", costCenter: "42" });
    const removed = await patchUser([
      { op: "Remove", path: `${ENTERPRISE}:department` },
      { op: "Remove", path: `${ENTERPRISE}:costCenter` },
    ]);
    expect(removed.body).not.toHaveProperty(ENTERPRISE);
    expect(removed.body.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:User"]);
  });

  it("sets the manager by URN path and renders its $ref and displayName", async () => {
    const boss = await scim("POST", "/Users", sampleUser({ userName: "boss", displayName: "The Boss" }));
    const res = await patchUser([
      { op: "add", path: `${ENTERPRISE}:manager`, value: { value: boss.body.id } },
    ]);
    expect(res.body[ENTERPRISE]).toMatchObject({
      manager: {
        value: boss.body.id,
        $ref: `${running.baseUrl}/Users/${boss.body.id}`,
        displayName: "The Boss",
      },
    });
  });

  it("refuses Entra's bare-string manager in strict mode and wraps it in lenient mode", async () => {
    const op = { op: "add", path: `${ENTERPRISE}:manager`, value: "some-id" };
    const strict = await patchUser([op]);
    expect(strict.status).toBe(400);
    expect(strict.body).toMatchObject({
      scimType: "invalidValue",
      detail: expect.stringContaining("must be an object"),
    });
    running.org.setStrict(false);
    const lenient = await patchUser([op]);
    expect(lenient.body[ENTERPRISE]).toMatchObject({ manager: { value: "some-id" } });
  });

  it("maps the old Entra example's unprefixed manager path with an array value in lenient mode only", async () => {
    const boss = await scim("POST", "/Users", sampleUser({ userName: "boss" }));
    const op = { op: "Add", path: "manager", value: [{ $ref: "http://old/Users/x", value: boss.body.id }] };
    const strict = await patchUser([op]);
    expect(strict.body).toMatchObject({ status: "400", scimType: "invalidPath" });
    running.org.setStrict(false);
    const lenient = await patchUser([op]);
    expect(lenient.body[ENTERPRISE]).toMatchObject({
      manager: { value: boss.body.id, $ref: `${running.baseUrl}/Users/${boss.body.id}`, displayName: "boss" },
    });
  });

  it("keeps a stored password through a PUT that omits it, and never returns it", async () => {
    await patchUser([{ op: "replace", path: "password", value: "hunter2" }]);
    const before = await readStore<{ users: Record<string, { data: ScimBody }> }>(running.file);
    const hash = before.users[String(user.id)]?.data.password;
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const put = await scim("PUT", `/Users/${user.id}`, sampleUser({ title: "x" }));
    expect(put.body).not.toHaveProperty("password");
    await running.org.close();
    const after = await readStore<{ users: Record<string, { data: ScimBody }> }>(running.file);
    expect(after.users[String(user.id)]?.data.password).toBe(hash);
  });

  it("replaces the value of the element selected by a value filter", async () => {
    const res = await patchUser([
      { op: "replace", path: 'emails[type eq "home"].value', value: "jane@new-home.example" },
    ]);
    expect(res.body.emails).toEqual([
      { value: "jane@work.example", type: "work", primary: true },
      { value: "jane@new-home.example", type: "home" },
    ]);
  });

  it("adds a new element when a replace's value filter matches nothing, as Entra's work-email update needs", async () => {
    const res = await patchUser([
      { op: "replace", path: 'phoneNumbers[type eq "work"].value', value: "+1 555 0100" },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.phoneNumbers).toEqual([{ type: "work", value: "+1 555 0100" }]);
  });

  it("removes only the elements a value filter selects", async () => {
    const res = await patchUser([{ op: "remove", path: 'emails[type eq "home"]' }]);
    expect(res.body.emails).toEqual([{ value: "jane@work.example", type: "work", primary: true }]);
  });

  it("removes elements whose filter value contains a colon and compares case-insensitively", async () => {
    await patchUser([{ op: "add", path: "ims", value: [{ value: "xmpp:jane@chat.example", type: "xmpp" }] }]);
    const byColon = await patchUser([{ op: "remove", path: 'ims[value eq "xmpp:jane@chat.example"]' }]);
    expect(byColon.status).toBe(200);
    expect(byColon.body).not.toHaveProperty("ims");
    const byCase = await patchUser([{ op: "remove", path: 'emails[type eq "HOME"]' }]);
    expect(byCase.body.emails).toEqual([{ value: "jane@work.example", type: "work", primary: true }]);
  });

  it("returns 400 noTarget when a remove's value filter matches nothing", async () => {
    const res = await patchUser([{ op: "remove", path: 'emails[type eq "other"]' }]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: "400", scimType: "noTarget" });
  });

  it("returns 400 noTarget for a remove without a path", async () => {
    const res = await patchUser([{ op: "remove", value: { title: "x" } }]);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("noTarget");
  });

  it("adds elements to a multi-valued attribute without duplicating existing ones", async () => {
    const res = await patchUser([
      { op: "add", path: "emails", value: [{ value: "jane@work.example", type: "work", primary: true }] },
      { op: "add", path: "emails", value: { value: "jane@other.example", type: "other" } },
    ]);
    expect(res.body.emails).toHaveLength(3);
  });

  it("returns 400 invalidSyntax for an unknown op", async () => {
    const res = await patchUser([{ op: "merge", path: "title", value: "x" }]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ scimType: "invalidSyntax", detail: expect.stringContaining('"merge"') });
  });

  it("returns 400 invalidSyntax when the PatchOp schema or Operations are missing", async () => {
    const noSchema = await scim("PATCH", `/Users/${user.id}`, {
      Operations: [{ op: "add", path: "title", value: "x" }],
    });
    expect(noSchema.body.scimType).toBe("invalidSyntax");
    const noOps = await scim("PATCH", `/Users/${user.id}`, { schemas: [PATCH], Operations: [] });
    expect(noOps.body.scimType).toBe("invalidSyntax");
  });

  it("returns 400 invalidPath for unknown attributes, unknown sub-attributes and malformed filters", async () => {
    for (const path of [
      "favouriteColour",
      "name.nickname",
      'emails[type eq "work"',
      "emails[type zz 1]",
      "urn:x:y:z",
    ]) {
      const res = await patchUser([{ op: "replace", path, value: "x" }]);
      expect(res.status, path).toBe(400);
      expect(res.body.scimType, path).toBe("invalidPath");
    }
  });

  it("returns 400 mutability for attempts to change id, meta or the readOnly groups", async () => {
    for (const op of [
      { op: "replace", path: "id", value: "other" },
      { op: "replace", path: "meta.created", value: "2020-01-01T00:00:00Z" },
      { op: "add", path: "groups", value: [{ value: "g" }] },
      { op: "replace", value: { id: "other" } },
    ]) {
      const res = await patchUser([op]);
      expect(res.status, JSON.stringify(op)).toBe(400);
      expect(res.body.scimType, JSON.stringify(op)).toBe("mutability");
    }
  });

  it("returns 400 invalidValue when a remove would unassign the required userName", async () => {
    const res = await patchUser([{ op: "remove", path: "userName" }]);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("invalidValue");
  });

  it("returns 409 uniqueness when a replace would give the user another user's userName in another case", async () => {
    await scim("POST", "/Users", sampleUser({ userName: "taken@example.com" }));
    const res = await patchUser([{ op: "replace", path: "userName", value: "TAKEN@example.com" }]);
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe("uniqueness");
  });

  it("applies all operations or none when one fails", async () => {
    const res = await patchUser([
      { op: "replace", path: "title", value: "applied?" },
      { op: "replace", path: "nope", value: "x" },
    ]);
    expect(res.status).toBe(400);
    expect((await scim("GET", `/Users/${user.id}`)).body).not.toHaveProperty("title");
  });

  it("bumps the version and lastModified on a change and keeps them on a no-op", async () => {
    const changed = await patchUser([{ op: "replace", path: "title", value: "CTO" }]);
    expect(changed.headers.get("etag")).toBe('W/"2"');
    const same = await patchUser([{ op: "replace", path: "title", value: "CTO" }]);
    expect(same.headers.get("etag")).toBe('W/"2"');
    expect((same.body.meta as ScimBody).lastModified).toBe((changed.body.meta as ScimBody).lastModified);
  });
});

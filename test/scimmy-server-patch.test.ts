import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORE_USER, ENTERPRISE_USER } from "./support/scim-urns";
import { patchOp, scimmyClient } from "./support/scimmy-client";
import { type ScimmyServer, startScimmyServer } from "./support/scimmy-server";

/**
 * PATCH on users of the SCIMMY fixture server: which op names, paths and values SCIMMY 1.3.5 (+ scimmy-routers
 * 1.3.2 on express 5) applies and which it refuses with a 400, so the product knows what a third-party,
 * schema-validating SCIM server accepts and rejects.
 */

let server: ScimmyServer;

beforeAll(async () => {
  server = await startScimmyServer();
});

afterAll(async () => {
  await server.close();
});

const { send, createUser } = scimmyClient(() => server);

describe("the SCIMMY fixture server", () => {
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
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningOrg, type ScimBody, sampleUser, scimClient, startOrg } from "./support/org-only";
import { patchSubject } from "./support/patch-subject";
import { CORE_GROUP as GROUP, PATCH_OP as PATCH } from "./support/scim-urns";

// PATCH on the embedded org's groups: the 204 or 200 answer, Entra's and the RFC's ways of removing a member,
// replacing all members, the errors for members that are not there, and membership as the user shows it.

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

describe("PATCH on groups", () => {
  const createGroup = async (members: string[] = []) =>
    (
      await scim("POST", "/Groups", {
        schemas: [GROUP],
        displayName: "Team",
        members: members.map((value) => ({ value })),
      })
    ).body;
  const patchGroup = (id: unknown, Operations: unknown[], query = "") =>
    scim("PATCH", `/Groups/${id}${query}`, { schemas: [PATCH], Operations });

  it("answers 204 with no body, or 200 with the group when attributes are requested", async () => {
    const group = await createGroup();
    const quiet = await patchGroup(group.id, [{ op: "add", path: "members", value: [{ value: user.id }] }]);
    expect(quiet.status).toBe(204);
    expect(quiet.headers.get("content-type")).toBeNull();
    const loud = await patchGroup(
      group.id,
      [{ op: "replace", path: "displayName", value: "Team 2" }],
      "?attributes=displayName",
    );
    expect(loud.status).toBe(200);
    expect(loud.body).toEqual({
      schemas: [GROUP],
      id: group.id,
      displayName: "Team 2",
      meta: expect.objectContaining({ resourceType: "Group" }),
    });
  });

  it("removes a member with Entra's default form, path members plus a value array", async () => {
    const other = await scim("POST", "/Users", sampleUser({ userName: "other" }));
    const group = await createGroup([String(user.id), String(other.body.id)]);
    await patchGroup(group.id, [{ op: "Remove", path: "members", value: [{ value: user.id }] }]);
    const res = await scim("GET", `/Groups/${group.id}`);
    expect((res.body.members as ScimBody[]).map((m) => m.value)).toEqual([other.body.id]);
  });

  it('removes a member addressed with members[value eq "id"]', async () => {
    const group = await createGroup([String(user.id)]);
    const res = await patchGroup(group.id, [{ op: "remove", path: `members[value eq "${user.id}"]` }]);
    expect(res.status).toBe(204);
    expect((await scim("GET", `/Groups/${group.id}`)).body).not.toHaveProperty("members");
  });

  it("returns 400 noTarget when removing a member that is not in the group", async () => {
    const group = await createGroup();
    const res = await patchGroup(group.id, [{ op: "remove", path: 'members[value eq "not-a-member"]' }]);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("noTarget");
  });

  it("returns 400 invalidValue when adding a member id that matches no user or group", async () => {
    const group = await createGroup();
    const res = await patchGroup(group.id, [{ op: "add", path: "members", value: [{ value: "ghost" }] }]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ scimType: "invalidValue", detail: expect.stringContaining("'ghost'") });
  });

  it("replaces all members at once and ignores a repeated member", async () => {
    const other = await scim("POST", "/Users", sampleUser({ userName: "other" }));
    const group = await createGroup([String(user.id)]);
    await patchGroup(group.id, [
      { op: "replace", path: "members", value: [{ value: other.body.id }, { value: other.body.id }] },
    ]);
    const res = await scim("GET", `/Groups/${group.id}`);
    expect(res.body.members).toEqual([
      {
        value: other.body.id,
        $ref: `${running.baseUrl}/Users/${other.body.id}`,
        display: "other",
        type: "User",
      },
    ]);
  });

  it("shows group membership on the user and drops it when the user is deleted", async () => {
    const group = await createGroup([String(user.id)]);
    const member = await scim("GET", `/Users/${user.id}`);
    expect(member.body.groups).toEqual([
      { value: group.id, $ref: `${running.baseUrl}/Groups/${group.id}`, display: "Team", type: "direct" },
    ]);
    await scim("DELETE", `/Users/${user.id}`);
    expect((await scim("GET", `/Groups/${group.id}`)).body).not.toHaveProperty("members");
  });
});

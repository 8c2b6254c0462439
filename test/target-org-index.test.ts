import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningOrg, resourcesOf, sampleUser, scimClient, startOrg } from "./support/org-only";
import { CORE_GROUP as GROUP } from "./support/scim-urns";

// The embedded org answers IdP probes from an index; these hold it to the answers a full scan gives.

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
let running: RunningOrg;
let scim: ReturnType<typeof scimClient>;
beforeEach(async () => {
  running = await startOrg();
  scim = scimClient(running);
});
afterEach(() => running.close());

const probe = async (resource: "Users" | "Groups", filter: string) =>
  resourcesOf((await scim("GET", `/${resource}?filter=${encodeURIComponent(filter)}`)).body).map((r) => r.id);

describe("probes answered from the index", () => {
  it("follow a userName through a rename and a delete, whatever the letter case asked", async () => {
    const made = await scim(
      "POST",
      "/Users",
      sampleUser({ userName: "Kim@Example.com", externalId: "ext-1" }),
    );
    const id = String(made.body.id);
    expect(await probe("Users", 'userName eq "kim@example.com"')).toEqual([id]);
    await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "userName", value: "kim.lee@example.com" }],
    });
    expect(await probe("Users", 'userName eq "kim@example.com"')).toEqual([]);
    expect(await probe("Users", 'userName eq "KIM.LEE@example.com"')).toEqual([id]);
    // externalId is case-exact (RFC 7643 §3.1).
    expect(await probe("Users", 'externalId eq "ext-1"')).toEqual([id]);
    expect(await probe("Users", 'externalId eq "EXT-1"')).toEqual([]);
    await scim("DELETE", `/Users/${id}`);
    expect(await probe("Users", 'userName eq "kim.lee@example.com"')).toEqual([]);
  });

  it("refuse a duplicate userName or group name through the index, and allow it once the holder is gone", async () => {
    const first = await scim("POST", "/Users", sampleUser({ userName: "dup@example.com" }));
    expect((await scim("POST", "/Users", sampleUser({ userName: "DUP@example.com" }))).status).toBe(409);
    await scim("DELETE", `/Users/${first.body.id}`);
    expect((await scim("POST", "/Users", sampleUser({ userName: "DUP@example.com" }))).status).toBe(201);
    const group = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Sales" });
    expect(await probe("Groups", 'displayName eq "sales"')).toEqual([group.body.id]);
    expect((await scim("POST", "/Groups", { schemas: [GROUP], displayName: "SALES" })).status).toBe(409);
  });

  it("find the same resources as a scan after a restart", async () => {
    await scim("POST", "/Users", sampleUser({ userName: "stay@example.com" }));
    await running.close({ keepDir: true });
    running = await startOrg({ dir: running.dir });
    scim = scimClient(running);
    expect(await probe("Users", 'userName eq "stay@example.com"')).toHaveLength(1);
    expect(await probe("Users", 'userName eq "stay@example.com" and active eq true')).toHaveLength(1);
  });
});

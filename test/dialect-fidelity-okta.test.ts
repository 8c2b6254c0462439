import { afterEach, describe, expect, it } from "vitest";
import type { TargetView } from "../server/protocol";
import { lines, remoteOf, since } from "./support/org-wire";
import { createUser, embeddedTarget, exchangesOf, pathOf, type Running, start } from "./support/simulator";

// The audit's mismatches in Okta's dialects, reproduced against the embedded org and asserted on what crossed the
// wire: the read-modify-write PUT, a 404 from the read before an update, and okta-aiw's group push.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("okta's profile update", () => {
  it("PUTs back the object it read, so attributes only the server holds survive (okta-docs: Update a specific User)", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "okta" });
    const user = await createUser(run, { title: "Engineer" });
    await run.sim.provisioner.idle();
    const remote = await remoteOf(run, user.userName);
    // What the app added on its side: Okta's directory knows none of it.
    await run.scim("PATCH", `/Users/${remote.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "add", path: "userType", value: "Contractor" },
        { op: "add", path: "name.middleName", value: "Q" },
      ],
    });
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { title: "Staff Engineer" });
    await run.sim.provisioner.idle();
    const sent = since(run, target, from);
    expect(lines(sent)).toEqual([`GET /Users/${remote.id} → 200`, `PUT /Users/${remote.id} → 200`]);
    expect(sent[1]?.request.body).toMatchObject({
      schemas: [CORE],
      id: remote.id,
      userType: "Contractor",
      name: { middleName: "Q", givenName: user.givenName, familyName: user.familyName },
      title: "Staff Engineer",
      active: true,
    });
    expect(await remoteOf(run, user.userName)).toMatchObject({
      userType: "Contractor",
      title: "Staff Engineer",
    });
  });
});

describe("okta on a 404 from the read before an update", () => {
  it("stops the task and reports it: no search, no new account, and a retry reads again", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "okta" });
    const user = await createUser(run);
    await run.sim.provisioner.idle();
    const remote = await remoteOf(run, user.userName);
    await run.scim("DELETE", `/Users/${remote.id}`);
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { title: "Gone" });
    await run.sim.provisioner.idle();
    expect(lines(since(run, target, from))).toEqual([`GET /Users/${remote.id} → 404`]);
    const health = (await run.api<TargetView>("GET", `/targets/${target.id}`)).body.health;
    expect(health).toMatchObject({
      state: "failing",
      reason: expect.stringContaining("gone from the app (404)"),
    });
    // The next edit is Okta's "Retry": the same GET, and again nothing else.
    await run.api("PATCH", `/users/${user.id}`, { title: "Still gone" });
    await run.sim.provisioner.idle();
    expect(lines(since(run, target, from))).toEqual([
      `GET /Users/${remote.id} → 404`,
      `GET /Users/${remote.id} → 404`,
    ]);
  });
});

describe("okta-aiw's group push on the embedded org", () => {
  it("creates, renames and changes members with POST, then GET and PUT of the whole group", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "okta-aiw" });
    const ada = await createUser(run);
    const bob = await createUser(run);
    await run.sim.provisioner.idle();
    const group = await run.api<{ id: string }>("POST", "/groups", {
      displayName: "AIW lab",
      members: [ada.id, bob.id],
    });
    await run.sim.provisioner.idle();
    const groupLines = () =>
      exchangesOf(run as Running, target.id)
        .filter((e) => pathOf(e).startsWith("/Groups"))
        .map(
          (e) =>
            `${e.request.method} ${pathOf(e).replace(/\/Groups\/[^?]+/, "/Groups/{id}")} → ${e.response?.status}`,
        );
    expect(groupLines()).toEqual(["POST /Groups → 201", "GET /Groups/{id} → 200", "PUT /Groups/{id} → 200"]);
    await run.api("PATCH", `/groups/${group.body.id}`, { displayName: "AIW lab 2", members: [ada.id] });
    await run.sim.provisioner.idle();
    expect(groupLines().slice(3)).toEqual(["GET /Groups/{id} → 200", "PUT /Groups/{id} → 200"]);
    const onOrg = await run.scim<{ Resources: Array<{ displayName: string; members?: unknown[] }> }>(
      "GET",
      `/Groups?filter=${encodeURIComponent('displayName eq "AIW lab 2"')}`,
    );
    expect(onOrg.body.Resources[0]?.members).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import type { OrgRoles, TargetOrgInfo } from "../server/protocol";
import { contentstack, settle } from "./support/contentstack-preset";
import { createUser, embeddedTarget, type Running, start } from "./support/simulator";

// The contentstack preset's group mapping: the org and stack roles members of mapped groups get, and a new mapping
// applied at once.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("group mapping", () => {
  it("gives members of mapped groups their roles, the highest winning, as GET /api/target-org/roles shows", async () => {
    run = await start();
    await contentstack(run);
    await embeddedTarget(run);
    const both = await createUser(run);
    const dev = await createUser(run);
    const none = await createUser(run);
    await run.api("POST", "/groups", { displayName: "Engineering", members: [both.id, dev.id] });
    await run.api("POST", "/groups", { displayName: "Administrators", members: [both.id] });
    await settle(run);
    const roles = (await run.api<OrgRoles>("GET", "/target-org/roles")).body;
    const of = (userName: string) => roles.users.find((u) => u.userName === userName);
    expect(of(both.userName)).toMatchObject({
      orgRole: "admin",
      stacks: { Website: "admin", "Mobile App": "developer" },
    });
    expect(of(both.userName)?.groups.sort()).toEqual(["Administrators", "Engineering"]);
    expect(of(dev.userName)).toMatchObject({
      orgRole: "member",
      stacks: { Website: "developer", "Mobile App": "developer" },
    });
    expect(of(none.userName)).toMatchObject({ orgRole: "member", stacks: {}, groups: [] });
  });

  it("takes a new mapping from PATCH /api/target-org and applies it at once", async () => {
    run = await start();
    await contentstack(run);
    await embeddedTarget(run);
    const user = await createUser(run);
    await run.api("POST", "/groups", { displayName: "Support", members: [user.id] });
    await settle(run);
    const res = await run.api<TargetOrgInfo>("PATCH", "/target-org", {
      roleMapping: [{ group: "support", orgRole: "admin", stacks: { Help: "content manager" } }],
    });
    expect(res.body.roleMapping).toEqual([
      { group: "support", orgRole: "admin", stacks: { Help: "content manager" } },
    ]);
    const roles = (await run.api<OrgRoles>("GET", "/target-org/roles")).body;
    expect(roles.users[0]).toMatchObject({ orgRole: "admin", stacks: { Help: "content manager" } });
  });
});

// The desired stage and the views under it: what the directory wants on a target, the policy a profile implies,
// and the order managers and their reports go in.
import { describe, expect, it } from "vitest";
import type { Group, Target } from "../server/protocol";
import { desiredGroup, desiredUser, managementWaves, policyOf } from "../server/provisioning/desired";
import type { Link, Links } from "../server/provisioning/links";
import { runNow } from "../server/provisioning/slices";
import { createViews } from "../server/provisioning/views";
import { groupRecord, linkRecord } from "./support/stage-records";
import { userRecord } from "./support/user-record";

const user = userRecord;
const group = groupRecord;
const link = linkRecord;

describe("desired: what the directory wants on a target", () => {
  const boss = user("boss");
  const report = user("report", { managerId: "boss" });
  const users = [boss, report];
  const groups = [group("g", ["boss", "report"])];
  const directory = {
    listUsers: () => users,
    listGroups: () => groups,
    findUser: (id: string) => users.find((u) => u.id === id),
    findGroup: (id: string) => groups.find((g) => g.id === id),
    passwordOf: () => null,
    passwordDigest: () => null,
  };
  const pushed = new Map<string, Link>([["boss", link(boss)]]);
  const links = { get: (_t: string, id: string) => pushed.get(id) } as unknown as Links;
  const target = (scope: Target["scope"], assignedUsers: string[]): Target =>
    ({
      id: "t",
      scope,
      assigned: { users: assignedUsers, groups: [] },
      updatedAt: "x",
      profile: "rfc",
      deprovision: "delete",
      options: {},
    }) as unknown as Target;

  it.each<[string, Target, string, { inScope: boolean; managerRemoteId?: string | null }]>([
    [
      "a report whose manager is on the target carries the manager's id",
      target("all", []),
      "report",
      { inScope: true, managerRemoteId: "r-boss" },
    ],
    [
      "a report whose manager is out of scope carries none",
      target("assigned", ["report"]),
      "report",
      { inScope: true, managerRemoteId: null },
    ],
    ["an unassigned user is out of scope", target("assigned", ["boss"]), "report", { inScope: false }],
  ])("%s", (_name, t, id, expected) => {
    const view = createViews(directory, links).viewOf(t);
    expect(desiredUser(view, id)).toMatchObject(expected);
  });

  it("follows the directory's events: a report that changes manager, and a member who leaves a group", () => {
    const local = { ...directory, listUsers: () => [...users], listGroups: () => [...groups] };
    const views = createViews(local, links);
    const all = target("all", []);
    expect(
      views
        .viewOf(all)
        .reportsOf("boss")
        .map((u) => u.id),
    ).toEqual(["report"]);
    expect(
      views
        .viewOf(all)
        .groupsWithMember("report")
        .map((g) => g.id),
    ).toEqual(["g"]);
    const moved = { ...report, managerId: null };
    const left = { ...groups[0], members: ["boss"] } as Group;
    local.findUser = (id) => (id === "report" ? moved : users.find((u) => u.id === id));
    local.findGroup = (id) => (id === "g" ? left : undefined);
    views.apply({ type: "user.updated", user: moved, before: report, changed: ["managerId"] });
    views.apply({
      type: "group.members_changed",
      group: left,
      before: groups[0] as Group,
      added: [],
      removed: ["report"],
    });
    expect(views.viewOf(all).reportsOf("boss")).toEqual([]);
    expect(views.viewOf(all).groupsWithMember("report")).toEqual([]);
    expect(
      views
        .viewOf(all)
        .groupsWithMember("boss")
        .map((g) => g.id),
    ).toEqual(["g"]);
  });

  it("a group holds only the members that are in scope and on the target", () => {
    const view = createViews(directory, links).viewOf(target("all", []));
    expect(desiredGroup(view, "g").members).toEqual([
      { userId: "boss", remoteId: "r-boss", display: "boss@example.com" },
    ]);
  });

  it.each<[string, Target["profile"], Target["deprovision"], string]>([
    ["Okta only ever disables an unassigned user", "okta", "delete", "deactivate"],
    ["Entra only ever disables an unassigned user", "entra", "delete", "deactivate"],
    ["rfc follows the target's delete", "rfc", "delete", "delete"],
    ["OneLogin follows the target's delete", "onelogin", "delete", "delete"],
  ])("%s", (_name, profile, deprovision, unassigned) => {
    const t = { ...target("all", []), profile, deprovision };
    expect(policyOf(t, 0).unassigned).toBe(unassigned);
  });

  it.each<[string, string[], string[][]]>([
    ["managers go in the wave before their reports", ["report", "boss"], [["boss"], ["report"]]],
    ["a user without a manager is in the first wave", ["boss"], [["boss"]]],
  ])("%s", (_name, ids, waves) => {
    expect(runNow(managementWaves(directory, ids))).toEqual(waves);
  });

  it("walks a chain of 10,000 managers without overflowing the stack", () => {
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      user(`u${i}`, { managerId: i === 0 ? null : `u${i - 1}` }),
    );
    const byId = new Map(chain.map((u) => [u.id, u]));
    const waves = runNow(
      managementWaves({ ...directory, findUser: (id) => byId.get(id) }, chain.map((u) => u.id).reverse()),
    );
    expect(waves).toHaveLength(10_000);
    expect(waves[0]).toEqual(["u0"]);
  });
});

// The pure stages, table-driven: each row is one situation and what the stage makes of it.
import { describe, expect, it, vi } from "vitest";
import type { Group, Target, User } from "../server/protocol";
import { nextGroupLink, nextUserLink } from "../server/provisioning/apply";
import { desiredGroup, desiredUser, managementWaves, policyOf } from "../server/provisioning/desired";
import { createKeyedQueue } from "../server/provisioning/keyed-queue";
import type { Link, Links } from "../server/provisioning/links";
import { type PlanPolicy, planGroup, planUser } from "../server/provisioning/plan";
import { scopeOf } from "../server/provisioning/scope";
import { createViews } from "../server/provisioning/views";
import { nextCronTime } from "../server/schedule/cron-next";
import { userRecord } from "./support/user-record";

const DAY = 24 * 3600 * 1000;
const user = userRecord;
const group = (id: string, members: string[]): Group => ({
  id,
  displayName: `Group ${id}`,
  origin: null,
  description: null,
  members,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});
const link = (pushed: User, extra: Partial<Link> = {}): Link => ({
  remoteId: `r-${pushed.id}`,
  pushed,
  at: "x",
  ...extra,
});
const policy: PlanPolicy = {
  deprovision: "deactivate",
  unassigned: "deactivate",
  softDeleteDays: null,
  now: 0,
};

describe("plan: what one user needs on one target", () => {
  const alice = user("alice");
  it.each<[string, Parameters<typeof planUser>, string | null]>([
    [
      "in scope, never pushed -> create",
      [{ user: alice, inScope: true, managerRemoteId: null }, undefined, policy],
      "create",
    ],
    [
      "disabled, never pushed -> nothing",
      [{ user: user("a", { active: false }), inScope: true, managerRemoteId: null }, undefined, policy],
      null,
    ],
    [
      "pushed, unchanged -> nothing",
      [{ user: alice, inScope: true, managerRemoteId: null }, link(alice), policy],
      null,
    ],
    [
      "pushed, title changed -> update",
      [{ user: { ...alice, title: "CEO" }, inScope: true, managerRemoteId: null }, link(alice), policy],
      "update",
    ],
    [
      "pushed, now inactive -> deactivate",
      [{ user: { ...alice, active: false }, inScope: true, managerRemoteId: null }, link(alice), policy],
      "deactivate",
    ],
    [
      "deprovisioned, active again -> reactivate",
      [
        { user: alice, inScope: true, managerRemoteId: null },
        link({ ...alice, active: false }, { deprovisioned: true }),
        policy,
      ],
      "reactivate",
    ],
    [
      "deleted, linked -> deprovision",
      [{ user: undefined, inScope: false, managerRemoteId: null }, link(alice), policy],
      "deprovision",
    ],
    [
      "deleted, already deprovisioned, no window -> nothing",
      [
        { user: undefined, inScope: false, managerRemoteId: null },
        link(alice, { deprovisioned: true, deprovisionedAt: new Date(0).toISOString() }),
        policy,
      ],
      null,
    ],
    [
      "deleted, soft-delete window over -> deprovision (delete)",
      [
        { user: undefined, inScope: false, managerRemoteId: null },
        link(alice, { deprovisioned: true, deprovisionedAt: new Date(0).toISOString() }),
        { ...policy, softDeleteDays: 30, now: 31 * DAY },
      ],
      "deprovision",
    ],
    [
      "deleted, inside the soft-delete window -> nothing",
      [
        { user: undefined, inScope: false, managerRemoteId: null },
        link(alice, { deprovisioned: true, deprovisionedAt: new Date(0).toISOString() }),
        { ...policy, softDeleteDays: 30, now: 29 * DAY },
      ],
      null,
    ],
    [
      "manager now on the target -> update",
      [
        { user: { ...alice, managerId: "bob" }, inScope: true, managerRemoteId: "r-bob" },
        link({ ...alice, managerId: "bob" }),
        policy,
      ],
      "update",
    ],
  ])("%s", (_name, args, kind) => {
    expect(planUser(...args)?.kind ?? null).toBe(kind);
  });

  it.each<[string, PlanPolicy, boolean, string]>([
    ["a deleted user gets the deprovision action", { ...policy, deprovision: "delete" }, false, "delete"],
    [
      "an unassigned user gets the unassigned action",
      { ...policy, deprovision: "delete", unassigned: "deactivate" },
      true,
      "deactivate",
    ],
  ])("%s", (_name, rules, stillInDirectory, action) => {
    const op = planUser(
      { user: stillInDirectory ? alice : undefined, inScope: false, managerRemoteId: null },
      link(alice),
      rules,
    );
    expect(op).toMatchObject({ kind: "deprovision", action });
  });
});

describe("plan: what one group needs", () => {
  const m = (userId: string) => ({ userId, remoteId: `r-${userId}`, display: userId });
  const pushed = { remoteId: "rg", pushed: { displayName: "Group g", members: [m("a"), m("b")] }, at: "x" };
  it.each<[string, Parameters<typeof planGroup>, unknown]>([
    [
      "in scope, never pushed -> create with its members",
      [{ group: group("g", ["a"]), inScope: true, members: [m("a")] }, undefined],
      { kind: "create", members: [m("a")] },
    ],
    [
      "pushed, same members -> nothing",
      [{ group: group("g", ["a", "b"]), inScope: true, members: [m("a"), m("b")] }, pushed],
      null,
    ],
    [
      "one member left, one joined -> one update of deltas",
      [{ group: group("g", ["b", "c"]), inScope: true, members: [m("b"), m("c")] }, pushed],
      { kind: "update", add: [m("c")], remove: [m("a")], renamed: false },
    ],
    [
      "renamed -> update with renamed",
      [
        {
          group: { ...group("g", ["a", "b"]), displayName: "New" },
          inScope: true,
          members: [m("a"), m("b")],
        },
        pushed,
      ],
      { kind: "update", renamed: true },
    ],
    [
      "out of scope, pushed -> delete",
      [{ group: group("g", []), inScope: false, members: [] }, pushed],
      { kind: "delete" },
    ],
    [
      "deleted, never pushed -> nothing",
      [{ group: undefined, inScope: false, members: [] }, undefined],
      null,
    ],
  ])("%s", (_name, args, expected) => {
    const op = planGroup(...args);
    if (expected === null) expect(op).toBeNull();
    else expect(op).toMatchObject(expected as object);
  });
});

describe("scope: who a target provisions", () => {
  const users = [user("a"), user("b"), user("c")];
  const groups = [group("g1", ["b"]), group("g2", ["c", "ghost"])];
  it.each<[string, Pick<Target, "scope" | "assigned">, string[], string[]]>([
    [
      "all -> everyone and every group",
      { scope: "all", assigned: { users: [], groups: [] } },
      ["a", "b", "c"],
      ["g1", "g2"],
    ],
    ["assigned users only", { scope: "assigned", assigned: { users: ["a"], groups: [] } }, ["a"], []],
    [
      "an assigned group brings its members, and itself",
      { scope: "assigned", assigned: { users: [], groups: ["g1"] } },
      ["b"],
      ["g1"],
    ],
    [
      "a member unknown to the directory is not in scope",
      { scope: "assigned", assigned: { users: [], groups: ["g2"] } },
      ["c"],
      ["g2"],
    ],
  ])("%s", (_name, target, inUsers, inGroups) => {
    const directory = {
      findUser: (id: string) => users.find((u) => u.id === id),
      findGroup: (id: string) => groups.find((g) => g.id === id),
    };
    const scope = scopeOf(target, directory);
    expect(["a", "b", "c", "ghost"].filter((id) => scope.users.has(id))).toEqual(inUsers);
    expect(["g1", "g2", "g3"].filter((id) => scope.groups.has(id))).toEqual(inGroups);
  });
});

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
    expect(managementWaves(directory, ids)).toEqual(waves);
  });

  it("walks a chain of 10,000 managers without overflowing the stack", () => {
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      user(`u${i}`, { managerId: i === 0 ? null : `u${i - 1}` }),
    );
    const byId = new Map(chain.map((u) => [u.id, u]));
    const waves = managementWaves(
      { ...directory, findUser: (id) => byId.get(id) },
      chain.map((u) => u.id).reverse(),
    );
    expect(waves).toHaveLength(10_000);
    expect(waves[0]).toEqual(["u0"]);
  });
});

describe("apply: a flow's result and the old link give the new link", () => {
  const alice = user("alice");
  const base = { at: "now", simulatedAt: "sim", managerRemoteId: null };
  it.each<[string, Parameters<typeof nextUserLink>[0], unknown]>([
    [
      "created -> linked to the new id, the user as pushed",
      {
        ...base,
        op: { kind: "create", user: alice },
        result: { outcome: "created", remoteId: "r1" },
        link: undefined,
        user: alice,
      },
      { kind: "set", link: { remoteId: "r1", pushed: alice } },
    ],
    [
      "linked to a found account -> what it holds is recorded as pushed",
      {
        ...base,
        op: { kind: "create", user: alice },
        result: { outcome: "linked", remoteId: "r1", found: { userName: "alice@example.com", title: "Old" } },
        link: undefined,
        user: alice,
      },
      { kind: "set", link: { remoteId: "r1", pushed: { title: "Old" } } },
    ],
    [
      "deleted -> the link goes",
      {
        ...base,
        op: { kind: "deprovision", user: alice, action: "delete" },
        result: { outcome: "deleted" },
        link: link(alice),
        user: undefined,
      },
      { kind: "remove" },
    ],
    [
      "deactivated by a deprovision -> marked deprovisioned, at the simulated time",
      {
        ...base,
        op: { kind: "deprovision", user: alice, action: "deactivate" },
        result: { outcome: "deactivated" },
        link: link(alice),
        user: undefined,
      },
      { kind: "set", link: { deprovisioned: true, deprovisionedAt: "sim", pushed: { active: false } } },
    ],
    [
      "updated -> the user as pushed now",
      {
        ...base,
        op: { kind: "update", user: { ...alice, title: "CEO" }, before: alice, changed: ["title"] },
        result: { outcome: "updated" },
        link: link(alice),
        user: { ...alice, title: "CEO" },
      },
      { kind: "set", link: { pushed: { title: "CEO" } } },
    ],
    [
      "unchanged with nothing linked -> nothing",
      {
        ...base,
        op: { kind: "update", user: alice, before: alice, changed: [] },
        result: { outcome: "unchanged" },
        link: undefined,
        user: alice,
      },
      { kind: "none" },
    ],
  ])("%s", (_name, input, expected) => {
    expect(nextUserLink(input)).toMatchObject(expected as object);
  });

  it.each<[string, Parameters<typeof nextGroupLink>[0], unknown]>([
    [
      "a group created with all its members records them",
      {
        result: { outcome: "created", remoteId: "rg" },
        link: undefined,
        group: { displayName: "G" },
        members: [{ userId: "a", remoteId: "ra", display: "a" }],
        at: "now",
      },
      { kind: "set", link: { remoteId: "rg", pushed: { displayName: "G", members: [{ userId: "a" }] } } },
    ],
    [
      "a create whose members did not land records none, so they go again",
      {
        result: { outcome: "created", remoteId: "rg", incomplete: "failed" },
        link: undefined,
        group: { displayName: "G" },
        members: [{ userId: "a", remoteId: "ra", display: "a" }],
        at: "now",
      },
      { kind: "set", link: { pushed: { members: [] } } },
    ],
    [
      "deleted -> the link goes",
      { result: { outcome: "deleted" }, link: undefined, group: undefined, members: [], at: "now" },
      { kind: "remove" },
    ],
  ])("%s", (_name, input, expected) => {
    expect(nextGroupLink(input)).toMatchObject(expected as object);
  });
});

describe("cron-next: the next time an expression fires on any clock", () => {
  const at = (iso: string) => new Date(iso).getTime();
  it.each<[string, string, string, string]>([
    ["every 40 minutes, from 10:05 -> 10:40", "*/40 * * * *", "2026-03-02T10:05:00", "2026-03-02T10:40:00"],
    [
      "every 40 minutes, from 10:41 -> 11:00 (cron counts from the hour, not the last run)",
      "*/40 * * * *",
      "2026-03-02T10:41:00",
      "2026-03-02T11:00:00",
    ],
    [
      "every second -> the next whole second",
      "* * * * * *",
      "2026-03-02T10:00:00.200",
      "2026-03-02T10:00:01",
    ],
    ["daily at 02:00, from 03:00 -> tomorrow", "0 2 * * *", "2026-03-02T03:00:00", "2026-03-03T02:00:00"],
    [
      "Mondays at 09:00, from a Tuesday -> next Monday",
      "0 9 * * 1",
      "2026-03-03T10:00:00",
      "2026-03-09T09:00:00",
    ],
  ])("%s", (_name, expression, from, next) => {
    expect(nextCronTime(expression, at(from))).toBe(at(next));
  });
});

describe("keyed queue: one key's jobs in order, different keys side by side", () => {
  it("runs one key's jobs one at a time, and collapses a burst into the last job", async () => {
    const queue = createKeyedQueue(4);
    const ran: string[] = [];
    let release: () => void = () => undefined;
    const first = queue.push(
      "k",
      () =>
        new Promise<void>((r) => {
          ran.push("1");
          release = r;
        }),
    );
    const second = queue.push("k", async () => {
      ran.push("2");
    });
    const third = queue.push("k", async () => {
      ran.push("3");
    });
    // The first job holds the key while the others arrive; of those, only the last is still worth running.
    await vi.waitFor(() => expect(ran).toEqual(["1"]));
    release();
    await Promise.all([first, second, third]);
    expect(ran).toEqual(["1", "3"]);
  });

  it("never runs more than its bound at once", async () => {
    const queue = createKeyedQueue(2);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        queue.push(`k${i}`, async () => {
          running++;
          most = Math.max(most, running);
          await Promise.resolve();
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
    await queue.idle();
    expect(queue.size()).toBe(0);
  });
});

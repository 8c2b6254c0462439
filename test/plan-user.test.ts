// The plan stage for users, table-driven: each row is one situation and what the stage makes of it.
import { describe, expect, it } from "vitest";
import { type PlanPolicy, planUser } from "../server/provisioning/plan";
import { linkRecord } from "./support/stage-records";
import { userRecord } from "./support/user-record";

const DAY = 24 * 3600 * 1000;
const user = userRecord;
const link = linkRecord;

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

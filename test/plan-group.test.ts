// The plan stage for groups, table-driven: each row is one situation and what the stage makes of it.
import { describe, expect, it } from "vitest";
import { planGroup } from "../server/provisioning/plan";
import { groupRecord } from "./support/stage-records";

const group = groupRecord;

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

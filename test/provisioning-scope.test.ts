// The scope stage, table-driven: each row is a target's scope and who and what it provisions.
import { describe, expect, it } from "vitest";
import type { Target } from "../server/protocol";
import { scopeOf } from "../server/provisioning/scope";
import { groupRecord } from "./support/stage-records";
import { userRecord } from "./support/user-record";

const user = userRecord;
const group = groupRecord;

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

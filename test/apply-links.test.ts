// The apply stage, table-driven: each row is a flow's result and the old link, and the new link they give.
import { describe, expect, it } from "vitest";
import { nextGroupLink, nextUserLink } from "../server/provisioning/apply";
import { linkRecord } from "./support/stage-records";
import { userRecord } from "./support/user-record";

const user = userRecord;
const link = linkRecord;

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

import type { User } from "../protocol";
import type { FlowResult, MemberRef, UserOperation } from "./dialects/types";
import type { GroupLink, Link } from "./links";
import { fromScimUser } from "./scim-user";

/** What a flow's result does to the link: nothing, forget it, or store this one. */
export type LinkChange<L> = { kind: "none" } | { kind: "remove" } | { kind: "set"; link: L };

type Succeeded = Exclude<FlowResult, { outcome: "failed" }>;

/** The three ways a successful flow can end, whatever the resource. */
function shapeOf(result: Succeeded): "gone" | "linked" | "changed" {
  if (result.outcome === "deleted") return "gone";
  if (result.outcome === "created" || result.outcome === "linked" || result.outcome === "recreated")
    return "linked";
  return "changed";
}

export interface UserApply {
  op: UserOperation;
  result: Succeeded;
  link: Link | undefined;
  /** The directory user now, or undefined once deleted. */
  user: User | undefined;
  managerRemoteId: string | null;
  /** The digest of the password the target holds from us (password sync); never the password. Absent: none. */
  passwordDigest?: string | null;
  /** Real time of the change, and simulated time (the soft-delete window runs on the simulated clock). */
  at: string;
  simulatedAt: string;
}

/**
 * A user's flow result plus the old link gives the new link. A linked account holds what it held, not what the
 * directory says: that is recorded as pushed, and the update planned next brings it in line, as an IdP does after
 * matching an existing account.
 */
export function nextUserLink(input: UserApply): LinkChange<Link> {
  const { result, link, user, at } = input;
  const password = input.passwordDigest === undefined ? {} : { passwordDigest: input.passwordDigest };
  switch (shapeOf(result)) {
    case "gone":
      return { kind: "remove" };
    case "linked": {
      if (!user || !("remoteId" in result)) return { kind: "none" };
      const found = "found" in result && result.found ? fromScimUser(result.found) : null;
      return {
        kind: "set",
        link: {
          remoteId: result.remoteId,
          pushed: found ? { ...user, ...found } : user,
          managerRemoteId: input.managerRemoteId,
          ...password,
          at,
        },
      };
    }
    case "changed":
      if (link && input.op.kind === "deprovision") {
        return {
          kind: "set",
          link: {
            ...link,
            pushed: { ...link.pushed, active: false },
            deprovisioned: true,
            deprovisionedAt: input.simulatedAt,
            at,
          },
        };
      }
      if (link && user) {
        return {
          kind: "set",
          link: {
            remoteId: link.remoteId,
            pushed: user,
            managerRemoteId: input.managerRemoteId,
            ...password,
            at,
          },
        };
      }
      return { kind: "none" };
  }
}

export interface GroupApply {
  result: Succeeded;
  link: GroupLink | undefined;
  group: { displayName: string } | undefined;
  members: MemberRef[];
  at: string;
}

/** The same for a group. A create whose members did not all land records none, so they are sent again. */
export function nextGroupLink(input: GroupApply): LinkChange<GroupLink> {
  const { result, link, group, members, at } = input;
  switch (shapeOf(result)) {
    case "gone":
      return { kind: "remove" };
    case "linked": {
      if (!group || !("remoteId" in result)) return { kind: "none" };
      const pushed = { displayName: group.displayName, members: result.incomplete ? [] : members };
      return { kind: "set", link: { remoteId: result.remoteId, pushed, at } };
    }
    case "changed":
      if (!link || !group) return { kind: "none" };
      return { kind: "set", link: { ...link, pushed: { displayName: group.displayName, members }, at } };
  }
}

import { type DeprovisionAction, type Group, USER_FIELDS, type User } from "../protocol";
import type { GroupOperation, MemberRef, UserOperation } from "./dialects/types";
import type { GroupLink, Link } from "./links";

const DAY = 24 * 60 * 60 * 1000;

export function changedFields(before: User, after: User): string[] {
  return USER_FIELDS.filter((f) => before[f] !== after[f]);
}

export interface PlanPolicy {
  /** What a directory delete becomes. */
  deprovision: DeprovisionAction;
  /** What leaving the target's scope becomes (Okta and Entra only ever disable an unassigned user). */
  unassigned: DeprovisionAction;
  /** Entra's soft delete: days after the disable before the DELETE; null when the deprovision is final. */
  softDeleteDays: number | null;
  now: number;
}

export interface DesiredUser {
  /** The directory user, or undefined once deleted. */
  user: User | undefined;
  inScope: boolean;
  /** The manager's id on this target, when the user has a manager who is there. */
  managerRemoteId: string | null;
  /** The password's digest when this target syncs passwords and the user has one; absent or null otherwise. */
  passwordDigest?: string | null;
}

/**
 * What one user needs on one target, from what the directory wants and what was last pushed. Pure: it reads no
 * clock, store or network, so a cycle, an edit and a dry run all plan the same way.
 */
export function planUser(
  desired: DesiredUser,
  link: Link | undefined,
  policy: PlanPolicy,
): UserOperation | null {
  const { user } = desired;
  if (!user || !desired.inScope) {
    if (!link) return null;
    if (!link.deprovisioned) {
      return {
        kind: "deprovision",
        user: link.pushed,
        action: user ? policy.unassigned : policy.deprovision,
      };
    }
    const since = link.deprovisionedAt ? Date.parse(link.deprovisionedAt) : Number.NaN;
    const expired = policy.softDeleteDays !== null && policy.now - since >= policy.softDeleteDays * DAY;
    // Only a deleted user is ever hard-deleted after the window; an unassigned one stays disabled.
    if (!user && policy.deprovision === "deactivate" && expired) {
      return { kind: "deprovision", user: link.pushed, action: "delete" };
    }
    return null;
  }
  // A disabled user who was never pushed stays off the target, as every IdP leaves unassigned people alone.
  if (!link) return user.active ? { kind: "create", user } : null;
  const changed = changedFields(link.pushed, user);
  if (
    !changed.includes("managerId") &&
    (link.managerRemoteId ?? null) !== desired.managerRemoteId &&
    user.managerId
  ) {
    changed.push("managerId");
  }
  // A new password is pushed to an active account; a disabled one gets it with its reactivation. A cleared one
  // sends nothing: SCIM has no way to take a password away, so the app keeps the last one it was given.
  const digest = desired.passwordDigest ?? null;
  if (digest !== null && digest !== (link.passwordDigest ?? null) && user.active) changed.push("password");
  if (link.deprovisioned && !changed.includes("active") && user.active) changed.push("active");
  if (changed.length === 0) return null;
  const base = { user, before: link.pushed, changed };
  if (changed.includes("active")) return { kind: user.active ? "reactivate" : "deactivate", ...base };
  return { kind: "update", ...base };
}

export interface DesiredGroup {
  group: Group | undefined;
  inScope: boolean;
  /** The members the target should hold: in scope and already there. */
  members: MemberRef[];
}

/** The same for a group: create, one update of deltas (rename and members), or delete. */
export function planGroup(desired: DesiredGroup, link: GroupLink | undefined): GroupOperation | null {
  const { group } = desired;
  if (!group || !desired.inScope) {
    if (!link) return null;
    return { kind: "delete", group: { id: group?.id ?? "", displayName: link.pushed.displayName } };
  }
  if (!link) return { kind: "create", group, members: desired.members };
  const pushed = new Set(link.pushed.members.map((m) => m.userId));
  const wanted = new Set(desired.members.map((m) => m.userId));
  const add = desired.members.filter((m) => !pushed.has(m.userId));
  const remove = link.pushed.members.filter((m) => !wanted.has(m.userId));
  const renamed = link.pushed.displayName !== group.displayName;
  if (!renamed && add.length === 0 && remove.length === 0) return null;
  return { kind: "update", group, renamed, add, remove, members: desired.members };
}

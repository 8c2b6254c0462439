import type { Group, Target, User } from "../protocol";

/** Who a target provisions: membership tests only, so scope never needs a list of the whole directory. */
export interface Scope {
  users: { has(id: string): boolean };
  groups: { has(id: string): boolean };
}

/**
 * Who a target provisions. Under "assigned" a user is in scope when assigned directly or through an assigned group,
 * and a group is pushed when it is assigned itself (Okta's Push Groups rule). Under "all", everyone in the
 * directory is, read from it at the moment of asking, so the scope costs nothing to build and never goes stale.
 */
export function scopeOf(
  target: Pick<Target, "scope" | "assigned">,
  directory: { findUser(id: string): User | undefined; findGroup(id: string): Group | undefined },
): Scope {
  if (target.scope !== "assigned") {
    return {
      users: { has: (id) => directory.findUser(id) !== undefined },
      groups: { has: (id) => directory.findGroup(id) !== undefined },
    };
  }
  const inScope = new Set(target.assigned.users);
  const groups = new Set<string>();
  for (const id of target.assigned.groups) {
    const group = directory.findGroup(id);
    if (!group) continue;
    groups.add(id);
    for (const member of group.members) inScope.add(member);
  }
  const users = new Set([...inScope].filter((id) => directory.findUser(id) !== undefined));
  return { users, groups };
}

import type { Group, Target, User } from "../protocol";

export interface Scope {
  users: Set<string>;
  groups: Set<string>;
}

/**
 * Who a target provisions. Under "assigned" a user is in scope when assigned directly or through an assigned group,
 * and a group is pushed when it is assigned itself (Okta's Push Groups rule).
 */
export function scopeOf(target: Pick<Target, "scope" | "assigned">, users: User[], groups: Group[]): Scope {
  if (target.scope !== "assigned")
    return { users: new Set(users.map((u) => u.id)), groups: new Set(groups.map((g) => g.id)) };
  const assignedGroups = new Set(target.assigned.groups);
  const inScope = new Set(target.assigned.users);
  for (const group of groups) {
    if (assignedGroups.has(group.id)) for (const member of group.members) inScope.add(member);
  }
  const known = new Set(users.map((u) => u.id));
  return {
    users: new Set([...inScope].filter((id) => known.has(id))),
    groups: new Set(groups.filter((g) => assignedGroups.has(g.id)).map((g) => g.id)),
  };
}

import {
  type EffectiveRoles,
  ORG_ROLES,
  type OrgRole,
  type RoleMappingRow,
  STACK_ROLES,
  type StackRole,
} from "../protocol";
import { dict } from "../store/dict";
import { membersOf } from "./render";
import type { OrgStore } from "./store";

const higher = <T extends string>(order: readonly T[], a: T, b: T): T =>
  order.indexOf(a) >= order.indexOf(b) ? a : b;

/**
 * Contentstack's Group Mapping: each mapped group gives its members an organization role and stack roles, and a
 * member of several groups gets the highest permission of each. Roles never travel over SCIM, so they are worked
 * out from the groups the IdP pushed. A user in no mapped group is a plain member.
 */
export function effectiveRoles(store: OrgStore, mapping: RoleMappingRow[]): EffectiveRoles[] {
  const byName = new Map(mapping.map((row) => [row.group.toLowerCase(), row]));
  const rowsOf = new Map<string, RoleMappingRow[]>();
  for (const group of Object.values(store.data.groups)) {
    const displayName = group.data.displayName;
    const row = typeof displayName === "string" ? byName.get(displayName.toLowerCase()) : undefined;
    if (!row) continue;
    for (const member of membersOf(group.data)) rowsOf.set(member, [...(rowsOf.get(member) ?? []), row]);
  }
  return Object.values(store.data.users).map((user) => {
    const rows = rowsOf.get(user.id) ?? [];
    let orgRole: OrgRole = ORG_ROLES[0];
    const stacks = dict<StackRole>();
    for (const row of rows) {
      orgRole = higher(ORG_ROLES, row.orgRole, orgRole);
      for (const [stack, role] of Object.entries(row.stacks ?? {})) {
        const held = stacks[stack];
        stacks[stack] = held === undefined ? role : higher(STACK_ROLES, role, held);
      }
    }
    return {
      userId: user.id,
      userName: typeof user.data.userName === "string" ? user.data.userName : user.id,
      orgRole,
      stacks,
      groups: rows.map((row) => row.group),
    };
  });
}

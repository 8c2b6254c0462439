import type { Target, User } from "../protocol";
import { dialectFor } from "./dialects";
import type { MemberRef } from "./dialects/types";
import type { DesiredGroup, DesiredUser, PlanPolicy } from "./plan";
import { SLICE, type Sliced } from "./slices";
import type { DirectoryReader, View } from "./views";

export function desiredUser(view: View, userId: string): DesiredUser {
  const user = view.directory.findUser(userId);
  const managerInScope = user?.managerId ? view.scope.users.has(user.managerId) : false;
  return {
    user,
    inScope: view.scope.users.has(userId),
    managerRemoteId: user?.managerId && managerInScope ? view.liveRemoteId(user.managerId) : null,
    passwordDigest: user && syncsPasswords(view.target) ? view.directory.passwordDigest(userId) : null,
  };
}

/** Okta's "Sync Password": only a dialect that declares the option reads it, so on any other it does nothing. */
export function syncsPasswords(target: Target): boolean {
  return dialectFor(target.profile).options.includes("passwordSync") && target.options?.passwordSync === true;
}

/** The members a group should hold on the target: in scope, and already there. */
export function desiredGroup(view: View, groupId: string): DesiredGroup {
  const group = view.directory.findGroup(groupId);
  const members: MemberRef[] = (group?.members ?? []).flatMap((userId) => {
    const user = view.directory.findUser(userId);
    const remoteId = view.scope.users.has(userId) ? view.liveRemoteId(userId) : null;
    return user && remoteId ? [{ userId, remoteId, display: user.userName }] : [];
  });
  return { group, inScope: view.scope.groups.has(groupId), members };
}

/** Why a manager reference was left out of what is about to be sent, for the log. */
export function managerNote(view: View, user: User | undefined): string | undefined {
  if (!user?.managerId) return undefined;
  const manager = view.directory.findUser(user.managerId);
  const name = manager ? `${manager.userName} (${manager.id})` : user.managerId;
  if (!view.scope.users.has(user.managerId))
    return `manager ${name} is not in this target's scope; the manager reference is left out`;
  if (!view.liveRemoteId(user.managerId))
    return `manager ${name} is not on the target yet; the reference follows once it is`;
  return undefined;
}

/** The target's deprovision rules, with the dialect's own rule for people who lose the assignment. */
export function policyOf(target: Target, now: number): PlanPolicy {
  const options = target.options ?? {};
  const { defaults } = dialectFor(target.profile);
  const softDeleteDays =
    options.softDeleteDays !== undefined ? options.softDeleteDays : defaults.softDeleteDays;
  const unassigned =
    defaults.unassigned === "deactivate-only" && target.deprovision === "delete"
      ? "deactivate"
      : target.deprovision;
  return { deprovision: target.deprovision, unassigned, softDeleteDays, now };
}

/** Managers before their reports, so a create can carry the manager reference; in slices (see slices.ts). */
export function* managementWaves(directory: DirectoryReader, userIds: string[]): Sliced<string[][]> {
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    // Most users report to no one: they go in the first wave with nothing made or kept, 100k times over at a
    // restart's start-up cycle.
    const manager = directory.findUser(id)?.managerId;
    if (!manager || manager === id || directory.findUser(manager) === undefined) return 0;
    const known = depth.get(id);
    if (known !== undefined) return known;
    // Walk up iteratively: a deep chain must not overflow the stack, and a cycle (impossible in a valid
    // directory) must not loop.
    const chain: string[] = [];
    const seen = new Set<string>();
    let at: string | undefined = id;
    let base = 0;
    while (at !== undefined) {
      const cached = depth.get(at);
      if (cached !== undefined) {
        base = cached + 1;
        break;
      }
      chain.push(at);
      seen.add(at);
      const managerId: string | null | undefined = directory.findUser(at)?.managerId;
      at = managerId && !seen.has(managerId) && directory.findUser(managerId) ? managerId : undefined;
    }
    for (let i = chain.length - 1, d = base; i >= 0; i--, d++) depth.set(chain[i] as string, d);
    return depth.get(id) ?? 0;
  };
  const waves: string[][] = [];
  let seen = 0;
  for (const id of userIds) {
    if (++seen % SLICE === 0) yield;
    const d = depthOf(id);
    const wave = waves[d] ?? [];
    wave.push(id);
    waves[d] = wave;
  }
  return waves.filter(Boolean);
}

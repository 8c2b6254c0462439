import type { DirectoryEvent, Group, Target, User } from "../protocol";
import type { Links } from "./links";
import { type Scope, scopeOf } from "./scope";

/** What the desired-state stage reads of the directory. */
export interface DirectoryReader {
  listUsers(): User[];
  listGroups(): Group[];
  findUser(id: string): User | undefined;
  findGroup(id: string): Group | undefined;
  /** The user's password in clear, for targets that sync it. */
  passwordOf(id: string): string | null;
  passwordDigest(id: string): string | null;
}

/**
 * One look at what the directory wants on one target: its scope, who reports to whom and who is in which group.
 * The indexes behind it are kept up to date from the directory's events, so an edit costs what it changed, not a
 * pass over the whole directory.
 */
export interface View {
  target: Target;
  scope: Scope;
  directory: DirectoryReader;
  /** The id on the target of a user who is there and not deprovisioned. */
  liveRemoteId(userId: string): string | null;
  reportsOf(managerId: string): User[];
  groupsWithMember(userId: string): Group[];
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function remove(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/**
 * Reverse indexes (manager → reports, member → groups) built once, then maintained event by event; scopes are
 * cached per target until the target or an assignment it depends on changes.
 */
export function createViews(directory: DirectoryReader, links: Links) {
  let reports: Map<string, Set<string>> | null = null;
  let memberOf: Map<string, Set<string>> | null = null;
  // Per target: its scope, and the view made from it, kept while the same target object and the same indexes are
  // asked about (a cycle asks once per job).
  const scopes = new Map<string, { key: string; scope: Scope; view?: View; over?: unknown }>();

  const indexes = () => {
    if (!reports || !memberOf) {
      reports = new Map();
      memberOf = new Map();
      for (const user of directory.listUsers()) if (user.managerId) add(reports, user.managerId, user.id);
      for (const group of directory.listGroups())
        for (const member of group.members) add(memberOf, member, group.id);
    }
    return { reports, memberOf };
  };

  /** Keeps the indexes in step with one directory change, when they have been built at all. */
  function apply(event: DirectoryEvent): void {
    // An assigned scope depends on users existing and on the members of assigned groups; the rest does not.
    if (event.type === "user.created" || event.type === "user.deleted" || "group" in event) scopes.clear();
    if (!reports || !memberOf) return;
    if ("user" in event) {
      const before = "before" in event ? event.before.managerId : null;
      const now = event.type === "user.deleted" ? null : event.user.managerId;
      if (before && before !== now) remove(reports, before, event.user.id);
      if (event.type === "user.created" && now) add(reports, now, event.user.id);
      else if (now && now !== before) add(reports, now, event.user.id);
      if (event.type === "user.deleted") {
        if (event.user.managerId) remove(reports, event.user.managerId, event.user.id);
        memberOf.delete(event.user.id);
      }
      return;
    }
    const { group } = event;
    if (event.type === "group.created") for (const m of group.members) add(memberOf, m, group.id);
    if (event.type === "group.deleted") for (const m of group.members) remove(memberOf, m, group.id);
    if (event.type === "group.members_changed") {
      for (const m of event.added) add(memberOf, m, group.id);
      for (const m of event.removed) remove(memberOf, m, group.id);
    }
  }

  return {
    apply,
    /** Drops every index: for a change made without events (a restore, a bulk rewrite). */
    invalidate(): void {
      reports = null;
      memberOf = null;
      scopes.clear();
    },
    /** A target's scope or assignments changed. */
    targetsChanged(): void {
      scopes.clear();
    },
    viewOf(target: Target): View {
      const idx = indexes();
      // A target's scope changes with its assignments, which its updatedAt follows.
      const key = `${target.scope}|${target.updatedAt}|${target.assigned.users.length}|${target.assigned.groups.length}`;
      let cached = scopes.get(target.id);
      if (cached?.key !== key) {
        cached = { key, scope: scopeOf(target, directory) };
        scopes.set(target.id, cached);
      }
      if (cached.view?.target === target && cached.over === idx.reports) return cached.view;
      const scope = cached.scope;
      // Read through the directory, so an index entry left by a change it missed can only ever be skipped.
      const users = (ids: Set<string> | undefined) =>
        [...(ids ?? [])].flatMap((id) => directory.findUser(id) ?? []);
      cached.view = {
        target,
        scope,
        directory,
        liveRemoteId(userId) {
          const link = links.get(target.id, userId);
          return link && !link.deprovisioned ? link.remoteId : null;
        },
        reportsOf: (managerId) => users(idx.reports.get(managerId)).filter((u) => u.managerId === managerId),
        groupsWithMember: (userId) =>
          [...(idx.memberOf.get(userId) ?? [])]
            .flatMap((id) => directory.findGroup(id) ?? [])
            .filter((g) => g.members.includes(userId)),
      };
      cached.over = idx.reports;
      return cached.view;
    },
  };
}

export type Views = ReturnType<typeof createViews>;

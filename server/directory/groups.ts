import { randomUUID } from "node:crypto";
import { Problem, parseOrThrow } from "../problem";
import type { DirectoryEvent, Group, RunOrigin } from "../protocol";
import { createGroupSchema, updateGroupSchema } from "./group-schema";
import { createIndex } from "./lookup";
import type { DirectoryStore } from "./store";

/**
 * The IdP's groups. Same rules as users: validate everything first, write, then announce. Display names are
 * unique case-insensitively because Entra requires it of the groups it pushes.
 */
export function createGroupBook(db: DirectoryStore, emit: (event: DirectoryEvent) => void) {
  const groups = () => db.data.groups;
  const index = createIndex(groups, (g) => g.displayName);

  function find(id: string): Group {
    const group = index.get(id);
    if (!group) throw new Problem("not_found", `No group with id "${id}". GET /api/groups lists the ids.`);
    return group;
  }

  function checkName(displayName: string, selfId: string | null): void {
    const lower = displayName.toLowerCase();
    const named = index.named(lower);
    const clash = named && named.id !== selfId ? named : undefined;
    if (clash) {
      throw new Problem("conflict", `A group named "${clash.displayName}" already exists (${clash.id})`, [
        { path: "displayName", message: "must be unique (compared case-insensitively)" },
      ]);
    }
  }

  function checkMembers(members: string[] | undefined): string[] | undefined {
    if (!members) return undefined;
    const known = new Set(db.data.users.map((u) => u.id));
    const details = members.flatMap((id, i) =>
      known.has(id) ? [] : [{ path: `members.${i}`, message: `"${id}" is not a user in the directory` }],
    );
    if (details.length > 0) throw new Problem("invalid", `Invalid group: unknown member ids`, details);
    return [...new Set(members)];
  }

  return {
    /** Forget the lookup index after a write made outside this book. */
    invalidate: () => index.invalidate(),
    listGroups: (): Group[] => groups(),
    /** Every group by display name, case-insensitively, for the paged list. */
    groupsByName: (): readonly Group[] => index.sorted(),
    getGroup: find,
    findGroup: (id: string): Group | undefined => index.get(id),

    async createGroup(body: unknown, origin: RunOrigin | null = null): Promise<Group> {
      const input = parseOrThrow(createGroupSchema, body, "group");
      checkName(input.displayName, null);
      const members = checkMembers(input.members) ?? [];
      const now = new Date().toISOString();
      const group: Group = {
        id: randomUUID(),
        displayName: input.displayName,
        description: input.description ?? null,
        members,
        origin,
        createdAt: now,
        updatedAt: now,
      };
      groups().push(group);
      db.put("groups", group);
      index.put(group);
      await db.write();
      emit({ type: "group.created", group });
      return group;
    },

    async updateGroup(id: string, body: unknown): Promise<Group> {
      const before = find(id);
      const input = parseOrThrow(updateGroupSchema, body, "group");
      if (input.displayName !== undefined) checkName(input.displayName, id);
      const members = checkMembers(input.members);
      const next: Group = {
        ...before,
        displayName: input.displayName ?? before.displayName,
        description: input.description === undefined ? before.description : input.description,
        members: members ?? before.members,
      };
      const added = next.members.filter((m) => !before.members.includes(m));
      const removed = before.members.filter((m) => !next.members.includes(m));
      const renamed = next.displayName !== before.displayName;
      const described = next.description !== before.description;
      if (!renamed && !described && added.length === 0 && removed.length === 0) return before;
      next.updatedAt = new Date().toISOString();
      const list = groups();
      list[list.indexOf(before)] = next;
      db.put("groups", next);
      index.put(next, before);
      await db.write();
      if (renamed) emit({ type: "group.renamed", group: next, before });
      if (described && !renamed) emit({ type: "group.updated", group: next, before });
      if (added.length > 0 || removed.length > 0)
        emit({ type: "group.members_changed", group: next, before, added, removed });
      return next;
    },

    async deleteGroup(id: string): Promise<Group> {
      const group = find(id);
      db.data.groups = groups().filter((g) => g.id !== id);
      db.drop("groups", id);
      index.invalidate();
      await db.write();
      emit({ type: "group.deleted", group });
      return group;
    },

    /** A deleted user leaves every group; returns the changes for the caller to announce after its write. */
    dropMember(userId: string, now: string): DirectoryEvent[] {
      const events: DirectoryEvent[] = [];
      db.data.groups = groups().map((g) => {
        if (!g.members.includes(userId)) return g;
        const next = { ...g, members: g.members.filter((m) => m !== userId), updatedAt: now };
        db.put("groups", next);
        events.push({ type: "group.members_changed", group: next, before: g, added: [], removed: [userId] });
        return next;
      });
      index.invalidate();
      return events;
    },
  };
}

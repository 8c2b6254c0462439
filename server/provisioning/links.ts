import { z } from "zod";
import type { User } from "../protocol";
import { dict } from "../store/dict";
import { openJournaledStore } from "../store/journal";

const linkShape = z.looseObject({ remoteId: z.string(), pushed: z.looseObject({}) });
const fileShape = z.object({
  targets: z.record(
    z.string(),
    z.object({ users: z.record(z.string(), linkShape), groups: z.record(z.string(), linkShape) }),
  ),
});

import type { MemberRef } from "./dialects/types";

/** What one target knows of one directory user: its id there and what was last pushed. */
export interface Link {
  remoteId: string;
  pushed: User;
  /** The manager reference last sent, so a manager provisioned later is noticed and sent then. */
  managerRemoteId?: string | null;
  /**
   * The digest of the password last sent (password sync), never the password: a different digest now means the
   * password changed since. Absent when none was sent.
   */
  passwordDigest?: string | null;
  /** Set once a deleted or unassigned user has been deprovisioned, so it is never deprovisioned twice. */
  deprovisioned?: boolean;
  deprovisionedAt?: string;
  at: string;
}

export interface GroupLink {
  remoteId: string;
  /** The members last pushed, with their ids on the target, so a removal can name a user deleted since. */
  pushed: { displayName: string; members: MemberRef[] };
  at: string;
}

interface TargetLinks {
  users: Record<string, Link>;
  groups: Record<string, GroupLink>;
}

export type Links = Awaited<ReturnType<typeof openLinks>>;

/** Field by field, for flat records whose values are primitives or small JSON values. */
function sameRecord(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) {
    const [p, q] = [x[key], y[key]];
    if (p === q) continue;
    if (p === null || q === null || typeof p !== "object" || typeof q !== "object") return false;
    if (JSON.stringify(p) !== JSON.stringify(q)) return false;
  }
  return true;
}

/**
 * Persisted per target, so a restart never re-creates a user or group the target already has. Journaled: a link
 * change appends one line, whatever the number of links.
 */
export async function openLinks(file: string) {
  const { db, commit, close } = await openJournaledStore<{ targets: Record<string, TargetLinks> }>(
    file,
    { targets: {} },
    fileShape,
    { what: "a links file" },
  );
  db.data.targets = dict(db.data.targets);
  for (const links of Object.values(db.data.targets)) {
    links.users = dict(links.users ?? {});
    links.groups = dict(links.groups ?? {});
  }
  const of = (targetId: string): TargetLinks => {
    db.data.targets[targetId] ??= { users: dict(), groups: dict() };
    return db.data.targets[targetId];
  };
  const at = (targetId: string, kind: "users" | "groups", id: string) => ["targets", targetId, kind, id];
  return {
    get: (targetId: string, userId: string): Link | undefined => db.data.targets[targetId]?.users[userId],
    all: (targetId: string): Record<string, Link> => db.data.targets[targetId]?.users ?? {},
    set(targetId: string, userId: string, link: Link): Promise<void> {
      of(targetId).users[userId] = link;
      return commit([{ path: at(targetId, "users", userId), value: link }]);
    },
    remove(targetId: string, userId: string): Promise<void> {
      delete of(targetId).users[userId];
      return commit([{ path: at(targetId, "users", userId), removed: true }]);
    },

    getGroup: (targetId: string, groupId: string): GroupLink | undefined =>
      db.data.targets[targetId]?.groups[groupId],
    allGroups: (targetId: string): Record<string, GroupLink> => db.data.targets[targetId]?.groups ?? {},
    setGroup(targetId: string, groupId: string, link: GroupLink): Promise<void> {
      of(targetId).groups[groupId] = link;
      return commit([{ path: at(targetId, "groups", groupId), value: link }]);
    },
    removeGroup(targetId: string, groupId: string): Promise<void> {
      delete of(targetId).groups[groupId];
      return commit([{ path: at(targetId, "groups", groupId), removed: true }]);
    },

    /**
     * Links whose pushed copy is the directory's record as it stands share that record, so that a directory
     * of 100k pushed users is held once in memory, not once more per target. Read back from disk they are
     * separate copies; this folds them together again. Records are never changed in place, so sharing is safe.
     */
    share(findUser: (id: string) => User | undefined): number {
      let shared = 0;
      for (const links of Object.values(db.data.targets)) {
        for (const [id, link] of Object.entries(links.users)) {
          const user = findUser(id);
          if (user && user !== link.pushed && sameRecord(user, link.pushed)) {
            link.pushed = user;
            shared++;
          }
        }
      }
      return shared;
    },

    dropTarget(targetId: string): Promise<void> {
      delete db.data.targets[targetId];
      return commit([{ path: ["targets", targetId], removed: true }]);
    },
    close,
  };
}

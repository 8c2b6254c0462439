import { z } from "zod";
import type { User } from "../protocol";
import { dict } from "../store/dict";
import { openJournaledStore } from "../store/journal";
import { linkOnDisk, resolvePushed } from "./pushed-copy";

// A check only, as for the directory: z.object leaves unnamed fields behind rather than copying 100k links.
const linkShape = z.object({ remoteId: z.string(), pushed: z.object({}) });
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

/**
 * Persisted per target, so a restart never re-creates a user or group the target already has. Journaled: a link
 * change appends one line, whatever the number of links.
 */
export async function openLinks(file: string) {
  // Until follow() ties the links to the directory, nothing counts as the directory's record: copies are whole.
  let current: (id: string) => User | undefined = () => undefined;
  const { db, commit, close } = await openJournaledStore<{ targets: Record<string, TargetLinks> }>(
    file,
    { targets: {} },
    fileShape,
    {
      what: "a links file",
      compact: true,
      // targets.<target>.users.<user>: a user's link, whose pushed copy may be written as a reference.
      diskForm: (path, value) =>
        path.length === 4 && path[2] === "users"
          ? linkOnDisk(path[3] as string, value as Link, current)
          : value,
    },
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
    /** `gather`: nobody waits for this write (see the journal's commit). */
    set(targetId: string, userId: string, link: Link, gather = false): Promise<void> {
      of(targetId).users[userId] = link;
      return commit(
        [{ path: at(targetId, "users", userId), value: linkOnDisk(userId, link, current) }],
        gather,
      );
    },
    remove(targetId: string, userId: string, gather = false): Promise<void> {
      delete of(targetId).users[userId];
      return commit([{ path: at(targetId, "users", userId), removed: true }], gather);
    },

    getGroup: (targetId: string, groupId: string): GroupLink | undefined =>
      db.data.targets[targetId]?.groups[groupId],
    allGroups: (targetId: string): Record<string, GroupLink> => db.data.targets[targetId]?.groups ?? {},
    setGroup(targetId: string, groupId: string, link: GroupLink, gather = false): Promise<void> {
      of(targetId).groups[groupId] = link;
      return commit([{ path: at(targetId, "groups", groupId), value: link }], gather);
    },
    removeGroup(targetId: string, groupId: string, gather = false): Promise<void> {
      delete of(targetId).groups[groupId];
      return commit([{ path: at(targetId, "groups", groupId), removed: true }], gather);
    },

    /**
     * Ties the links to the directory, once, before anything reads them: pushed copies written as references
     * find their records, and from now on a link whose copy is the directory's record is written as a reference.
     * Records are never changed in place, so sharing one is safe. Returns how many links share a record.
     */
    follow(findUser: (id: string) => User | undefined): number {
      current = findUser;
      let shared = 0;
      for (const links of Object.values(db.data.targets)) {
        for (const [id, link] of Object.entries(links.users)) {
          const pushed = resolvePushed(id, link.pushed, findUser);
          if (!pushed) {
            delete links.users[id];
            continue;
          }
          link.pushed = pushed;
          if (pushed === findUser(id)) shared++;
        }
      }
      return shared;
    },

    /**
     * The directory is about to move on from the record this link shares (an edit, a delete): the link keeps
     * what was pushed as a copy of its own, on disk too, so a restart before the next push still knows it.
     */
    keepCopy(targetId: string, userId: string): Promise<void> {
      const link = db.data.targets[targetId]?.users[userId];
      if (!link) return Promise.resolve();
      return commit([{ path: at(targetId, "users", userId), value: link }]);
    },

    /** keepCopy on every target whose link shares this record. */
    keepCopies(leaving: User): Promise<void> {
      const sharing = Object.keys(db.data.targets).filter(
        (t) => db.data.targets[t]?.users[leaving.id]?.pushed === leaving,
      );
      return Promise.all(sharing.map((t) => this.keepCopy(t, leaving.id))).then(() => undefined);
    },

    dropTarget(targetId: string): Promise<void> {
      delete db.data.targets[targetId];
      return commit([{ path: ["targets", targetId], removed: true }]);
    },
    close,
  };
}

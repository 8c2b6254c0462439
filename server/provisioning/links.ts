import { z } from "zod";
import type { User } from "../protocol";
import { dict } from "../store/dict";
import { openJournaledStore } from "../store/journal";
import { fileIdentity } from "../store/private-file";
import { linkOnDisk, resolvePushed } from "./pushed-copy";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v);

/**
 * What is wrong with a links file, and where. A look only: zod's record check copies every link it checks, which
 * at 100k links cost a restart 150-200 ms before anything else could run.
 */
function linksFileIssue(data: unknown): { path: string[]; message: string } | null {
  const wrong = (path: string[], expected: string, value: unknown) => ({
    path,
    message: `expected ${expected}, received ${kindOf(value)}`,
  });
  const targets = isObject(data) ? data.targets : undefined;
  if (!isObject(targets)) return wrong(["targets"], "an object", targets);
  for (const [targetId, target] of Object.entries(targets)) {
    if (!isObject(target)) return wrong(["targets", targetId], "an object", target);
    for (const kind of ["users", "groups"]) {
      const links = target[kind];
      const at = ["targets", targetId, kind];
      if (!isObject(links)) return wrong(at, "an object", links);
      for (const id in links) {
        const link = links[id];
        if (!isObject(link)) return wrong([...at, id], "an object", link);
        if (typeof link.remoteId !== "string")
          return wrong([...at, id, "remoteId"], "a string", link.remoteId);
        if (!isObject(link.pushed)) return wrong([...at, id, "pushed"], "an object", link.pushed);
      }
    }
  }
  return null;
}

const fileShape = z.unknown().superRefine((data, ctx) => {
  const issue = linksFileIssue(data);
  if (issue) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
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
export async function openLinks(file: string, directoryFile?: string) {
  // Until follow() ties the links to the directory, nothing counts as the directory's record: copies are whole.
  let current: (id: string) => User | undefined = () => undefined;
  const journal = await openJournaledStore<{ targets: Record<string, TargetLinks>; sealedWith?: string }>(
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
  const { db, commit } = journal;
  // The seal: which directory file this links file was last written next to, at a clean stop (see close). It holds
  // only for the snapshot it was written in, so it leaves memory now and no later snapshot carries it.
  let sealOnDisk = db.data.sealedWith;
  delete db.data.sealedWith;
  const sealed =
    directoryFile !== undefined &&
    !journal.replayed &&
    sealOnDisk !== undefined &&
    sealOnDisk === (await fileIdentity(directoryFile));
  // Journals replayed (a crash) were folded into a snapshot that still carries the old seal, over links it never
  // covered: it is written again without.
  if (journal.replayed && sealOnDisk !== undefined) {
    await db.write();
    sealOnDisk = undefined;
  }
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
        for (const id in links.users) {
          const link = links.users[id] as Link;
          const user = findUser(id);
          const pushed = resolvePushed(user, link.pushed, sealed);
          if (!pushed) {
            delete links.users[id];
            continue;
          }
          link.pushed = pushed;
          if (pushed === user) shared++;
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

    /**
     * Closes the journal, and seals the snapshot to the directory file's version that the directory store last
     * wrote (`directoryIdentity`, given only while that file holds everything the directory has in memory): every
     * reference the snapshot holds then names that file's record, so the next start takes them as they are
     * instead of checking 100k digests. A later write of the directory file, or a links journal, breaks the seal.
     */
    async close(directoryIdentity?: string): Promise<void> {
      if (directoryIdentity === undefined) return journal.close();
      const snapshots = journal.snapshots;
      db.data.sealedWith = directoryIdentity;
      await journal.close();
      // Nothing was appended, so the close wrote no snapshot: the one on disk carries the seal only if it is the
      // snapshot this start read, sealed to this same version of the directory file.
      if (journal.snapshots === snapshots && !(snapshots === 0 && sealOnDisk === directoryIdentity))
        await db.write();
      delete db.data.sealedWith;
    },
  };
}

import { z } from "zod";
import type { Group, Target, User } from "../protocol";
import { openRecordStore, type RecordStore } from "../store/record-store";

// A check only: the store keeps the parsed text, fields and all. So records are checked with z.object, which
// leaves the fields it does not name behind instead of copying them (as z.looseObject does): ten times quicker
// over 100k users, and no second copy of the directory for the collector.
const fileShape = z.object({
  users: z.array(z.object({ id: z.string(), userName: z.string(), active: z.boolean() })),
  groups: z.array(z.object({ id: z.string(), displayName: z.string(), members: z.array(z.string()) })),
  targets: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      baseUrl: z.string(),
      auth: z.looseObject({ type: z.enum(["bearer", "basic", "header"]) }),
      profile: z.string(),
      mode: z.string(),
    }),
  ),
});

export interface DirectoryData {
  users: User[];
  groups: Group[];
  targets: Target[];
}

export type DirectoryStore = RecordStore<DirectoryData>;

/**
 * directory.json, journaled: an edit of one user appends that user, whatever the directory's size. Writers name
 * the users and groups they change (`put`, `drop`); targets are few and journaled whole.
 */
export async function openDirectoryStore(file: string): Promise<DirectoryStore> {
  const db = await openRecordStore<DirectoryData>(file, { users: [], groups: [], targets: [] }, fileShape, {
    what: "a directory file",
    records: ["users", "groups"],
  });
  // Files written before scenario runs were marked have no origin: everything in them was made by a person.
  // Only those records change, so the next write journals them and no others.
  const mark = <R extends { id: string }>(list: "users" | "groups", record: R): R => {
    db.put(list, record);
    return record;
  };
  db.data.users = db.data.users.map((u) =>
    u.origin === undefined ? mark("users", { ...u, origin: null }) : u,
  );
  db.data.groups = db.data.groups.map((g) =>
    g.origin === undefined ? mark("groups", { ...g, origin: null }) : g,
  );
  return db;
}

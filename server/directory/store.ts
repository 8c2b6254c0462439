import type { Low } from "lowdb";
import { z } from "zod";
import type { Group, Target, User } from "../protocol";
import { openJsonStore } from "../store/json-file";

const fileShape = z.object({
  users: z.array(z.looseObject({ id: z.string(), userName: z.string(), active: z.boolean() })),
  groups: z.array(z.looseObject({ id: z.string(), displayName: z.string(), members: z.array(z.string()) })),
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

export type DirectoryStore = Low<DirectoryData>;

export async function openDirectoryStore(file: string): Promise<DirectoryStore> {
  const db = await openJsonStore<DirectoryData>(file, { users: [], groups: [], targets: [] }, fileShape, {
    what: "a directory file",
  });
  // Files written before scenario runs were marked have no origin: everything in them was made by a person.
  db.data.users = db.data.users.map((u) => ({ ...u, origin: u.origin ?? null }));
  db.data.groups = db.data.groups.map((g) => ({ ...g, origin: g.origin ?? null }));
  return db;
}

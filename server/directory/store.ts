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

export function openDirectoryStore(file: string): Promise<DirectoryStore> {
  return openJsonStore<DirectoryData>(file, { users: [], groups: [], targets: [] }, fileShape, {
    what: "a directory file",
  });
}

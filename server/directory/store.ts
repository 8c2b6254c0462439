import type { Low } from "lowdb";
import type { Group, Target, User } from "../protocol";
import { openJsonStore } from "../store/json-file";

export interface DirectoryData {
  users: User[];
  groups: Group[];
  targets: Target[];
}

export type DirectoryStore = Low<DirectoryData>;

export function openDirectoryStore(file: string): Promise<DirectoryStore> {
  return openJsonStore<DirectoryData>(file, { users: [], groups: [], targets: [] });
}

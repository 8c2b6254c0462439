// The IdP's directory: users, groups and the events it announces.

/** The fields of a user that clients write and that provisioning compares; optional ones are null when unset. */
export const USER_FIELDS = [
  "userName",
  "givenName",
  "familyName",
  "displayName",
  "email",
  "title",
  "department",
  "employeeNumber",
  "managerId",
  "phone",
  "locale",
  "active",
] as const;
export type UserField = (typeof USER_FIELDS)[number];

export interface User {
  id: string;
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string | null;
  email: string | null;
  title: string | null;
  department: string | null;
  employeeNumber: string | null;
  managerId: string | null;
  phone: string | null;
  locale: string | null;
  active: boolean;
  /** Whether the user has a password; the password itself is write-only and never leaves the server. */
  passwordSet: boolean;
  /** The scenario run that made this user, or null for people made by hand, the API or the seed. */
  origin: RunOrigin | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * A scenario run that made a user or group in the live app. Such leftovers are provisioned only by the run's own
 * target, never by any other, until someone removes them or keeps them as ordinary directory entries.
 */
export interface RunOrigin {
  scenario: string;
  runId: string;
  /** The run's own target. */
  targetId: string;
  at: string;
}

/** The fields a client may write; id, timestamps, the password marker and the origin belong to the directory. */
export type UserInput = Omit<User, "id" | "createdAt" | "updatedAt" | "passwordSet" | "origin">;

export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  /** Directory user ids. */
  members: string[];
  /** The scenario run that made this group, or null. */
  origin: RunOrigin | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * What the directory announces once a change is on disk, named `noun.verb_past`. A user's `changed` lists the
 * fields that changed, and "password" when its password was set, replaced or cleared (never the value).
 */
export type DirectoryEvent =
  | { type: "user.created"; user: User }
  | { type: "user.updated"; user: User; before: User; changed: string[] }
  | { type: "user.deactivated"; user: User; before: User; changed: string[] }
  | { type: "user.reactivated"; user: User; before: User; changed: string[] }
  | { type: "user.deleted"; user: User }
  | { type: "group.created"; group: Group }
  | { type: "group.renamed"; group: Group; before: Group }
  | { type: "group.updated"; group: Group; before: Group }
  | { type: "group.members_changed"; group: Group; before: Group; added: string[]; removed: string[] }
  | { type: "group.deleted"; group: Group };

/**
 * The writable user fields; on create userName, givenName and familyName are required. `password` is write-only:
 * a string of 1 to 256 characters sets it, null clears it, and no response ever carries it.
 */
export type UserPatch = Partial<UserInput> & { password?: string | null };

/** The writable group fields; `members` is always the full new list of directory user ids. */
export interface GroupPatch {
  displayName?: string;
  description?: string | null;
  members?: string[];
}

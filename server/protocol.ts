// Wire types shared by the server and the UI. The UI imports only this file from server/.

export const PROFILES = ["rfc", "okta", "okta-aiw", "entra", "entra-scim062020", "onelogin"] as const;
export type Profile = (typeof PROFILES)[number];

export const MODES = ["on-edit", "schedule", "manual"] as const;
export type Mode = (typeof MODES)[number];

/** What a directory delete becomes on the target. */
export const DEPROVISION_ACTIONS = ["deactivate", "delete", "none"] as const;
export type DeprovisionAction = (typeof DEPROVISION_ACTIONS)[number];

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
  createdAt: string;
  updatedAt: string;
}

/** The fields a client may write; id and timestamps belong to the directory. */
export type UserInput = Omit<User, "id" | "createdAt" | "updatedAt">;

export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  /** Directory user ids. */
  members: string[];
  createdAt: string;
  updatedAt: string;
}

export type TargetAuth =
  | { type: "bearer"; token: string }
  | { type: "basic"; username: string; password: string }
  | { type: "header"; name: string; value: string };

/**
 * Per-target overrides of a dialect's defaults. Each dialect reads the ones that apply to it; the docs mark the
 * defaults that are not verified against captures, which is why they can be changed here.
 */
export interface TargetOptions {
  /** Replaces the dialect's User-Agent. */
  userAgent?: string;
  /** Replaces the dialect's Content-Type for request bodies. */
  contentType?: string;
  /** How attribute updates travel; Okta OIN and OneLogin use PUT, Entra and rfc use PATCH. */
  updateMethod?: "PUT" | "PATCH";
  /** The attribute the create probe matches on (Entra lets admins change it). */
  matchAttribute?: "userName" | "externalId" | "email";
  /** Entra: how `active` travels in PATCH; its default sends the strings "True"/"False". */
  activeAs?: "string" | "boolean";
  /** Entra: the shape of the manager reference PATCH. */
  managerForm?: "urn-string" | "legacy-array";
  /** Entra: days between the disable of a deleted user and its DELETE (Entra keeps soft-deleted users 30 days). */
  softDeleteDays?: number | null;
  /** What a 429 does: wait for Retry-After and retry (default), or fail now and retry next cycle (old Entra). */
  on429?: "wait" | "next-cycle";
  /** Escrow/quarantine thresholds, scaled down from Entra's for a local demo. */
  quarantine?: { minFailures: number; ratio: number } | null;
  /** Okta: whether deleting a pushed group also deletes it in the app ("delete the group in the target app"). */
  deleteGroups?: boolean;
  /** On-edit targets retry their failed work every this many simulated minutes (default 5). */
  sweepMinutes?: number;
  /** OneLogin: which SCIM JSON template it sends. */
  template?: "v2-enterprise" | "v1-core" | "v1-enterprise";
}

/** Which users and groups a target provisions: everything, or only what is assigned to the app. */
export type Scope = "all" | "assigned";

export interface Assignments {
  users: string[];
  groups: string[];
}

export interface Target {
  id: string;
  name: string;
  baseUrl: string;
  /** In API responses every secret in here is masked. */
  auth: TargetAuth;
  profile: Profile;
  mode: Mode;
  schedule: string | null;
  deprovision: DeprovisionAction;
  scope: Scope;
  /** Used when scope is "assigned": a user is in scope if assigned directly or through an assigned group. */
  assigned: Assignments;
  /** Per-target request timeout in milliseconds. */
  timeoutMs: number;
  options: TargetOptions;
  /** True for the target that points at the embedded org; its URL and token follow the org. */
  embedded: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What one user's or group's provisioning on one target came to; provision on demand answers with it. */
export interface JobResult {
  outcome:
    | "created"
    | "linked"
    | "updated"
    | "deactivated"
    | "reactivated"
    | "deleted"
    | "unchanged"
    | "failed"
    | "skipped";
  error?: string;
  /** The HTTP status of the failure (0 when nothing answered). */
  status?: number;
  /** The dialect ended the task (Okta after a 409): kept in the outbox, but not retried on its own. */
  stop?: boolean;
}

/** The answer to "Test connection". */
export interface ConnectionTest {
  ok: boolean;
  status: number;
  detail: string;
}

/** What a purge of soft-deleted users did. */
export interface PurgeResult {
  deleted: number;
  failed: number;
}

export interface ExchangeCause {
  type: string;
  userId?: string;
  groupId?: string;
}

export interface Exchange {
  id: string;
  at: string;
  targetId: string;
  cause: ExchangeCause;
  request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown } | null;
  error?: string;
  /** The simulated clock's time when the exchange started (differs from `at` when time is scaled). */
  simulatedAt?: string;
  /** Why something was left out of this request (a manager not on the target yet, say). */
  note?: string;
  durationMs: number;
}

/** What the directory announces once a change is on disk, named `noun.verb_past`. */
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

export type CycleKind = "full" | "incremental" | "reconcile";

export interface CycleCounts {
  created: number;
  linked: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  deleted: number;
  unchanged: number;
  failed: number;
}

/** One provisioning cycle of one target, as kept in its history; the counts at the top are for users. */
export interface CycleRecord extends CycleCounts {
  id: string;
  targetId: string;
  kind: CycleKind;
  cause: string;
  startedAt: string;
  /** The simulated clock's time when the cycle started. */
  simulatedAt: string;
  endedAt: string;
  durationMs: number;
  /** How many users the cycle looked at. */
  users: number;
  groups: CycleCounts & { total: number };
  errors: Array<{ userId?: string; groupId?: string; error: string }>;
  drift?: DriftReport;
  quarantined: boolean;
}

export interface DriftReport {
  /** Linked in SCIMulator but not on the target. */
  missing: Array<{ userId?: string; groupId?: string; name: string; remoteId: string }>;
  /** On the target but linked to nothing in the directory. */
  unknown: Array<{ remoteId: string; name: string; resourceType: "User" | "Group" }>;
  /** On both, with attributes that differ. */
  different: Array<{
    userId?: string;
    groupId?: string;
    name: string;
    remoteId: string;
    fields: Array<{ field: string; directory: unknown; target: unknown }>;
  }>;
  fixed: boolean;
}

/** A target as the control API shows it: secrets masked, with its next runs and its health. */
export type TargetView = Target & { nextRuns: string[]; health: TargetHealth };

export type TargetHealth =
  | { state: "healthy" }
  | { state: "retrying"; reason: string; pending: number }
  /**
   * Work that will not succeed by retrying: the target refused the credentials (retries stopped until the target
   * is edited, synced or restarted), a task the dialect stopped, or operations that ended with a permanent 4xx.
   */
  | { state: "failing"; reason: string; pending: number; failed: number }
  | { state: "quarantined"; reason: string; since: string };

/** Messages on the /ws live channel. */
export type LiveMessage =
  | { type: "exchange"; exchange: Exchange }
  | { type: "directory"; event: DirectoryEvent }
  | { type: "targets.changed" }
  | {
      type: "cycle";
      phase: "start" | "progress" | "end";
      targetId: string;
      cycleId: string;
      kind: CycleKind;
      total: number;
      done: number;
      record?: CycleRecord;
    }
  | { type: "clock"; scale: number; now: string }
  | {
      type: "scenario";
      runId: string;
      /** The file's id (its name without .yaml), as GET /api/scenarios lists it. */
      scenarioId: string;
      scenario: string;
      phase: "start" | "step-start" | "step-end" | "paused" | "end";
      index?: number;
      label?: string;
      caption?: string | null;
      step?: unknown;
      status?: "running" | "paused" | "passed" | "failed" | "skipped";
    }
  | { type: "target-org.changed"; resourceType: "User" | "Group"; id: string };

/** The one error shape of the control API. */
export interface ApiError {
  error: string;
  details?: unknown;
}

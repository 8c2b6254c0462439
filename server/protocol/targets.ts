// Targets: where SCIMulator pushes, as the control API takes and shows them.

export const PROFILES = ["rfc", "okta", "okta-aiw", "entra", "entra-scim062020", "onelogin"] as const;
export type Profile = (typeof PROFILES)[number];

export const MODES = ["on-edit", "schedule", "manual"] as const;
export type Mode = (typeof MODES)[number];

/** What a directory delete becomes on the target. */
export const DEPROVISION_ACTIONS = ["deactivate", "delete", "none"] as const;
export type DeprovisionAction = (typeof DEPROVISION_ACTIONS)[number];

export type TargetAuth =
  | { type: "bearer"; token: string }
  | { type: "basic"; username: string; password: string }
  | { type: "header"; name: string; value: string }
  /** A server that takes requests with no credential at all (a local test server, say). */
  | { type: "none" };

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
  /** Okta: Push Groups' "Rename groups": a renamed group is renamed in the app too (default true). */
  renameGroups?: boolean;
  /**
   * Okta: Provisioning's "Sync Password" (default false): creates and PUTs carry the directory password, and a
   * change of it alone is pushed. Other dialects do not read it.
   */
  passwordSync?: boolean;
  /** On-edit targets retry their failed work every this many simulated minutes (default 5). */
  sweepMinutes?: number;
  /** Requests in flight to this target at once, 1 to 64 (default: the server's, 4). */
  concurrency?: number;
  /** OneLogin: which SCIM JSON template it sends. */
  template?: "v2-enterprise" | "v1-core" | "v1-enterprise";
}

export type TargetOptionName = keyof TargetOptions;

/** Options every dialect reads; each dialect adds its own (GET /api/dialects lists them per profile). */
export const COMMON_TARGET_OPTIONS: readonly TargetOptionName[] = [
  "userAgent",
  "contentType",
  "updateMethod",
  "matchAttribute",
  "on429",
  "quarantine",
  "sweepMinutes",
  "concurrency",
];

/** What GET /api/dialects says of one dialect, from its spec: the UI derives its forms from this. */
export interface DialectFacts {
  profile: Profile;
  defaults: {
    mode: Mode;
    schedule: string | null;
    deprovision: DeprovisionAction;
    softDeleteDays: number | null;
  };
  headers: { userAgent: string; accept: string; contentType: string };
  updateMethod: "PUT" | "PATCH";
  /** The target options that change what this dialect sends. */
  options: TargetOptionName[];
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

/** A target as the control API shows it: secrets masked, with its next runs and its health. */
export type TargetView = Target & { nextRuns: string[]; health: TargetHealth };

export type TargetHealth =
  | { state: "healthy" }
  /** `attempts`: the most times one of the pending operations has been tried so far. */
  | { state: "retrying"; reason: string; pending: number; attempts?: number }
  /**
   * Work that will not succeed by retrying: the target refused the credentials (retries stopped until the target
   * is edited, synced or restarted), a task the dialect stopped, or operations that ended with a permanent 4xx.
   */
  | { state: "failing"; reason: string; pending: number; failed: number }
  | { state: "quarantined"; reason: string; since: string };

/** What POST /api/targets takes; PATCH takes any subset. A masked secret sent back keeps the stored one. */
export type TargetInput = Pick<
  Target,
  "name" | "baseUrl" | "auth" | "profile" | "mode" | "schedule" | "deprovision" | "scope" | "options"
>;
export type TargetPatch = Partial<TargetInput> & { assigned?: Partial<Assignments> };

// The embedded org, the clock and the server, as the control API describes them; and the SCIM shapes the UI reads.

export interface Health {
  ok: boolean;
  version: string;
}

/** The embedded org's presets: generic RFC 7644 providers, and SaaS-shaped ones. */
export const ORG_PRESETS = ["strict", "lenient", "contentstack", "aws-identity-center"] as const;
export type OrgPresetName = (typeof ORG_PRESETS)[number];

/**
 * Behaviours a SaaS SCIM API has but does not document. Each preset picks its defaults; the org panel and
 * `PATCH /api/target-org {"switches":{…}}` change them.
 */
export interface OrgSwitches {
  /** The status of a refused edit of a locked attribute (name, email). */
  refusedEditStatus: 400 | 403;
  /** What `active: false` in a PUT or PATCH does: stored as is, treated as removal from the org, or refused. */
  deactivate: "keep" | "remove" | "refuse";
  /** A POST of a userName already in the org: 409 uniqueness, or the existing user returned as if attached. */
  duplicate: "conflict" | "attach";
  /** The shape of error bodies: RFC 7644's Error, or Contentstack's REST form `{error_message, error_code}`. */
  errorBody: "scim" | "contentstack";
  /** Whether `startIndex` and `count` are honoured on lists, or every match comes back in one page. */
  paging: "honoured" | "ignored";
  /** Writes (POST, PUT, PATCH, DELETE) accepted per minute before a 429 with Retry-After; 0 is no limit. */
  writesPerMinute: number;
}

export type OrgSwitchName = keyof OrgSwitches;

/** One switch as the org panel presents it. */
export interface OrgSwitchInfo {
  name: OrgSwitchName;
  label: string;
  /** The values it takes; a number switch lists none. */
  choices: Array<string | number>;
  /** Why it is a switch: the source that leaves it open. */
  why: string;
}

export interface OrgPresetInfo {
  name: OrgPresetName;
  label: string;
  summary: string;
  /** The switches this preset shows; the others keep their RFC 7644 defaults. */
  switches: OrgSwitchInfo[];
  /** Whether groups map to organization and stack roles (Contentstack's Group Mapping). */
  roles: boolean;
}

export const ORG_ROLES = ["member", "admin"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export const STACK_ROLES = ["content manager", "developer", "admin"] as const;
export type StackRole = (typeof STACK_ROLES)[number];

/** One row of a Group Mapping: members of the group get this organization role and these stack roles. */
export interface RoleMappingRow {
  group: string;
  orgRole: OrgRole;
  stacks?: Record<string, StackRole>;
}

/** A user's roles once every mapped group they belong to is counted; the highest permission wins. */
export interface EffectiveRoles {
  userId: string;
  userName: string;
  orgRole: OrgRole;
  stacks: Record<string, StackRole>;
  /** The mapped groups that gave these roles. */
  groups: string[];
}

/** GET /api/target-org: where the embedded org is, its token, and its knobs. */
export interface TargetOrgInfo {
  baseUrl: string;
  token: string;
  strict?: boolean;
  users?: number;
  groups?: number;
  preset?: OrgPresetName;
  /** The organization uid in a Contentstack-shaped base path. */
  orgUid?: string;
  switches?: OrgSwitches;
  presets?: OrgPresetInfo[];
  roleMapping?: RoleMappingRow[];
  /** Accounts that exist outside this organization (left it, or belong to another one). */
  accountsOutside?: number;
}

/** GET /api/target-org/roles: the Group Mapping and what it gives each user of the org. */
export interface OrgRoles {
  mapping: RoleMappingRow[];
  users: EffectiveRoles[];
}

/** The simulated clock: its speed and its time, with the server's real time at the moment of reading. */
export interface ClockState {
  scale: number;
  now: string;
  realNow?: string;
  /** Held still while a trainer step waits for its Continue. */
  paused?: boolean;
}

/** The parts of a SCIM User resource the target-org panel shows. */
export interface ScimUser {
  id: string;
  userName: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  displayName?: string;
  active?: boolean;
  emails?: Array<{ value: string; primary?: boolean }>;
  meta?: { lastModified?: string };
}

/** The parts of a SCIM Group resource the org-groups panel shows. */
export interface ScimGroup {
  id: string;
  displayName: string;
  members?: Array<{ value: string; display?: string }>;
  meta?: { lastModified?: string };
}

export interface ListResponse<T> {
  totalResults?: number;
  startIndex?: number;
  itemsPerPage?: number;
  Resources?: T[];
}

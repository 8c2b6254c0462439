import type {
  OrgPresetName,
  OrgSwitches,
  OrgSwitchInfo,
  OrgSwitchName,
  RoleMappingRow,
} from "../../protocol";

/**
 * A SaaS SCIM API described as data: where it is served, what its ids look like, what it refuses, and which of
 * its undocumented behaviours are switches. The org's routes read the active preset; nothing else varies per SaaS,
 * so a new one is one file beside this.
 */
export interface OrgPreset {
  name: OrgPresetName;
  label: string;
  summary: string;
  /** Type-checks requests strictly (RFC 7643 types, schemas arrays), or repairs known IdP quirks. */
  strict: boolean;
  /** The base path under /target/scim; `{org}` stands for the organization uid. */
  basePath: "/v2" | "/v2.0/organizations/{org}";
  /** How new resource ids look. */
  ids: "uuid" | "blt";
  /** The Content-Type of every answer. */
  contentType: string;
  /**
   * `org`: a user exists only in this org, DELETE destroys it. `global`: accounts outlive their membership, a
   * DELETE removes the user from the org only, and a POST of that userName attaches the same account again.
   */
  accounts: "org" | "global";
  /** Top-level user attributes no PUT or PATCH may change once the account exists. */
  lockedUserAttributes: string[];
  /** Why locked attributes are refused, as the error detail says. */
  lockedReason?: string;
  /** The most member values one group POST or PATCH may carry; more is a 400 tooMany. */
  membersPerRequest?: number;
  /** The most resources one list answer holds, whatever `count` asks. */
  maxResults?: number;
  /** The switches the org panel shows, and this preset's defaults for every switch. */
  switches: OrgSwitchName[];
  defaults: OrgSwitches;
  /** The default Group Mapping, when groups map to roles. */
  roleMapping?: RoleMappingRow[];
}

/** RFC 7644's answer wherever a preset says nothing. */
export const RFC_DEFAULTS: OrgSwitches = {
  refusedEditStatus: 400,
  deactivate: "keep",
  duplicate: "conflict",
  errorBody: "scim",
  paging: "honoured",
  writesPerMinute: 0,
};

/** How each switch is presented; `why` cites what leaves the behaviour open. */
export const SWITCHES: Record<OrgSwitchName, Omit<OrgSwitchInfo, "name">> = {
  refusedEditStatus: {
    label: "Refused edit status",
    choices: [400, 403],
    why: "the docs say name and email edits are unsupported, not which status answers them",
  },
  deactivate: {
    label: "active: false",
    choices: ["remove", "refuse", "keep"],
    why: "the docs say deprovisioning removes the user from the organization, not whether active:false does",
  },
  duplicate: {
    label: "POST of a user already in the org",
    choices: ["conflict", "attach"],
    why: "the docs do not say whether a duplicate POST is a 409",
  },
  errorBody: {
    label: "Error bodies",
    choices: ["scim", "contentstack"],
    why: "the SCIM API reference shows no error body",
  },
  paging: {
    label: "Paging",
    choices: ["honoured", "ignored"],
    why: "the SCIM API reference does not document startIndex and count",
  },
  writesPerMinute: {
    label: "Writes per minute (0: no limit)",
    choices: [],
    why: "no rate limit is documented for the SCIM API",
  },
};

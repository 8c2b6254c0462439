import type { Profile } from "../server/protocol";

/**
 * How the UI names each dialect. Everything it sends (defaults, headers, options) comes from GET /api/dialects
 * (dialect-facts.ts), read from the server's dialect specs.
 */
export interface DialectInfo {
  label: string;
  /** One line a trainer can read out. */
  blurb: string;
}

export const DIALECTS: Record<Profile, DialectInfo> = {
  rfc: {
    label: "RFC 7644",
    blurb: "the careful baseline",
  },
  okta: {
    label: "Okta (OIN)",
    blurb: "PUT full user, path-less PATCH for active",
  },
  "okta-aiw": {
    label: "Okta (AIW)",
    blurb: "PUT for everything",
  },
  entra: {
    label: "Microsoft Entra ID",
    blurb: 'capitalised ops, "True"/"False" strings',
  },
  "entra-scim062020": {
    label: "Entra (aadOptscim062020)",
    blurb: "lower-case ops, booleans, dotted path-less replace",
  },
  onelogin: {
    label: "OneLogin",
    blurb: "PUT full user, never PATCH on Users",
  },
};

/** The per-target options the target form edits; which apply to a profile comes from the dialect facts. */
export type FormOption =
  | "userAgent"
  | "updateMethod"
  | "matchAttribute"
  | "activeAs"
  | "softDeleteDays"
  | "template"
  | "passwordSync";

export const FORM_OPTIONS: readonly FormOption[] = [
  "userAgent",
  "updateMethod",
  "matchAttribute",
  "activeAs",
  "softDeleteDays",
  "template",
  "passwordSync",
];

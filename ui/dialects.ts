import type { Mode, Profile } from "../server/protocol";

/** What the UI needs to know about each dialect, after docs/dialects.md. */
export interface DialectInfo {
  label: string;
  /** One line a trainer can read out. */
  blurb: string;
  mode: Mode;
  schedule: string | null;
  updateMethod: "PUT" | "PATCH";
  userAgent: string;
}

export const DIALECTS: Record<Profile, DialectInfo> = {
  rfc: {
    label: "RFC 7644",
    blurb: "the careful baseline",
    mode: "on-edit",
    schedule: null,
    updateMethod: "PATCH",
    userAgent: "SCIMulator/<version>",
  },
  okta: {
    label: "Okta (OIN)",
    blurb: "PUT full user, path-less PATCH for active",
    mode: "on-edit",
    schedule: null,
    updateMethod: "PUT",
    userAgent: "Okta SCIM Client 1.0.0",
  },
  "okta-aiw": {
    label: "Okta (AIW)",
    blurb: "PUT for everything",
    mode: "on-edit",
    schedule: null,
    updateMethod: "PUT",
    userAgent: "Okta SCIM Client 1.0.0",
  },
  entra: {
    label: "Microsoft Entra ID",
    blurb: 'capitalised ops, "True"/"False" strings',
    mode: "schedule",
    schedule: "*/40 * * * *",
    updateMethod: "PATCH",
    userAgent: "Microsoft Entra ID provisioning (SCIMulator)",
  },
  "entra-scim062020": {
    label: "Entra (aadOptscim062020)",
    blurb: "lower-case ops, booleans, dotted path-less replace",
    mode: "schedule",
    schedule: "*/40 * * * *",
    updateMethod: "PATCH",
    userAgent: "Microsoft Entra ID provisioning (SCIMulator)",
  },
  onelogin: {
    label: "OneLogin",
    blurb: "PUT full user, never PATCH on Users",
    mode: "on-edit",
    schedule: null,
    updateMethod: "PUT",
    userAgent: "OneLogin SCIM (SCIMulator)",
  },
};

export const isEntra = (profile: Profile): boolean => profile === "entra" || profile === "entra-scim062020";

/** The per-target options the target form edits, and the profiles each one applies to (docs/dialects.md). */
export type FormOption =
  | "userAgent"
  | "updateMethod"
  | "matchAttribute"
  | "activeAs"
  | "softDeleteDays"
  | "template";

export function optionApplies(option: FormOption, profile: Profile): boolean {
  switch (option) {
    case "userAgent":
    case "updateMethod":
    case "matchAttribute":
      return true;
    case "activeAs":
    case "softDeleteDays":
      return isEntra(profile);
    case "template":
      return profile === "onelogin";
  }
}

export const FORM_OPTIONS: readonly FormOption[] = [
  "userAgent",
  "updateMethod",
  "matchAttribute",
  "activeAs",
  "softDeleteDays",
  "template",
];

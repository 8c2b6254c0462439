import { type CheckId, type CheckProfile, IDP_NAMES } from "../protocol";
import type { Explanation, ExplanationTable } from "./explanation";
import { LIFECYCLE } from "./explanations-lifecycle";
import { VALIDATORS } from "./explanations-validators";

const TABLE: ExplanationTable = { ...LIFECYCLE, ...VALIDATORS };

/** An IdP's variant reads its base IdP's words unless it has its own: AIW apps are Okta, the flag is still Entra. */
const BASE: Partial<Record<CheckProfile, CheckProfile>> = { "okta-aiw": "okta", "entra-scim062020": "entra" };

/** The most precise entry for this IdP and cause of failure, field by field, with the IdP named. */
export function explain(id: CheckId, profile: CheckProfile, reason?: string): Explanation {
  const rows = TABLE[id] ?? {};
  const base = BASE[profile];
  const keys = [
    reason && `${profile}:${reason}`,
    reason && base && `${base}:${reason}`,
    reason && `*:${reason}`,
    profile,
    base,
    "*",
  ].filter((k): k is string => Boolean(k));
  const pick = (field: keyof Explanation) =>
    keys.map((k) => rows[k]?.[field]).find((v): v is string => v !== undefined) ?? "";
  const name = IDP_NAMES[profile];
  return { admin: pick("admin").replaceAll("{idp}", name), fix: pick("fix").replaceAll("{idp}", name) };
}

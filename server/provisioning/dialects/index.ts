import type { Profile } from "../../protocol";
import { entra, entraScim062020 } from "./entra";
import { okta, oktaAiw } from "./okta";
import { onelogin } from "./onelogin";
import { rfc } from "./rfc";
import { RFC_RULES } from "./rules-rfc";
import type { Dialect } from "./types";
import { explainRequest as explainWith } from "./wire-rules";

const dialects: Record<Profile, Dialect> = {
  rfc,
  okta,
  "okta-aiw": oktaAiw,
  entra,
  "entra-scim062020": entraScim062020,
  onelogin,
};

export function dialectFor(profile: Profile): Dialect {
  return dialects[profile];
}

/** Why a request (sent, or rendered in a dry run) looks as it does under this profile: its rules, then the RFC's. */
export function explainRequest(profile: Profile, request: { method: string; url: string; body: unknown }) {
  return explainWith(profile, dialects[profile].rules, RFC_RULES, request);
}

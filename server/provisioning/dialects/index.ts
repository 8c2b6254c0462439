import type { Profile } from "../../protocol";
import { entra, entraScim062020 } from "./entra";
import { okta, oktaAiw } from "./okta";
import { onelogin } from "./onelogin";
import { rfc } from "./rfc";
import type { Dialect } from "./types";

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

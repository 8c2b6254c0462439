import { z } from "zod";
import { NAME_ID_CHOICES, SIGN_IN_PROFILES, SIGN_IN_PROTOCOLS } from "../protocol";

const url = (what: string) =>
  z
    .url({ protocol: /^https?$/, error: `must be an http:// or https:// URL (${what})` })
    .refine((u) => !u.includes("#"), { message: "must not carry a fragment (#…)" });

const urls = (what: string) => z.array(url(what), "must be a list of URLs").max(20);

const fields = {
  name: z.string("must be a string").trim().min(1, "must not be empty").max(128),
  protocol: z.enum(SIGN_IN_PROTOCOLS, `must be one of ${SIGN_IN_PROTOCOLS.join(", ")}`),
  profile: z.enum(SIGN_IN_PROFILES, `must be one of ${SIGN_IN_PROFILES.join(", ")}`),
  redirectUris: urls("a redirect URI such as http://localhost:3000/callback"),
  postLogoutRedirectUris: urls("a post-logout redirect URI"),
  backchannelLogoutUri: z.union([url("the RP's back-channel logout endpoint"), z.null()]),
  acsUrl: z.union([url("the SP's Assertion Consumer Service URL"), z.null()]),
  entityId: z.union([z.string("must be a string").trim().min(1, "must not be empty").max(1024), z.null()]),
  nameId: z.enum(NAME_ID_CHOICES, `must be one of ${NAME_ID_CHOICES.join(", ")}`),
  scope: z.enum(["all", "assigned"], 'must be "all" or "assigned"'),
  assigned: z.strictObject(
    {
      users: z.array(z.string("must be a user id")).max(100_000).optional(),
      groups: z.array(z.string("must be a group id")).max(10_000).optional(),
    },
    "must be {users:[ids], groups:[ids]}",
  ),
};

const optional = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };

/** What each protocol needs to be usable, checked on the merged app so a PATCH cannot leave one half-made. */
export function missingForProtocol(app: {
  protocol: string;
  redirectUris: string[];
  acsUrl: string | null;
  entityId: string | null;
}): Array<{ path: string; message: string }> {
  if (app.protocol === "oidc" && app.redirectUris.length === 0)
    return [{ path: "redirectUris", message: "an OIDC app needs at least one redirect URI" }];
  if (app.protocol === "saml") {
    const out: Array<{ path: string; message: string }> = [];
    if (!app.acsUrl)
      out.push({ path: "acsUrl", message: "a SAML app needs its Assertion Consumer Service URL" });
    if (!app.entityId) out.push({ path: "entityId", message: "a SAML app needs its SP entity id" });
    return out;
  }
  return [];
}

const { name, protocol, ...rest } = fields;
export const createAppSchema = z.strictObject({ name, protocol, ...optional(rest) });
/** The protocol is what the app is; changing it is a new app. */
export const updateAppSchema = z.strictObject({ name: name.optional(), ...optional(rest) });

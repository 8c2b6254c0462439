import { oktaId, oneloginId } from "../idp-ids";
import type { App, SignInProfile, User } from "../protocol";

/** Which claims each scope releases, the union of every dialect's; each dialect fills only its own. */
export const CLAIMS_BY_SCOPE = {
  openid: ["sub", "tid", "ver", "idp"],
  profile: [
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "locale",
    "zoneinfo",
    "updated_at",
    "oid",
  ],
  email: ["email", "email_verified"],
  groups: ["groups"],
} as const;

export interface ClaimContext {
  /** The Entra tenant this installation plays. */
  tenantId: string;
  /** Display names of the directory groups the user is in. */
  groups: string[];
}

const nameOf = (user: User) => user.displayName ?? `${user.givenName} ${user.familyName}`;
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The subject an app sees before any pairwise transformation. Okta's `sub` is the user's id, the same 00u… id its
 * SCIM client sends as externalId; OneLogin's is its numeric user id; Entra's is made pairwise per app by the
 * provider (and `oid`, the object id, is the directory id); rfc's is the directory id, which its SCIM sends as
 * externalId.
 */
export function subjectFor(profile: SignInProfile, userId: string): string {
  if (profile === "okta") return oktaId("00u", userId);
  if (profile === "onelogin") return oneloginId(userId);
  return userId;
}

/** OpenID Connect's standard profile and email claims, as OneLogin and a plain provider both release them. */
const standardProfile = (sub: string, user: User, email: string) => ({
  sub,
  name: nameOf(user),
  given_name: user.givenName,
  family_name: user.familyName,
  preferred_username: user.userName,
  email,
});

/** Every claim the dialect would release for this user, for an ID token or for the userinfo endpoint. */
export function claimsFor(
  app: Pick<App, "profile">,
  user: User,
  use: "id_token" | "userinfo",
  ctx: ClaimContext,
): Record<string, unknown> {
  const sub = subjectFor(app.profile, user.id);
  const email = user.email ?? user.userName;
  switch (app.profile) {
    case "entra": {
      // Entra's userinfo is the thin one: sub, name, given and family name, email; no email_verified anywhere.
      if (use === "userinfo")
        return { sub, name: nameOf(user), given_name: user.givenName, family_name: user.familyName, email };
      return {
        sub,
        ver: "2.0",
        tid: ctx.tenantId,
        oid: user.id,
        name: nameOf(user),
        preferred_username: user.userName,
        ...(user.email ? { email: user.email } : {}),
      };
    }
    case "okta":
      return {
        sub,
        // The ID token's version and the Okta org's id (the tenant SCIMulator plays stands in for the org); Okta's
        // userinfo carries neither.
        ...(use === "id_token" ? { ver: 1, idp: oktaId("00o", ctx.tenantId) } : {}),
        name: nameOf(user),
        preferred_username: user.userName,
        email,
        ...(use === "userinfo"
          ? {
              given_name: user.givenName,
              family_name: user.familyName,
              locale: user.locale ?? "en-US",
              zoneinfo: "America/Los_Angeles",
              updated_at: epoch(user.updatedAt),
              email_verified: true,
            }
          : {}),
        groups: ctx.groups,
      };
    case "onelogin":
      return {
        ...standardProfile(sub, user, email),
        updated_at: epoch(user.updatedAt),
        groups: ctx.groups,
      };
    case "rfc":
      return {
        ...standardProfile(sub, user, email),
        email_verified: false,
        ...(user.locale ? { locale: user.locale } : {}),
        updated_at: epoch(user.updatedAt),
      };
  }
}

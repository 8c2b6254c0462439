import { createHash } from "node:crypto";

// The ids each IdP gives a person, derived from the directory id so that they are stable across restarts and the
// same on both faces of the IdP: what a dialect sends over SCIM and what a token or assertion says at sign-in.

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62(seed: string, length: number): string {
  const bytes = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; i < length; i++) out += BASE62[(bytes[i % bytes.length] ?? 0) % 62];
  return out;
}

/**
 * An Okta-style id: a three-character type prefix (`00u` users, `00g` groups, `0oa` apps, `00o` orgs) and 17 more, 20 in
 * all (Okta's ids look like 00ub0oNGTSWTBKOLGLNR). Okta's SCIM client sends the user's id as externalId, and its
 * OIDC `sub` is the same id, so an app can join the two.
 */
export function oktaId(prefix: "00u" | "00g" | "0oa" | "00o", directoryId: string): string {
  return `${prefix}${base62(`okta:${prefix}:${directoryId}`, 17)}`;
}

/** A OneLogin-style numeric user or app id (OneLogin's ids are integers; `sub` is the user's, as a string). */
export function oneloginId(directoryId: string): string {
  const bytes = createHash("sha256").update(`onelogin:${directoryId}`).digest();
  return String(100_000_000 + (bytes.readUInt32BE(0) % 900_000_000));
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App, SignInProfile, User } from "../server/protocol";
import { createHeadlessBrowser } from "../server/signin/browser";
import { playOidcSignIn } from "../server/signin/oidc-player";
import { oidcSettings, TEST_REDIRECT } from "./support/oidc-app";
import { type Running, start } from "./support/simulator";

// Golden claims: for each dialect, the claim names of the ID token and of userinfo, exactly, for one user signed
// in with `openid profile email` and no nonce (the player sends PKCE). A claim that comes or goes is a change of what the app sees, and fails here.

let run: Running;
let ada: User;
beforeAll(async () => {
  run = await start();
  ada = (
    await run.api<User>("POST", "/users", {
      userName: "ada.golden@example.com",
      givenName: "Ada",
      familyName: "Lovelace",
      email: "ada.golden@example.com",
    })
  ).body;
});
afterAll(async () => run.stop(true));

const golden: Record<SignInProfile, { idToken: string[]; userinfo: string[] }> = {
  entra: {
    idToken: ["aud", "email", "exp", "iat", "iss", "name", "oid", "preferred_username", "sub", "tid", "ver"],
    userinfo: ["email", "family_name", "given_name", "name", "sub"],
  },
  okta: {
    idToken: ["aud", "email", "exp", "iat", "idp", "iss", "name", "preferred_username", "sub", "ver"],
    userinfo: [
      "email",
      "email_verified",
      "family_name",
      "given_name",
      "locale",
      "name",
      "preferred_username",
      "sub",
      "updated_at",
      "zoneinfo",
    ],
  },
  onelogin: {
    idToken: [
      "aud",
      "email",
      "exp",
      "family_name",
      "given_name",
      "iat",
      "iss",
      "name",
      "preferred_username",
      "sub",
      "updated_at",
    ],
    userinfo: ["email", "family_name", "given_name", "name", "preferred_username", "sub", "updated_at"],
  },
  rfc: {
    idToken: [
      "aud",
      "email",
      "email_verified",
      "exp",
      "family_name",
      "given_name",
      "iat",
      "iss",
      "name",
      "preferred_username",
      "sub",
      "updated_at",
    ],
    userinfo: [
      "email",
      "email_verified",
      "family_name",
      "given_name",
      "name",
      "preferred_username",
      "sub",
      "updated_at",
    ],
  },
};

describe("the claims each dialect's tokens carry", () => {
  it.each(Object.keys(golden) as SignInProfile[])("are %s's, claim for claim", async (profile) => {
    const app = (
      await run.api<App>("POST", "/apps", {
        name: `Golden ${profile}`,
        protocol: "oidc",
        profile,
        redirectUris: [TEST_REDIRECT],
      })
    ).body;
    const result = await playOidcSignIn(oidcSettings(run.url, app), ada.userName, createHeadlessBrowser());
    if (!result.ok) throw new Error(result.description);
    const names = (claims: object) =>
      Object.keys(claims)
        .filter((k) => !["at_hash", "c_hash", "s_hash", "auth_time", "sid", "jti", "azp"].includes(k))
        .sort();
    expect({ idToken: names(result.idToken), userinfo: names(result.userinfo) }).toEqual(golden[profile]);
  });
});

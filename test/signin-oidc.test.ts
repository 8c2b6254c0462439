import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App, User } from "../server/protocol";
import { createHeadlessBrowser } from "../server/signin/browser";
import { oidcClient, playOidcSignIn } from "../server/signin/oidc-player";
import { oidcSettings, TEST_REDIRECT } from "./support/oidc-app";
import { type Running, start } from "./support/simulator";

let run: Running;
beforeAll(async () => {
  run = await start();
});
afterAll(async () => {
  await run.stop(true);
});

async function user(userName: string, fields: Record<string, unknown> = {}): Promise<User> {
  const res = await run.api<User>("POST", "/users", {
    userName,
    givenName: "Ada",
    familyName: "Lovelace",
    email: userName,
    ...fields,
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function app(fields: Record<string, unknown>): Promise<App> {
  const res = await run.api<App>("POST", "/apps", {
    name: "Test app",
    protocol: "oidc",
    redirectUris: [TEST_REDIRECT],
    ...fields,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const settings = (a: App) => oidcSettings(run.url, a);

describe("the OIDC provider", () => {
  it("publishes discovery and keys at its issuer", async () => {
    const config = await oidcClient({
      issuer: `${run.url}/oidc`,
      clientId: "x",
      clientSecret: "y",
      redirectUri: "http://localhost:9/cb",
    });
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(`${run.url}/oidc`);
    expect(meta.authorization_endpoint).toBe(`${run.url}/oidc/auth`);
    expect(meta.code_challenge_methods_supported).toContain("S256");
    expect(meta.backchannel_logout_supported).toBe(true);
    const jwks = (await (await fetch(String(meta.jwks_uri))).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  it("signs an Entra-profile user in with PKCE and login_hint, zero clicks, with Entra's claims", async () => {
    const ada = await user("ada.entra@example.com");
    const a = await app({ profile: "entra" });
    const result = await playOidcSignIn(settings(a), ada.userName, createHeadlessBrowser());
    if (!result.ok) throw new Error(result.description);
    expect(result.idToken).toMatchObject({
      oid: ada.id,
      preferred_username: ada.userName,
      ver: "2.0",
      aud: a.clientId,
    });
    expect(result.idToken.tid).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.idToken.sub).not.toBe(ada.id);
    expect(String(result.idToken.sub)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.userinfo).not.toHaveProperty("email_verified");
    expect(result.refreshToken).toBeTruthy();
  });

  it("refuses a deactivated user with AADSTS50057 under Entra", async () => {
    const bob = await user("bob.entra@example.com");
    await run.api("PATCH", `/users/${bob.id}`, { active: false });
    const a = await app({ profile: "entra" });
    const result = await playOidcSignIn(settings(a), bob.userName, createHeadlessBrowser());
    expect(result).toMatchObject({ ok: false, error: "access_denied" });
    if (!result.ok) expect(result.description).toMatch(/^AADSTS50057: User account is disabled/);
  });

  it("gives Okta's 00u sub, the externalId its SCIM client sends, and a groups claim", async () => {
    const cy = await user("cy.okta@example.com");
    await run.api("POST", "/groups", { displayName: "Engineering", members: [cy.id] });
    const a = await app({ profile: "okta" });
    expect(a.clientId).toMatch(/^0oa[A-Za-z0-9]{17}$/);
    const result = await playOidcSignIn(
      settings(a),
      cy.userName,
      createHeadlessBrowser(),
      "openid profile email groups",
    );
    if (!result.ok) throw new Error(result.description);
    expect(String(result.idToken.sub)).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect(result.idToken.groups).toEqual(["Engineering"]);
    expect(result.userinfo.email_verified).toBe(true);
  });

  it("refuses an unassigned user with Okta's words", async () => {
    const dee = await user("dee.okta@example.com");
    const a = await app({ profile: "okta", scope: "assigned" });
    const result = await playOidcSignIn(settings(a), dee.userName, createHeadlessBrowser());
    expect(result).toMatchObject({
      ok: false,
      description: "User is not assigned to the client application.",
    });
  });

  it("ends sessions and revokes refresh tokens on deactivation", async () => {
    const eve = await user("eve.rfc@example.com");
    const a = await app({ profile: "rfc" });
    const result = await playOidcSignIn(settings(a), eve.userName, createHeadlessBrowser());
    if (!result.ok || !result.refreshToken) throw new Error("no refresh token");
    const config = await oidcClient(settings(a));
    await client.refreshTokenGrant(config, result.refreshToken);
    await run.api("PATCH", `/users/${eve.id}`, { active: false });
    await expect(client.refreshTokenGrant(config, result.refreshToken)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });
});

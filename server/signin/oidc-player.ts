import * as client from "openid-client";
import type { HeadlessBrowser } from "./browser";

/** What an app ends up with after a sign-in: the ID token's claims and userinfo, or the IdP's refusal. */
export type OidcSignInResult =
  | {
      ok: true;
      idToken: Record<string, unknown>;
      userinfo: Record<string, unknown>;
      refreshToken: string | undefined;
      accessToken: string;
      /** The raw ID token, for RP-initiated logout's id_token_hint. */
      idTokenRaw: string | undefined;
    }
  | { ok: false; error: string; description: string };

export interface OidcAppSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** openid-client configured for one app; http is allowed, as the IdP listens on loopback. */
export async function oidcClient(app: OidcAppSettings): Promise<client.Configuration> {
  return client.discovery(
    new URL(app.issuer),
    app.clientId,
    app.clientSecret,
    client.ClientSecretBasic(app.clientSecret),
    {
      execute: [client.allowInsecureRequests],
    },
  );
}

/**
 * An app signing someone in, played headlessly: the authorization request with PKCE and a login_hint, the
 * browser's redirects through the IdP, the code exchange, userinfo. A refusal comes back as the app sees it.
 */
export async function playOidcSignIn(
  app: OidcAppSettings,
  loginHint: string,
  browser: HeadlessBrowser,
  scope = "openid profile email offline_access",
): Promise<OidcSignInResult> {
  const config = await oidcClient(app);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    login_hint: loginHint,
  });
  const stop = await browser.follow(url.href, (u) => u.startsWith(app.redirectUri));
  if (!stop.url.startsWith(app.redirectUri)) {
    return {
      ok: false,
      error: "no_redirect",
      description: `the IdP did not send the browser back to the app (stopped at ${stop.url}, ${stop.page?.status})`,
    };
  }
  const back = new URL(stop.url);
  if (back.searchParams.has("error"))
    return {
      ok: false,
      error: back.searchParams.get("error") ?? "",
      description: back.searchParams.get("error_description") ?? "",
    };
  const tokens = await client.authorizationCodeGrant(config, back, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  const idToken = (tokens.claims() ?? {}) as Record<string, unknown>;
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, String(idToken.sub ?? ""));
  return {
    ok: true,
    idToken,
    userinfo: userinfo as Record<string, unknown>,
    refreshToken: tokens.refresh_token,
    accessToken: tokens.access_token,
    idTokenRaw: tokens.id_token,
  };
}

/** Whether a refresh token still works: after a deactivation it must not. */
export async function refreshWorks(
  app: OidcAppSettings,
  refreshToken: string,
): Promise<{ ok: boolean; error?: string }> {
  const config = await oidcClient(app);
  try {
    await client.refreshTokenGrant(config, refreshToken);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as { error?: string }).error ?? (err as Error).message };
  }
}

/**
 * Whether the browser still has a session at the IdP for this app: a prompt=none authorization request, as an
 * app checks silently. After a sign-out or a deactivation it comes back `login_required`.
 */
export async function silentSignIn(
  app: OidcAppSettings,
  browser: HeadlessBrowser,
): Promise<{ signedIn: boolean; error?: string }> {
  const config = await oidcClient(app);
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope: "openid",
    prompt: "none",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: client.randomState(),
  });
  const stop = await browser.follow(url.href, (u) => u.startsWith(app.redirectUri));
  const back = new URL(stop.url);
  if (back.searchParams.has("code")) return { signedIn: true };
  return { signedIn: false, error: back.searchParams.get("error") ?? `stopped at ${stop.url}` };
}

import { randomBytes } from "node:crypto";
import express, { type Request, type Response, Router } from "express";
import type { Configuration } from "openid-client";
import type { App } from "../protocol";
import { loadedOnFirstRequest } from "./on-first-request";
import { escapeHtml, page } from "./pages";

export const DEMO_APP_PATH = "/demo-app";
export const DEMO_APP_NAME = "SCIMulator demo app";
const COOKIE = "scimulator_demo";

// openid-client and jose load with the demo app's first request, not at every start: most servers never show it.
const libraries = loadedOnFirstRequest(async () => {
  const [client, jose] = await Promise.all([import("openid-client"), import("jose")]);
  return { client, jose };
});

interface DemoSession {
  claims: Record<string, unknown>;
  userinfo: Record<string, unknown>;
  idToken: string | undefined;
  refreshToken: string | undefined;
  sid: string | undefined;
  at: string;
}

/** The demo app's registration, pointed at wherever this server listens. */
export const demoAppFields = (base: string) => ({
  redirectUris: [`${base}${DEMO_APP_PATH}/callback`],
  postLogoutRedirectUris: [`${base}${DEMO_APP_PATH}`],
  backchannelLogoutUri: `${base}${DEMO_APP_PATH}/backchannel-logout`,
});

const cookieOf = (req: Request) =>
  /(?:^|;\s*)scimulator_demo=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "";

/**
 * A relying party built with openid-client, registered at the embedded IdP by default: it signs people in with
 * code + PKCE, shows who is signed in and every claim it received, signs out (RP-initiated), and takes the IdP's
 * back-channel logout, so a deactivation in the directory is seen to end the session here.
 */
export function demoAppRoutes(deps: { app(): App | undefined; issuer(): string; base(): string }): Router {
  const router = Router();
  const sessions = new Map<string, DemoSession>();
  const pending = new Map<string, { verifier: string; expires: number }>();
  let config: { key: string; value: Promise<Configuration> } | null = null;
  router.use(libraries.middleware);

  function configOf(app: App) {
    const { client } = libraries.get();
    const key = `${deps.issuer()} ${app.clientId} ${app.clientSecret}`;
    if (config?.key !== key) {
      const value = client.discovery(
        new URL(deps.issuer()),
        app.clientId,
        app.clientSecret ?? "",
        client.ClientSecretBasic(app.clientSecret ?? ""),
        { execute: [client.allowInsecureRequests] },
      );
      value.catch(() => {
        config = null;
      });
      config = { key, value };
    }
    return config.value;
  }

  const notRegistered = (res: Response) =>
    res
      .status(503)
      .type("html")
      .send(
        page(
          "Demo app",
          `<h1>Demo app</h1><p>The demo app is not registered: POST /api/apps or restart.</p>`,
        ),
      );

  router.get("/", (req, res) => {
    const app = deps.app();
    if (!app) return notRegistered(res);
    const session = sessions.get(cookieOf(req));
    const intro = `<h1>${escapeHtml(DEMO_APP_NAME)}</h1><p class="muted">An OIDC relying party (openid-client) registered at SCIMulator's IdP as <code>${escapeHtml(app.clientId)}</code>, ${escapeHtml(app.profile)} dialect${app.scope === "assigned" ? ", assigned users only" : ""}.</p>`;
    if (!session) {
      res
        .type("html")
        .send(
          page(
            "Demo app",
            `${intro}<p data-testid="demo-state">Nobody is signed in.</p><form method="get" action="${DEMO_APP_PATH}/login" class="search"><input name="login_hint" placeholder="userName (optional: skips the picker)" aria-label="login_hint"><button type="submit" data-testid="demo-sign-in">Sign in</button></form>`,
          ),
        );
      return;
    }
    const name = String(session.claims.name ?? session.claims.preferred_username ?? session.claims.sub);
    res
      .type("html")
      .send(
        page(
          "Demo app",
          `${intro}<p data-testid="demo-state">Signed in as <b data-testid="demo-user">${escapeHtml(name)}</b> <span class="muted">(sub ${escapeHtml(String(session.claims.sub))}, since ${escapeHtml(session.at)})</span></p><form method="post" action="${DEMO_APP_PATH}/logout"><button type="submit" data-testid="demo-sign-out">Sign out</button></form><h2>ID token claims</h2><pre data-testid="demo-claims">${escapeHtml(JSON.stringify(session.claims, null, 2))}</pre><h2>userinfo</h2><pre>${escapeHtml(JSON.stringify(session.userinfo, null, 2))}</pre>`,
        ),
      );
  });

  router.get("/login", async (req, res) => {
    const { client } = libraries.get();
    const app = deps.app();
    if (!app) return notRegistered(res);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    pending.set(state, { verifier, expires: Date.now() + 600_000 });
    const hint = typeof req.query.login_hint === "string" ? req.query.login_hint.trim() : "";
    const url = client.buildAuthorizationUrl(await configOf(app), {
      redirect_uri: `${deps.base()}${DEMO_APP_PATH}/callback`,
      scope: "openid profile email offline_access",
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      ...(hint ? { login_hint: hint } : {}),
    });
    res.redirect(303, url.href);
  });

  router.get("/callback", async (req, res) => {
    const { client } = libraries.get();
    const app = deps.app();
    if (!app) return notRegistered(res);
    const state = typeof req.query.state === "string" ? req.query.state : "";
    const waiting = pending.get(state);
    pending.delete(state);
    const error = typeof req.query.error === "string" ? req.query.error : "";
    if (error || !waiting || waiting.expires < Date.now()) {
      const why = String(req.query.error_description ?? (error || "this sign-in has expired; start again"));
      res
        .status(error ? 401 : 400)
        .type("html")
        .send(
          page(
            "Sign-in refused",
            `<h1>Sign-in refused</h1><p class="error" data-testid="demo-error"><b>${escapeHtml(error || "expired")}</b>: ${escapeHtml(why)}</p><p><a href="${DEMO_APP_PATH}">Back to the demo app</a></p>`,
          ),
        );
      return;
    }
    const current = new URL(`${deps.base()}${req.originalUrl}`);
    const config = await configOf(app);
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: waiting.verifier,
      expectedState: state,
    });
    const claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub ?? ""));
    const id = randomBytes(24).toString("base64url");
    sessions.set(id, {
      claims,
      userinfo: userinfo as Record<string, unknown>,
      idToken: tokens.id_token,
      refreshToken: tokens.refresh_token,
      sid: typeof claims.sid === "string" ? claims.sid : undefined,
      at: new Date().toISOString(),
    });
    res.setHeader("Set-Cookie", `${COOKIE}=${id}; Path=${DEMO_APP_PATH}; HttpOnly; SameSite=Lax`);
    res.redirect(303, DEMO_APP_PATH);
  });

  router.post("/logout", async (req, res) => {
    const { client } = libraries.get();
    const app = deps.app();
    const id = cookieOf(req);
    const session = sessions.get(id);
    sessions.delete(id);
    res.setHeader("Set-Cookie", `${COOKIE}=; Path=${DEMO_APP_PATH}; Max-Age=0`);
    if (!app || !session) return res.redirect(303, DEMO_APP_PATH);
    const url = client.buildEndSessionUrl(await configOf(app), {
      post_logout_redirect_uri: `${deps.base()}${DEMO_APP_PATH}`,
      ...(session.idToken ? { id_token_hint: session.idToken } : {}),
    });
    res.redirect(303, url.href);
  });

  // The IdP's back-channel logout (OpenID Connect Back-Channel Logout 1.0): a signed logout token names the
  // session; every local session it names ends.
  router.post(
    "/backchannel-logout",
    express.urlencoded({ extended: false, limit: "16kb" }),
    async (req, res) => {
      const app = deps.app();
      const token = typeof req.body?.logout_token === "string" ? req.body.logout_token : "";
      if (!app || !token) return res.status(400).json({ error: "invalid_request" });
      try {
        const { jose } = libraries.get();
        const jwks = jose.createRemoteJWKSet(new URL(`${deps.issuer()}/jwks`));
        const { payload } = await jose.jwtVerify(token, jwks, {
          issuer: deps.issuer(),
          audience: app.clientId,
        });
        const events = payload.events as Record<string, unknown> | undefined;
        if (!events?.["http://schemas.openid.net/event/backchannel-logout"] || "nonce" in payload)
          throw new Error("not a logout token");
        for (const [id, s] of sessions)
          if ((payload.sid && s.sid === payload.sid) || (!payload.sid && s.claims.sub === payload.sub))
            sessions.delete(id);
        res.status(200).end();
      } catch (err) {
        res.status(400).json({ error: "invalid_request", error_description: (err as Error).message });
      }
    },
  );

  return router;
}

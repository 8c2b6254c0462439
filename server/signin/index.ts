import { existsSync } from "node:fs";
import { join } from "node:path";
import { Router } from "express";
import type Provider from "oidc-provider";
import type { Config } from "../config";
import type { Directory } from "../directory/directory";
import type { App, AppView, DirectoryEvent, Exchange, User } from "../protocol";
import { createIdpStorage } from "./adapter";
import { maskApp, openApps } from "./apps";
import { DEMO_APP_NAME, DEMO_APP_PATH, demoAppFields, demoAppRoutes } from "./demo-app";
import { interactionRoutes } from "./interaction";
import { loadSignInKeys } from "./keys";
import { clientMetadataOf, createOidcProvider } from "./oidc";
import { createSignInRecorder } from "./record";
import { judgeSignIn } from "./refusals";
import { samlRoutes } from "./saml";
import { endSessionsOf } from "./sessions";

export type SignIn = Awaited<ReturnType<typeof createSignIn>>;
export type SignInDirectory = Pick<Directory, "findUser" | "usersByName" | "listGroups" | "findGroup" | "on">;

export const OIDC_PATH = "/oidc";
export const SAML_PATH = "/saml";

/**
 * How the perimeter treats the IdP: its protocol endpoints (everything under /oidc but the sign-in pages, SAML
 * metadata, the demo app's back-channel logout endpoint) get only the Host check, as apps on other hosts call
 * them; SAML's SSO URL takes cross-site POSTs (the HTTP-POST binding) but, beyond loopback, still the access token.
 */
export const IDP_PATHS = {
  idpOpen: /^\/(oidc(?!\/interaction)(\/|$)|saml\/metadata\/?$|demo-app\/backchannel-logout\/?$)/i,
  idpCrossSite: /^\/saml\/sso\/?$/i,
};

/**
 * The IdP's other face: sign-in to registered apps over OIDC (oidc-provider) and SAML 2.0, on the same directory
 * that provisioning pushes. It follows the directory: a deactivated or deleted user's sessions end, their tokens
 * are revoked and their apps are told over back-channel logout.
 */
export async function createSignIn(
  config: Pick<Config, "dataDir" | "seed">,
  deps: {
    directory: SignInDirectory;
    log: { record(exchange: Exchange): void };
    clock?: { now(): number };
  },
) {
  const { directory } = deps;
  const keys = await loadSignInKeys(join(config.dataDir, "signin-keys.json"));
  const firstStart = !existsSync(join(config.dataDir, "apps.json"));
  const apps = await openApps(join(config.dataDir, "apps.json"), {
    user: (id) => directory.findUser(id) !== undefined,
    group: (id) => directory.findGroup(id) !== undefined,
  });
  let base = "http://127.0.0.1";
  let started = false;
  let provider: Provider | null = null;
  // oidc-provider is a large module graph: it loads, and the provider is made, on the first OIDC request rather than
  // at start, so /api/health never waits for it and a server nobody signs in to never holds it.
  let making: Promise<Provider> | null = null;
  const providerNow = (): Promise<Provider> => {
    if (making) return making;
    // A start on a new address while this one is made leaves it behind: only the latest becomes the provider.
    const mine: Promise<Provider> = makeProvider(base).then(
      (made) => {
        if (making === mine) provider = made;
        return made;
      },
      (err: unknown) => {
        if (making === mine) making = null;
        throw err;
      },
    );
    making = mine;
    return mine;
  };
  const storage = createIdpStorage((clientId) => {
    const app = apps.find(clientId);
    return app && app.clientId === clientId ? clientMetadataOf(app) : undefined;
  });
  const appOf = (id: string) => apps.find(id);
  const groupNamesOf = (userId: string) =>
    directory
      .listGroups()
      .filter((g) => g.members.includes(userId))
      .map((g) => g.displayName);
  const groupIdsOf = (userId: string) =>
    directory
      .listGroups()
      .filter((g) => g.members.includes(userId))
      .map((g) => g.id);
  const judge = (user: User | undefined, app: App) => judgeSignIn(user, app, groupIdsOf);
  const clock = deps.clock;
  const recorder = createSignInRecorder({
    record: deps.log.record,
    appOf,
    secrets: apps.secrets,
    ...(clock ? { simulatedNow: () => clock.now() } : {}),
  });
  const users = () => directory.usersByName();

  const router = Router();
  router.use(OIDC_PATH, recorder.middleware("oidc"));
  router.use(OIDC_PATH, (_req, res, next) => {
    if (!started) {
      res.status(503).type("text").send("The sign-in service starts once SCIMulator listens.");
      return;
    }
    providerNow().then(
      () => next(),
      (err: unknown) =>
        res
          .status(503)
          .type("text")
          .send(`The sign-in service could not start: ${(err as Error).message}`),
    );
  });
  router.use(
    `${OIDC_PATH}/interaction`,
    interactionRoutes({
      provider: () => {
        if (!provider) throw new Error("the OIDC provider has not started");
        return provider;
      },
      appOf,
      users,
      findUser: (id) => directory.findUser(id),
      judge,
      note: recorder.note,
    }),
  );
  router.use(OIDC_PATH, (req, res) => {
    // Made by the middleware above before any request gets here.
    (provider as Provider).callback()(req, res);
  });
  router.use(
    SAML_PATH,
    recorder.middleware("saml"),
    samlRoutes({
      base: () => `${base}${SAML_PATH}`,
      key: keys.saml,
      tenantId: keys.tenantId,
      pairwiseSalt: keys.pairwiseSalt,
      apps: apps.list,
      users,
      findUser: (id) => directory.findUser(id),
      groupNamesOf,
      judge,
      note: recorder.note,
    }),
  );

  const demoApp = () => apps.list().find((a) => a.builtIn);
  router.use(
    DEMO_APP_PATH,
    demoAppRoutes({ app: demoApp, issuer: () => `${base}${OIDC_PATH}`, base: () => base }),
  );

  /** The demo app is registered on a seeded first start, and follows the address on every start after. */
  async function registerDemoApp(url: string) {
    const existing = demoApp();
    const fields = demoAppFields(url);
    if (existing) {
      if (existing.redirectUris[0] !== fields.redirectUris[0]) await apps.update(existing.id, fields);
    } else if (firstStart && config.seed) {
      await apps.create({ name: DEMO_APP_NAME, protocol: "oidc", profile: "rfc", ...fields }, true);
    }
  }

  async function endSessions(user: User) {
    const ended = await endSessionsOf(user, { provider, storage, appOf });
    for (const logout of ended.logouts) {
      recorder.outgoing(logout.app, {
        url: logout.app.backchannelLogoutUri ?? "",
        ...(logout.status ? { status: logout.status } : {}),
        ...(logout.error ? { error: logout.error } : {}),
        userId: user.id,
        userName: user.userName,
        durationMs: logout.durationMs,
      });
    }
    return ended;
  }

  /** The OIDC provider for this address: its issuer is this server's URL. */
  async function makeProvider(url: string): Promise<Provider> {
    const provider = await createOidcProvider({
      issuer: `${url}${OIDC_PATH}`,
      keys,
      storage,
      appOf,
      activeUser: (id) => {
        const user = directory.findUser(id);
        return user?.active ? user : undefined;
      },
      groupNamesOf,
      interactionPath: `${OIDC_PATH}/interaction`,
    });
    // Okta and Entra issue a refresh token for offline_access alone; oidc-provider, after OIDC Core §11, also
    // wants prompt=consent. Consent is never asked here, so an authorization request gets that prompt added.
    provider.use(async (ctx, next) => {
      const { scope, prompt } = ctx.query;
      const prompts = typeof prompt === "string" ? prompt.split(" ") : [];
      if (
        ctx.method === "GET" &&
        ctx.path === "/auth" &&
        String(scope ?? "")
          .split(" ")
          .includes("offline_access")
      )
        if (!prompts.includes("consent") && !prompts.includes("none"))
          ctx.query = { ...ctx.query, prompt: [...prompts, "consent"].join(" ") };
      await next();
    });
    // Who the request was for, noted on every provider request for the traffic log.
    provider.use(async (ctx, next) => {
      await next();
      const oidc = ctx.oidc as unknown as
        | {
            client?: { clientId: string };
            session?: { accountId?: string };
            params?: Record<string, unknown>;
            entities?: Record<string, { accountId?: string }>;
          }
        | undefined;
      if (!oidc) return;
      const accountId =
        oidc.entities?.Account?.accountId ??
        oidc.entities?.AccessToken?.accountId ??
        oidc.entities?.RefreshToken?.accountId ??
        oidc.session?.accountId;
      const user = accountId ? directory.findUser(accountId) : undefined;
      recorder.note(ctx.req, {
        ...(oidc.client ? { appId: oidc.client.clientId } : {}),
        ...(user ? { userId: user.id, userName: user.userName } : {}),
        ...(ctx.method === "POST" && oidc.params ? { body: { ...oidc.params } } : {}),
      });
    });
    return provider;
  }

  const signin = {
    router,
    apps,
    keys: { tenantId: keys.tenantId, certificate: keys.saml.certificate },
    issuer: () => `${base}${OIDC_PATH}`,
    samlBase: () => `${base}${SAML_PATH}`,

    /** Once the address is known: the provider, made on first use, takes this server's URL as its issuer. */
    async start(url: string): Promise<void> {
      if (started && base === url) return;
      if (base !== url) {
        provider = null;
        making = null;
      }
      base = url;
      started = true;
      await registerDemoApp(url);
    },

    /** The app as the API shows it: masked, with the endpoints to configure it with. */
    view(app: App): AppView {
      const masked = maskApp(app);
      if (app.protocol === "oidc") return { ...masked, endpoints: { issuer: `${base}${OIDC_PATH}` } };
      return {
        ...masked,
        endpoints: {
          metadata: `${base}${SAML_PATH}/metadata`,
          sso: `${base}${SAML_PATH}/sso`,
          idpInitiated: `${base}${SAML_PATH}/apps/${app.id}/sign-in`,
        },
      };
    },

    endSessions,

    /** Deactivation and deletion end the user's sessions at once; a deleted user or group leaves assignments. */
    follow(source: { on(listener: (event: DirectoryEvent) => void): unknown }): void {
      source.on((event) => {
        const done = (p: Promise<unknown>) =>
          p.catch((err: unknown) =>
            console.error("scimulator: sign-in could not follow the directory:", err),
          );
        if (event.type === "user.deactivated" || event.type === "user.deleted") done(endSessions(event.user));
        if (event.type === "user.deleted") done(apps.forget(event.user.id));
        if (event.type === "group.deleted") done(apps.forget(event.group.id));
      });
    },

    /** Every session and token ends (a reset of the demo). */
    clearSessions: () => storage.clear(),
  };
  // It follows the directory from the start: a deactivation ends sessions even before the server listens.
  signin.follow(directory);
  return signin;
}

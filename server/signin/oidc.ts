import { createHash } from "node:crypto";
import type Provider from "oidc-provider";
import type { Configuration, KoaContextWithOIDC } from "oidc-provider";
import type { App, User } from "../protocol";
import type { IdpStorage } from "./adapter";
import { CLAIMS_BY_SCOPE, claimsFor, subjectFor } from "./claims";
import type { SignInKeys } from "./keys";
import { escapeHtml, page } from "./pages";

export interface OidcDeps {
  issuer: string;
  keys: SignInKeys;
  storage: IdpStorage;
  appOf(clientId: string): App | undefined;
  /** A user who may hold tokens: present and active. Deactivated users' tokens stop working at once. */
  activeUser(id: string): User | undefined;
  groupNamesOf(userId: string): string[];
  /** Where the interaction (sign-in) pages live, below the issuer's path. */
  interactionPath: string;
}

/** Entra's `sub` is pairwise: the same person has a different subject in every app (and `oid` is the same). */
export function pairwiseSubject(userId: string, clientId: string, salt: string): string {
  return createHash("sha256")
    .update(`${userId}\u0000${clientId}\u0000${salt}`)
    .digest("base64url")
    .slice(0, 43);
}

/** The client metadata oidc-provider reads for an app: confidential, code flow, refresh tokens. */
export function clientMetadataOf(app: App): Record<string, unknown> | undefined {
  if (app.protocol !== "oidc" || !app.clientSecret) return undefined;
  return {
    client_id: app.clientId,
    client_secret: app.clientSecret,
    client_name: app.name,
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    // Every app gets the subject its IdP would give it (see pairwiseIdentifier), not the directory id.
    subject_type: "pairwise",
    ...(app.backchannelLogoutUri
      ? { backchannel_logout_uri: app.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {}),
  };
}

let loading: Promise<typeof import("oidc-provider")> | undefined;

/**
 * oidc-provider, loaded once. On its first load it warns that it prefers Node 22; SCIMulator supports Node 20.19
 * and up and runs its tests there, so that one line is dropped while the module loads. Any other warning passes.
 */
export function loadOidcProvider(): Promise<typeof import("oidc-provider")> {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].startsWith("oidc-provider WARNING: Unsupported runtime"))
        return;
      warn(...args);
    };
    try {
      return await import("oidc-provider");
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}

/** oidc-provider, configured as a test IdP: no consent screen (as an admin-consented app), PKCE, refresh tokens. */
export async function createOidcProvider(deps: OidcDeps): Promise<Provider> {
  const { default: OidcProvider } = await loadOidcProvider();
  const { keys } = deps;
  const configuration: Configuration = {
    adapter: deps.storage.Adapter as unknown as Configuration["adapter"],
    jwks: { keys: [keys.jwk as never] },
    cookies: { keys: keys.cookieKeys },
    claims: Object.fromEntries(Object.entries(CLAIMS_BY_SCOPE).map(([k, v]) => [k, [...v]])),
    scopes: ["openid", "offline_access", "profile", "email", "groups"],
    conformIdTokenClaims: false,
    subjectTypes: ["public", "pairwise"],
    // The subject per app: Okta's 00u… user id, OneLogin's numeric id, the directory id for rfc, and for Entra a
    // true pairwise id (the same person differs per app; `oid` is what stays the same).
    pairwiseIdentifier: async (_ctx, accountId, client) => {
      const app = deps.appOf(client.clientId);
      if (app?.profile === "entra") return pairwiseSubject(accountId, app.clientId, keys.pairwiseSalt);
      return subjectFor(app?.profile ?? "rfc", accountId);
    },
    responseTypes: ["code"],
    clientBasedCORS: () => true,
    pkce: { required: (_ctx, client) => client.clientAuthMethod === "none" },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      Grant: 14 * 86_400,
      RefreshToken: 14 * 86_400,
      Session: 86_400,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = page(
            "Sign out",
            `<h1>Sign out of SCIMulator's IdP?</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button> <button type="submit" form="op.logoutForm">No, stay signed in</button>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.body = page("Signed out", "<h1>You are signed out</h1>");
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `${deps.interactionPath}/${interaction.uid}` },
    findAccount: async (ctx, id) => {
      const user = deps.activeUser(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: async (use) => {
          const app = deps.appOf(ctx.oidc.client?.clientId ?? "");
          const claims = claimsFor(
            app ?? { profile: "rfc" },
            user,
            use === "userinfo" ? "userinfo" : "id_token",
            {
              tenantId: keys.tenantId,
              groups: deps.groupNamesOf(user.id),
            },
          );
          // The provider puts the account id in `sub`; pairwiseIdentifier turns it into the app's subject.
          return { ...claims, sub: id };
        },
      };
    },
    // An app registered here is consented for everything it asks of the scopes above, as an admin would.
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      if (!oidc.client || !oidc.session?.accountId) return undefined;
      const existing = oidc.session.grantIdFor(oidc.client.clientId);
      const grant =
        (existing && (await oidc.provider.Grant.find(existing))) ||
        new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });
      const scope = String(oidc.params?.scope ?? "openid");
      grant.addOIDCScope(scope);
      await grant.save();
      return grant;
    },
    // oidc-provider refuses to reach loopback and private addresses (SSRF protection). A test IdP exists to reach
    // apps on this laptop (back-channel logout to localhost), and only the control API, which already points
    // targets at any URL, registers those URLs; so its own guard is set aside, not the timeout it also sets.
    fetch: (url, options) => {
      const { dispatcher: _ssrfGuard, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, rest);
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      const rows = Object.entries(out)
        .map(([k, v]) => `<p><b>${escapeHtml(k)}</b>: ${escapeHtml(String(v))}</p>`)
        .join("");
      ctx.body = page("Sign-in error", `<h1>Sign-in error</h1><div class="error">${rows}</div>`);
    },
  };
  const provider = new OidcProvider(deps.issuer, configuration);
  // The provider sits behind express; it must not warn about its development defaults at every start.
  provider.on("server_error", (_ctx, err) => console.error("scimulator: sign-in (OIDC) error:", err));
  return provider;
}

import type { z } from "zod";
import type { App, Profile, SignInProfile } from "../protocol";
import { createHeadlessBrowser } from "../signin/browser";
import type { OidcAppSettings } from "../signin/oidc-player";
import { eventually, groupId, type RunContext, StepFailed, type StepOutcome, userId } from "./context";
import { contains, durationMs, readScimPath } from "./match";
import type { STEPS } from "./schema";

type Args<V extends keyof typeof STEPS> = z.infer<(typeof STEPS)[V]>;

// The players bring openid-client, xml-crypto and an XML parser: loaded by the first sign-in step, not at start.
const oidcPlayer = () => import("../signin/oidc-player");
const samlPlayer = () => import("../signin/saml-player");

/** The sign-in dialect that goes with a provisioning dialect: the same IdP's other face. */
const SIGN_IN_PROFILE: Record<Profile, SignInProfile> = {
  rfc: "rfc",
  okta: "okta",
  "okta-aiw": "okta",
  entra: "entra",
  "entra-scim062020": "entra",
  onelogin: "onelogin",
};

function idp(ctx: RunContext) {
  const signin = ctx.host.signin;
  if (!signin) throw new StepFailed({ message: "this run has no embedded IdP to sign in at" });
  return signin;
}

function appOf(ctx: RunContext, handle: string) {
  const entry = ctx.apps.get(handle);
  if (!entry) throw new StepFailed({ message: `no app "${handle}" in this run` });
  return entry;
}

/** The userName to sign in with: the directory's, or, for a deleted user, what was last pushed. */
function userNameOf(ctx: RunContext, handle: string): string {
  const id = userId(ctx, handle);
  return (
    ctx.host.directory.findUser(id)?.userName ??
    ctx.host.links.get(ctx.target.id, id)?.pushed.userName ??
    handle
  );
}

function browserOf(ctx: RunContext, handle: string) {
  const existing = ctx.browsers.get(handle);
  if (existing) return existing;
  const fresh = { browser: createHeadlessBrowser(), refreshTokens: new Map<string, string>() };
  ctx.browsers.set(handle, fresh);
  return fresh;
}

const redirectUri = (ctx: RunContext, handle: string) =>
  `http://localhost/scimulator-run/${ctx.runTag}/${handle}/callback`;
const oidcSettings = (ctx: RunContext, handle: string, app: App, secret: string | null): OidcAppSettings => ({
  issuer: idp(ctx).issuer(),
  clientId: app.clientId,
  clientSecret: secret ?? "",
  redirectUri: redirectUri(ctx, handle),
});

export async function createApp(ctx: RunContext, args: Args<"create app">): Promise<StepOutcome> {
  const signin = idp(ctx);
  const profile = args.profile ?? SIGN_IN_PROFILE[ctx.target.profile];
  const assigned = args.users !== undefined || args.groups !== undefined;
  const app = await signin.apps.create({
    name: `${args.as} (scenario run ${ctx.runTag})`,
    protocol: args.protocol,
    profile,
    ...(args.protocol === "oidc"
      ? { redirectUris: [redirectUri(ctx, args.as)] }
      : {
          acsUrl: `http://localhost/scimulator-run/${ctx.runTag}/${args.as}/acs`,
          entityId: `urn:scimulator:run:${ctx.runTag}:${args.as}`,
        }),
    ...(args.nameId ? { nameId: args.nameId } : {}),
    scope: assigned ? "assigned" : "all",
    assigned: {
      users: (args.users ?? []).map((u) => userId(ctx, u)),
      groups: (args.groups ?? []).map((g) => groupId(ctx, g)),
    },
  });
  ctx.apps.set(args.as, { app, secret: app.clientSecret });
  return { note: `${args.protocol.toUpperCase()} app ${app.clientId}, ${profile} dialect` };
}

type Played =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; error: string; description: string };

async function play(ctx: RunContext, userHandle: string, appHandle: string): Promise<Played> {
  const { app, secret } = appOf(ctx, appHandle);
  const session = browserOf(ctx, userHandle);
  const userName = userNameOf(ctx, userHandle);
  if (app.protocol === "saml") {
    const signin = idp(ctx);
    const { playSamlSignIn } = await samlPlayer();
    const result = await playSamlSignIn(
      {
        signInUrl: signin.view(app).endpoints.idpInitiated ?? "",
        acsUrl: app.acsUrl ?? "",
        certificate: signin.keys.certificate,
      },
      userName,
      session.browser,
    );
    if (!result.ok) return result;
    return {
      ok: true,
      claims: { NameID: result.nameId, NameIDFormat: result.nameIdFormat, ...result.attributes },
    };
  }
  const { playOidcSignIn } = await oidcPlayer();
  const result = await playOidcSignIn(oidcSettings(ctx, appHandle, app, secret), userName, session.browser);
  if (!result.ok) return result;
  if (result.refreshToken) session.refreshTokens.set(appHandle, result.refreshToken);
  return { ok: true, claims: { ...result.userinfo, ...result.idToken } };
}

const refusedFailure = (played: Exclude<Played, { ok: true }>) => ({
  message: `the IdP refused the sign-in: ${played.description || played.error}`,
  expected: "a sign-in",
  actual: played.error,
});

export async function signIn(ctx: RunContext, args: Args<"sign in">): Promise<StepOutcome> {
  const played = await play(ctx, args.user, args.app);
  if (!played.ok) return { failure: refusedFailure(played) };
  const subject = played.claims.sub ?? played.claims.NameID;
  return { note: `signed in; the app sees ${played.claims.sub ? "sub" : "NameID"} ${String(subject)}` };
}

export async function expectSignIn(ctx: RunContext, args: Args<"expect sign-in">): Promise<StepOutcome> {
  const played = await play(ctx, args.user, args.app);
  if (!played.ok) return { failure: refusedFailure(played) };
  for (const [claim, expected] of Object.entries(args.claims ?? {})) {
    const actual = played.claims[claim];
    const same = Array.isArray(expected) ? contains(actual, expected) : actual === expected;
    if (!same)
      return { failure: { message: `claim ${claim} is not as expected`, expected, actual: actual ?? null } };
  }
  const pairs = Object.entries(args.sameAs ?? {});
  if (pairs.length > 0) {
    const id = userId(ctx, args.user);
    const account = await ctx.reader.user(ctx.target, id, userNameOf(ctx, args.user));
    if (!account)
      return { failure: { message: "the user has no account on the target to compare the claims with" } };
    for (const [claim, path] of pairs) {
      const scim = readScimPath(account, path);
      if (played.claims[claim] !== scim)
        return {
          failure: {
            message: `claim ${claim} does not line up with ${path} on the target`,
            expected: scim ?? null,
            actual: played.claims[claim] ?? null,
          },
        };
    }
  }
  const shown = Object.keys(args.claims ?? {}).concat(pairs.map(([c, p]) => `${c} = ${p}`));
  return { note: shown.length > 0 ? `checked ${shown.join(", ")}` : "signed in" };
}

export async function expectSignInRefused(
  ctx: RunContext,
  args: Args<"expect sign-in refused">,
): Promise<StepOutcome> {
  const played = await play(ctx, args.user, args.app);
  if (played.ok)
    return {
      failure: {
        message: "the IdP let the user sign in",
        expected: args.error ?? "a refusal",
        actual: "signed in",
      },
    };
  const said = `${played.error} ${played.description}`;
  if (args.error && !said.includes(args.error))
    return {
      failure: {
        message: "the IdP refused, but not with that error",
        expected: args.error,
        actual: said.trim(),
      },
    };
  return { note: `refused: ${played.description || played.error}` };
}

export async function expectSignedOut(
  ctx: RunContext,
  args: Args<"expect signed out">,
): Promise<StepOutcome> {
  const session = browserOf(ctx, args.user);
  const handles = args.app ? [args.app] : [...ctx.apps.keys()];
  const oidc = handles.map((h) => [h, appOf(ctx, h)] as const).filter(([, e]) => e.app.protocol === "oidc");
  let last = "";
  const { refreshWorks, silentSignIn } = await oidcPlayer();
  const done = await eventually(durationMs(args.within, 10_000), async () => {
    for (const [handle, { app, secret }] of oidc) {
      const settings = oidcSettings(ctx, handle, app, secret);
      const token = session.refreshTokens.get(handle);
      if (token && (await refreshWorks(settings, token)).ok) {
        last = `the refresh token from the sign-in to ${handle} still works`;
        return undefined;
      }
      const silent = await silentSignIn(settings, session.browser);
      if (silent.signedIn) {
        last = `the IdP session still signs the user in to ${handle} without asking`;
        return undefined;
      }
    }
    return true;
  });
  if (!done)
    return {
      failure: { message: last, expected: "no session and no working refresh token", actual: "signed in" },
    };
  return {
    note: `no IdP session, refresh tokens revoked (${oidc.map(([h]) => h).join(", ") || "no OIDC app"})`,
  };
}

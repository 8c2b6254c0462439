import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { redactBody, redactHeaders, redactText } from "../log/redact";
import type { App, Exchange, SignInFacts, SignInOutcome, SignInProtocol } from "../protocol";

// Sign-ins in the live traffic: each request a browser or an app makes to the IdP that matters (not discovery,
// keys or a page merely shown) becomes an exchange of kind "sign-in", redacted like every other: client secrets,
// codes, tokens and assertions never reach the log; the claims an app received are shown decoded instead.

const CREDENTIAL_PARAMS =
  /^(code|code_verifier|client_secret|id_token|id_token_hint|access_token|refresh_token|logout_token|token|SAMLResponse)$/i;
const MAX_BODY = 64 * 1024;

/** A URL with the value of every credential-bearing parameter replaced. */
export function redactSignInUrl(url: string): string {
  return url.replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep: string, name: string) =>
    CREDENTIAL_PARAMS.test(decodeURIComponent(name)) ? `${sep}${name}=[redacted]` : all,
  );
}

const redactForm = (body: unknown): unknown =>
  body && typeof body === "object"
    ? Object.fromEntries(
        Object.entries(body).map(([k, v]) => [k, CREDENTIAL_PARAMS.test(k) ? "[redacted]" : v]),
      )
    : body;

function decodeJwt(token: unknown): Record<string, unknown> | undefined {
  if (typeof token !== "string") return undefined;
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

const SKIPPED = /^\/(\.well-known\/|jwks$|metadata$|pick$)/;

/** What a request was, from its path and answer; null for a hop that is only the provider's plumbing. */
function inferred(
  path: string,
  status: number,
  location: string,
): { outcome: SignInOutcome; error?: string } | null {
  const query = new URLSearchParams(location.split("?")[1] ?? "");
  const error = query.get("error_description") ?? query.get("error") ?? undefined;
  if (/^\/auth/.test(path)) {
    if (error) return { outcome: "refused", error };
    if (query.has("code")) return { outcome: "code" };
    // The authorization request resuming after one interaction, on its way to the next (consent).
    return path === "/auth" ? { outcome: "started" } : null;
  }
  if (status >= 400) return { outcome: "error" };
  if (path === "/token") return { outcome: "token" };
  if (path === "/me") return { outcome: "userinfo" };
  // The sign-out is the confirmation; the page that asks and the one that says it is done are not logged.
  if (path === "/session/end/confirm") return { outcome: "signed-out" };
  if (path.startsWith("/session/end")) return null;
  return { outcome: "token" };
}

export function createSignInRecorder(deps: {
  record(exchange: Exchange): void;
  appOf(idOrClientId: string): App | undefined;
  secrets(): string[];
  simulatedNow?: () => number;
}) {
  const facts = new WeakMap<IncomingMessage, Partial<SignInFacts> & { body?: unknown }>();
  const note = (req: IncomingMessage, more: Partial<SignInFacts> & { body?: unknown }) =>
    facts.set(req, { ...facts.get(req), ...more });

  function exchangeOf(
    protocol: SignInProtocol,
    req: Request,
    res: Response,
    body: Buffer,
    started: number,
    path: string,
  ): Exchange | null {
    const seen = facts.get(req) ?? {};
    if (SKIPPED.test(path) && !seen.outcome) return null;
    if (req.method === "GET" && /^\/interaction\//.test(path) && !seen.outcome) return null;
    const location = String(res.getHeader("location") ?? "");
    const guess = inferred(path, res.statusCode, location);
    if (!guess && !seen.outcome) return null;
    const secrets = deps.secrets();
    const type = String(res.getHeader("content-type") ?? "");
    let responseBody: unknown = null;
    let claims = seen.claims;
    if (type.includes("json")) {
      try {
        const parsed = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
        claims ??= decodeJwt(parsed.id_token) ?? (path === "/me" ? parsed : undefined);
        responseBody = redactBody(redactForm(parsed), secrets);
      } catch {
        responseBody = redactText(body.toString("utf8"), secrets);
      }
    } else if (type.includes("html")) {
      const title = /<title>([^<]*)<\/title>/.exec(body.toString("utf8"))?.[1] ?? "page";
      responseBody = { page: title, bytes: body.length };
    }
    const app = deps.appOf(seen.appId ?? String(req.query.client_id ?? ""));
    const headers = redactHeaders(
      Object.fromEntries(
        Object.entries(res.getHeaders()).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v)]),
      ),
      [],
      secrets,
    );
    if (headers.location) headers.location = redactSignInUrl(headers.location);
    const outcome = seen.outcome ?? guess?.outcome ?? "error";
    const signIn: SignInFacts = {
      protocol,
      appId: app?.id ?? "",
      appName: app?.name ?? "(unknown app)",
      profile: app?.profile ?? "rfc",
      outcome,
      ...(seen.userId ? { userId: seen.userId } : {}),
      ...(seen.userName ? { userName: seen.userName } : {}),
      ...((seen.error ?? guess?.error) ? { error: seen.error ?? guess?.error } : {}),
      ...(claims ? { claims } : {}),
    };
    const requestBody = seen.body ?? (req.body && typeof req.body === "object" ? req.body : null);
    return {
      id: randomUUID(),
      at: new Date(started).toISOString(),
      targetId: app?.id ?? "sign-in",
      kind: "sign-in",
      signIn,
      cause: { type: "sign-in", ...(seen.userId ? { userId: seen.userId } : {}) },
      request: {
        method: req.method,
        url: redactSignInUrl(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`),
        headers: redactHeaders(
          Object.fromEntries(
            Object.entries(req.headers).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.join(", ") : String(v ?? ""),
            ]),
          ),
          [],
          secrets,
        ),
        body: requestBody ? redactBody(redactForm(requestBody), secrets) : null,
      },
      response: { status: res.statusCode, headers, body: responseBody },
      ...(deps.simulatedNow ? { simulatedAt: new Date(deps.simulatedNow()).toISOString() } : {}),
      durationMs: Date.now() - started,
    };
  }

  return {
    note,

    /** Records what passes through, once the response is finished; the response itself is not changed. */
    middleware(protocol: SignInProtocol) {
      return (req: Request, res: Response, next: NextFunction) => {
        const started = Date.now();
        // Below the mount point, taken now: routers further in rewrite req.url while they run.
        const path = req.path;
        const chunks: Buffer[] = [];
        let size = 0;
        const keep = (chunk: unknown) => {
          if (chunk == null || typeof chunk === "function" || size > MAX_BODY) return;
          const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
          size += buf.length;
          chunks.push(buf);
        };
        const write = res.write.bind(res);
        const end = res.end.bind(res);
        res.write = ((chunk: unknown, ...rest: unknown[]) => {
          keep(chunk);
          return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
        }) as typeof res.write;
        res.end = ((chunk?: unknown, ...rest: unknown[]) => {
          keep(chunk);
          return (end as (...a: unknown[]) => Response)(chunk, ...rest);
        }) as typeof res.end;
        res.on("finish", () => {
          try {
            const exchange = exchangeOf(protocol, req, res, Buffer.concat(chunks), started, path);
            if (exchange) deps.record(exchange);
          } catch (err) {
            console.error("scimulator: could not record a sign-in exchange:", err);
          }
        });
        next();
      };
    },

    /** A request the IdP itself sent to an app (a back-channel logout), recorded as an exchange of its own. */
    outgoing(
      app: App,
      facts: {
        url: string;
        status?: number;
        error?: string;
        userId: string;
        userName: string;
        durationMs: number;
      },
    ) {
      deps.record({
        id: randomUUID(),
        at: new Date(Date.now() - facts.durationMs).toISOString(),
        targetId: app.id,
        kind: "sign-in",
        signIn: {
          protocol: "oidc",
          appId: app.id,
          appName: app.name,
          profile: app.profile,
          outcome: "logout-sent",
          userId: facts.userId,
          userName: facts.userName,
          ...(facts.error ? { error: facts.error } : {}),
        },
        cause: { type: "sign-out", userId: facts.userId },
        request: {
          method: "POST",
          url: facts.url,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: { logout_token: "[redacted]" },
        },
        response: facts.status ? { status: facts.status, headers: {}, body: null } : null,
        ...(facts.error && !facts.status ? { error: facts.error } : {}),
        durationMs: facts.durationMs,
      });
    },
  };
}

export type SignInRecorder = ReturnType<typeof createSignInRecorder>;

import type { Clock } from "../clock";
import { redactBody, redactHeaderPairs, redactHeaders, redactText, secretsOf } from "../log/redact";
import type { Exchange, ExchangeCause, Target, TargetAuth } from "../protocol";
import type { Dialect, ScimRequest, ScimResponse } from "./dialects/types";
import { exchangeId } from "./exchange-id";
import { createHttpClient, type HttpClient, WireError } from "./http-client";
import { createRateLimiter } from "./rate-limit";
import { buildUrl, cachedWireHeaders, credentialOf } from "./request-wire";
import { HELD_BACK } from "./wire-error";

export interface SendOptions {
  record(exchange: Exchange): void | Promise<void>;
  clock: Clock;
  /** Attempts per request for network errors, 5xx and 429 before the flow sees the failure. */
  maxAttempts?: number;
  /** Base of the exponential backoff, in ms. */
  backoffMs?: number;
  /** A target's 429 pause began or ended, so its health changed. */
  onPauseChange?(targetId: string): void;
  /** The wire; by default a keep-alive client with four sockets per target. */
  client?: HttpClient;
  /** At most this many requests a second over all targets, retries included; unset sends at once. */
  requestsPerSecond?: number | null;
}

/** The Host header: the base URL's host, with the port only when it is not the scheme's default. */
const hosts = new Map<string, string>();
function hostOf(baseUrl: string): string {
  let host = hosts.get(baseUrl);
  if (host === undefined) {
    if (hosts.size > 256) hosts.clear();
    host = new URL(baseUrl).host;
    hosts.set(baseUrl, host);
  }
  return host;
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text; // kept verbatim: an HTML error page from a proxy is exactly what a tester needs to see
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The HTTP client: adds auth and the dialect's headers, enforces the target's timeout, retries what is worth
 * retrying, and records every attempt, redacted, with its cause. A network failure comes back as status 0 so a
 * dialect's flow can decide what it means.
 */
export function createSender(options: SendOptions) {
  const client = options.client ?? createHttpClient(4);
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  const { clock } = options;
  // A target's secrets, worked out once per credential rather than once per request. Kept beside the credential
  // object, which an edit replaces rather than changes, and the base URL they came from: an edited target (a new
  // credential, a new URL) never meets its old secrets.
  const secretsCache = new WeakMap<TargetAuth, { baseUrl: string; secrets: string[] }>();
  const secretsFor = (target: Target): string[] => {
    const found = secretsCache.get(target.auth);
    if (found && found.baseUrl === target.baseUrl) return found.secrets;
    const secrets = secretsOf(target);
    secretsCache.set(target.auth, { baseUrl: target.baseUrl, secrets });
    return secrets;
  };
  const paced = options.requestsPerSecond ? createRateLimiter(options.requestsPerSecond) : null;
  // A 429 pauses the whole target, not just the request that drew it: the server asked this client to slow down.
  const pausedUntil = new Map<string, number>();
  async function waitForTarget(targetId: string): Promise<void> {
    for (
      let until = pausedUntil.get(targetId) ?? 0;
      until > clock.now();
      until = pausedUntil.get(targetId) ?? 0
    ) {
      await clock.sleep(until - clock.now());
    }
  }

  async function once(
    target: Target,
    dialect: Dialect,
    request: ScimRequest,
    cause: ExchangeCause,
    note: string | undefined,
    extraSecrets: string[],
  ): Promise<ScimResponse | null> {
    const url = buildUrl(target.baseUrl, request, dialect.querySpaces);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const credential = credentialOf(target.auth);
    const headers = cachedWireHeaders(dialect, request, target.options, {
      host: hostOf(target.baseUrl),
      auth: credential,
      bodyBytes: body === undefined ? null : Buffer.byteLength(body),
    });
    const secrets =
      extraSecrets.length === 0
        ? secretsFor(target)
        : [...secretsFor(target), ...extraSecrets].sort((a, b) => b.length - a.length);
    // Awaited only when there is something to wait for: a cycle sends thousands of requests a second, and each
    // await costs a turn of the microtask queue.
    if ((pausedUntil.get(target.id) ?? 0) > clock.now()) await waitForTarget(target.id);
    if (paced) await paced();
    const started = Date.now();
    const simulated = clock.now();
    const at = new Date(started).toISOString();
    const exchange: Exchange = {
      id: exchangeId(),
      at,
      simulatedAt: simulated === started ? at : new Date(simulated).toISOString(),
      targetId: target.id,
      cause,
      request: {
        method: request.method,
        url: redactText(url, secrets),
        headers: redactHeaderPairs(headers, credential ? [credential[0]] : [], secrets),
        body: request.body === undefined ? null : redactBody(request.body, secrets),
      },
      response: null,
      durationMs: 0,
      ...(note ? { note: redactText(note, secrets) } : {}),
    };
    let response: ScimResponse;
    try {
      const res = await client.send({
        method: request.method,
        url,
        headers,
        body,
        timeoutMs: target.timeoutMs,
        maxSockets: target.options?.concurrency,
      });
      response = { status: res.status, headers: res.headers, body: parseBody(res.body) };
      // With nothing to hide, the log keeps the very headers and body the flow reads (redaction copies only
      // what it changes), so a flow reads a response and never changes it.
      exchange.response = {
        status: res.status,
        headers: redactHeaders(res.headers, [], secrets),
        body: redactBody(response.body, secrets),
      };
    } catch (err) {
      const e = err instanceof WireError ? err : new WireError("ERROR", String(err));
      // Handed back unsent behind a 429: nothing crossed the wire, so there is nothing to record.
      if (e.code === HELD_BACK) return null;
      exchange.error = redactText(
        e.code === "TIMEOUT"
          ? `No response within ${target.timeoutMs} ms (the target's timeout)`
          : `${e.code}: ${e.message}`,
        secrets,
      );
      response = { status: 0, headers: {}, body: null, error: exchange.error };
    }
    exchange.durationMs = Date.now() - started;
    const recorded = options.record(exchange);
    if (recorded) await recorded;
    return response;
  }

  async function send(
    target: Target,
    dialect: Dialect,
    request: ScimRequest,
    cause: ExchangeCause,
    note?: string,
    /** Beyond the target's own: values this request carries that the log must not show (a synced password). */
    secrets: string[] = [],
  ): Promise<ScimResponse> {
    let response: ScimResponse = { status: 0, headers: {}, body: null };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const answer = await once(target, dialect, request, cause, attempt === 1 ? note : undefined, secrets);
      if (answer === null) {
        // Held back by a 429 ahead of it, and not an attempt. The 429's own answer sets the target's pause within
        // this turn, so after it the request waits for that pause with every other, then goes out.
        await new Promise((resolve) => setImmediate(resolve));
        attempt--;
        continue;
      }
      response = answer;
      const throttled = response.status === 429;
      if (throttled && target.options?.on429 === "next-cycle") break;
      const retryable = response.status === 0 || throttled || response.status >= 500;
      if (!retryable || attempt === maxAttempts) break;
      const hinted = throttled ? retryAfterMs(response.headers["retry-after"]) : null;
      if (hinted !== null) {
        pausedUntil.set(target.id, clock.now() + hinted);
        options.onPauseChange?.(target.id);
        void clock.sleep(hinted).then(() => options.onPauseChange?.(target.id));
      }
      const jitter = Math.random() * backoffMs;
      await clock.sleep(hinted ?? Math.min(backoffMs * 2 ** (attempt - 1) + jitter, 30_000));
    }
    return response;
  }
  /** Simulated time until which a 429's Retry-After holds the target back; 0 when it is not paused. */
  const pausedFor = (targetId: string): number => {
    const until = pausedUntil.get(targetId) ?? 0;
    return until > clock.now() ? until : 0;
  };
  return Object.assign(send, { pausedUntil: pausedFor, close: () => client.close() });
}

export type Send = ReturnType<typeof createSender>;

import type { TargetAuth } from "../protocol";

const REDACTED = "[redacted]";
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);
const SECRET_FIELDS = new Set([
  "password",
  "token",
  "secret",
  "client_secret",
  "access_token",
  "refresh_token",
]);

/** Keeps the auth scheme visible (a trainer wants to show "Bearer" vs "Basic") and drops the credential. */
function redactHeaderValue(name: string, value: string): string {
  if (name === "authorization" || name === "proxy-authorization") {
    const space = value.indexOf(" ");
    return space > 0 ? `${value.slice(0, space)} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

// Header names repeat all day long: each is lower-cased once.
const lowerNames = new Map<string, string>();
function lower(name: string): string {
  let found = lowerNames.get(name);
  if (found === undefined) {
    found = name.toLowerCase();
    if (lowerNames.size < 1024) lowerNames.set(name, found);
  }
  return found;
}

function redactHeader(name: string, value: string, extra: readonly string[], secrets: string[]): string {
  return SECRET_HEADERS.has(name) || extra.includes(name)
    ? redactHeaderValue(name, value)
    : redactText(value, secrets);
}

/**
 * Secret-named headers lose their credential; any other header that quotes a known secret loses the secret.
 * Copy on write: headers with lower-case names and nothing to hide come back as the same object.
 */
export function redactHeaders(
  headers: Record<string, string>,
  extraSecretHeaders: string[] = [],
  secrets: string[] = [],
): Record<string, string> {
  const extra = extraSecretHeaders.length === 0 ? extraSecretHeaders : extraSecretHeaders.map(lower);
  let out: Record<string, string> | null = null;
  const names = Object.keys(headers);
  for (let i = 0; i < names.length; i++) {
    const rawName = names[i] as string;
    const value = headers[rawName] as string;
    const name = lower(rawName);
    const next = redactHeader(name, value, extra, secrets);
    if (out === null && (next !== value || name !== rawName)) {
      out = {};
      for (let j = 0; j < i; j++) out[names[j] as string] = headers[names[j] as string] as string;
    }
    if (out) out[name] = next;
  }
  return out ?? headers;
}

/** A request's wire headers as the log keeps them, redacted: lower-case names, in wire order. */
export function redactHeaderPairs(
  headers: ReadonlyArray<readonly [string, string]>,
  extraSecretHeaders: string[],
  secrets: string[],
): Record<string, string> {
  const extra = extraSecretHeaders.length === 0 ? extraSecretHeaders : extraSecretHeaders.map(lower);
  const out: Record<string, string> = {};
  for (const [rawName, value] of headers) {
    const name = lower(rawName);
    out[name] = redactHeader(name, value, extra, secrets);
  }
  return out;
}

/**
 * Replaces secret-named fields anywhere in a JSON body, and any literal occurrence of a known secret. Copy on
 * write: a body with nothing to hide comes back as the same value, so the common case allocates nothing.
 */
export function redactBody(body: unknown, secrets: string[] = []): unknown {
  return redactValue(body, secrets);
}

function redactValue(value: unknown, live: string[]): unknown {
  if (typeof value === "string") return live.length === 0 ? value : redactText(value, live);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const next = redactValue(value[i], live);
      if (next !== value[i]) copy ??= value.slice();
      if (copy) copy[i] = next;
    }
    return copy ?? value;
  }
  if (value && typeof value === "object") {
    let copy: Record<string, unknown> | null = null;
    const record = value as Record<string, unknown>;
    for (const k in record) {
      if (!Object.hasOwn(record, k)) continue;
      const next = SECRET_FIELDS.has(lower(k)) ? REDACTED : redactValue(record[k], live);
      if (next !== record[k]) copy ??= { ...record };
      if (copy) copy[k] = next;
    }
    return copy ?? value;
  }
  return value;
}

export function redactText(text: string, secrets: string[]): string {
  let out = text;
  for (let i = 0; i < secrets.length; i++) {
    const s = secrets[i] as string;
    if (s.length >= 4 && out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return out;
}

/** Query parameters of a base URL that carry credentials, by the names services give them. */
export const SECRET_QUERY = /token|key|secret|sig|pass|auth|code|cred/i;

/** Credentials written into a base URL: the password of `user:pass@`, and secret-named query values. */
export function urlSecrets(baseUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return [];
  }
  const out: string[] = [];
  if (url.password) out.push(url.password, decodeURIComponent(url.password));
  for (const [name, value] of url.searchParams) if (SECRET_QUERY.test(name) && value) out.push(value);
  return out;
}

/**
 * Every form in which a target's secret can appear in text the sender produced or a target echoed: raw, in the
 * header value, base64 of `user:pass`, URL-encoded, and credentials inside the base URL. Longest first, so a
 * secret that contains another is replaced whole.
 */
export function secretsOf(target: { auth: TargetAuth; baseUrl: string }): string[] {
  const { auth } = target;
  const raw =
    auth.type === "bearer"
      ? [auth.token]
      : auth.type === "basic"
        ? [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString("base64")]
        : auth.type === "header"
          ? [auth.value]
          : [];
  const all = [...raw, ...raw.map(encodeURIComponent), ...urlSecrets(target.baseUrl)];
  return [...new Set(all)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

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

/** Secret-named headers lose their credential; any other header that quotes a known secret loses the secret. */
export function redactHeaders(
  headers: Record<string, string>,
  extraSecretHeaders: string[] = [],
  secrets: string[] = [],
): Record<string, string> {
  const extra = new Set(extraSecretHeaders.map((h) => h.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    out[name] =
      SECRET_HEADERS.has(name) || extra.has(name)
        ? redactHeaderValue(name, value)
        : redactText(value, secrets);
  }
  return out;
}

/**
 * Replaces secret-named fields anywhere in a JSON body, and any literal occurrence of a known secret. Copy on
 * write: a body with nothing to hide comes back as the same value, so the common case allocates nothing.
 */
export function redactBody(body: unknown, secrets: string[] = []): unknown {
  const live = secrets.filter((s) => s.length >= 4);
  const visit = (value: unknown): unknown => {
    if (typeof value === "string") return live.length === 0 ? value : redactText(value, live);
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const next = visit(value[i]);
        if (next !== value[i]) copy ??= value.slice();
        if (copy) copy[i] = next;
      }
      return copy ?? value;
    }
    if (value && typeof value === "object") {
      let copy: Record<string, unknown> | null = null;
      const record = value as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        const next = SECRET_FIELDS.has(k.toLowerCase()) ? REDACTED : visit(record[k]);
        if (next !== record[k]) copy ??= { ...record };
        if (copy) copy[k] = next;
      }
      return copy ?? value;
    }
    return value;
  };
  return visit(body);
}

export function redactText(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join(REDACTED);
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

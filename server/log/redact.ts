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

export function redactHeaders(
  headers: Record<string, string>,
  extraSecretHeaders: string[] = [],
): Record<string, string> {
  const extra = new Set(extraSecretHeaders.map((h) => h.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    out[name] = SECRET_HEADERS.has(name) || extra.has(name) ? redactHeaderValue(name, value) : value;
  }
  return out;
}

/** Replaces secret-named fields anywhere in a JSON body, and any literal occurrence of a known secret. */
export function redactBody(body: unknown, secrets: string[] = []): unknown {
  const live = secrets.filter((s) => s.length >= 4);
  const visit = (value: unknown): unknown => {
    if (typeof value === "string") return live.reduce((text, s) => text.split(s).join(REDACTED), value);
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k.toLowerCase()) ? REDACTED : visit(v)]),
      );
    }
    return value;
  };
  return visit(body);
}

export function redactText(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join(REDACTED), text);
}

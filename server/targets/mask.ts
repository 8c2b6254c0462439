import { SECRET_QUERY } from "../log/redact";
import type { Target, TargetAuth } from "../protocol";

const MASK = "••••";

/** Keeps the last four characters of a long secret so a person can tell two tokens apart without seeing either. */
export function maskSecret(secret: string): string {
  return secret.length >= 16 ? `${MASK}${secret.slice(-4)}` : MASK;
}

export function isMasked(value: string): boolean {
  return value.startsWith(MASK);
}

export function maskAuth(auth: TargetAuth): TargetAuth {
  switch (auth.type) {
    case "bearer":
      return { type: "bearer", token: maskSecret(auth.token) };
    case "basic":
      return { type: "basic", username: auth.username, password: maskSecret(auth.password) };
    case "header":
      return { type: "header", name: auth.name, value: maskSecret(auth.value) };
    case "none":
      return auth;
  }
}

/** A base URL with its embedded credentials (`user:pass@`, secret-named query values) shown as ••••. */
export function maskUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return baseUrl;
  }
  const secretQuery = [...url.searchParams].some(([name, value]) => SECRET_QUERY.test(name) && value);
  if (!url.password && !secretQuery) return baseUrl;
  // Built by hand: URL would percent-encode the mask characters.
  const auth = url.username ? `${url.username}${url.password ? `:${MASK}` : ""}@` : "";
  const query = [...url.searchParams]
    .map(
      ([name, value]) =>
        `${encodeURIComponent(name)}=${SECRET_QUERY.test(name) && value ? MASK : encodeURIComponent(value)}`,
    )
    .join("&");
  return `${url.protocol}//${auth}${url.host}${url.pathname === "/" && !baseUrl.endsWith("/") ? "" : url.pathname}${query ? `?${query}` : ""}`;
}

export function maskTarget(target: Target): Target {
  return { ...target, baseUrl: maskUrl(target.baseUrl), auth: maskAuth(target.auth) };
}

/** Whether an auth object carries a new secret rather than the masked one a client was shown. */
export function givesSecret(auth: TargetAuth): boolean {
  if (auth.type === "bearer") return !isMasked(auth.token);
  if (auth.type === "basic") return !isMasked(auth.password);
  if (auth.type === "none") return true;
  return !isMasked(auth.value);
}

/** Lets a client send back the masked auth it was shown without wiping the real secret. */
export function keepSecrets(next: TargetAuth, current: TargetAuth): TargetAuth {
  if (next.type === "bearer" && current.type === "bearer" && isMasked(next.token)) return current;
  if (next.type === "basic" && current.type === "basic" && isMasked(next.password)) {
    return { ...next, password: current.password };
  }
  if (next.type === "header" && current.type === "header" && isMasked(next.value)) {
    return { ...next, value: current.value };
  }
  return next;
}

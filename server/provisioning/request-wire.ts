import type { TargetAuth, TargetOptions } from "../protocol";
import type { Dialect, ScimRequest } from "./dialects/types";

/** The credential header, or null for a target that takes requests without one. */
export function authHeader(auth: TargetAuth): [string, string] | null {
  switch (auth.type) {
    case "none":
      return null;
    case "bearer":
      return ["authorization", `Bearer ${auth.token}`];
    case "basic":
      return [
        "authorization",
        `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`,
      ];
    case "header":
      return [auth.name.toLowerCase(), auth.value];
  }
}

const encode = (text: string) => encodeURIComponent(text);
const encodePlus = (text: string) => encodeURIComponent(text).replace(/%20/g, "+");

/**
 * The request URL. Query values are percent-encoded; a dialect that writes spaces as `+` (Entra, as its captures
 * show: `filter=userName+eq+%22…%22`) gets that form, which servers decode the same way.
 */
export function buildUrl(baseUrl: string, request: ScimRequest, spaces: "%20" | "+" = "%20"): string {
  const query = request.query;
  if (!query || query.length === 0) return `${baseUrl}${request.path}`;
  const code = spaces === "+" ? encodePlus : encode;
  let text = "";
  for (const [k, v] of query) text += `${text ? "&" : "?"}${code(k)}=${code(v)}`;
  return `${baseUrl}${request.path}${text}`;
}

const canonical = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/**
 * Every header of one request, in the dialect's order, exactly as it goes on the wire: Host, the dialect's own,
 * Content-Type and Content-Length for a body, the credential, any header the flow adds, and Connection.
 */
export function wireHeaders(
  dialect: Dialect,
  request: ScimRequest,
  options: TargetOptions,
  on: { host: string; auth: readonly [string, string] | null; bodyBytes: number | null },
): Array<[string, string]> {
  const h = dialect.headers;
  const values = new Map<string, string>([
    ["Host", on.host],
    ["User-Agent", options.userAgent ?? h.userAgent],
    ["Accept", h.accept],
    ...Object.entries(h.extra ?? {}),
  ]);
  if (on.bodyBytes !== null) {
    values.set("Content-Type", options.contentType ?? h.contentType);
    values.set("Content-Length", String(on.bodyBytes));
  }
  const credential: [string, string] | null = on.auth ? [canonical(on.auth[0]), on.auth[1]] : null;
  const flowHeaders = Object.entries(request.headers ?? {}).map(([k, v]) => [canonical(k), v] as const);
  const ordered: Array<[string, string]> = [];
  const take = (name: string) => {
    const value = values.get(name);
    if (value !== undefined) ordered.push([name, value]);
    values.delete(name);
  };
  for (const name of h.order) {
    if (name === "Authorization") {
      if (credential) ordered.push(credential);
      for (const [k, v] of flowHeaders) ordered.push([k, v]);
    } else if (name === "Connection") {
      for (const name of [...values.keys()]) take(name);
      ordered.push(["Connection", h.connection]);
    } else take(name);
  }
  return ordered;
}

/** The headers as the log keeps them: lower-case names, in wire order. */
export const headerRecord = (headers: Array<[string, string]>): Record<string, string> =>
  Object.fromEntries(headers.map(([k, v]) => [k.toLowerCase(), v]));

type Pairs = ReadonlyArray<readonly [string, string]>;
type Shape = { headers: Pairs; lengthAt: number };
const NO_OPTIONS: TargetOptions = {};
const NO_CREDENTIAL = ["", ""] as const;
// By dialect, target options and credential objects, each of which an edit replaces rather than changes, so an
// edited target never meets its old lists, and a dropped credential's lists go with it; then by host and body.
const shapes = new WeakMap<Dialect, WeakMap<TargetOptions, WeakMap<readonly string[], Map<string, Shape>>>>();
const credentials = new WeakMap<TargetAuth, readonly [string, string] | null>();

/** The credential header, worked out once per credential object (an edit replaces it rather than changes it). */
export const credentialOf = (auth: TargetAuth): readonly [string, string] | null =>
  child(credentials, auth, () => authHeader(auth));

/** The value kept for a key, made and kept on first asking. */
function child<K extends object, V>(map: WeakMap<K, V>, key: K, made: () => V): V {
  let found = map.get(key);
  if (found === undefined) {
    found = made();
    map.set(key, found);
  }
  return found;
}

/**
 * `wireHeaders` for the sender, which asks for the same few header lists all cycle long: only the body's length
 * changes from one request to the next, so each list is worked out once per dialect, target options, credential
 * and host, and a request with a body gets a copy with its own Content-Length. A flow's own headers are rare and
 * are never cached. The lists and their pairs are shared between requests, hence read only.
 */
export function cachedWireHeaders(
  dialect: Dialect,
  request: ScimRequest,
  options: TargetOptions | undefined,
  on: { host: string; auth: readonly [string, string] | null; bodyBytes: number | null },
): Pairs {
  const opts = options ?? NO_OPTIONS;
  if (request.headers && Object.keys(request.headers).length > 0)
    return wireHeaders(dialect, request, opts, on);
  const byOptions = child(shapes, dialect, () => new WeakMap());
  const byCredential = child(byOptions, opts, () => new WeakMap());
  const byHost = child(byCredential, on.auth ?? NO_CREDENTIAL, () => new Map<string, Shape>());
  const withBody = on.bodyBytes !== null;
  const key = `${withBody ? "b" : "-"}${on.host}`;
  let shape = byHost.get(key);
  if (!shape) {
    // Bounded: a target whose URL moves from host to host must not grow this without end.
    if (byHost.size >= 64) byHost.clear();
    const headers = wireHeaders(dialect, request, opts, { ...on, bodyBytes: withBody ? 0 : null });
    shape = { headers, lengthAt: headers.findIndex(([name]) => name === "Content-Length") };
    byHost.set(key, shape);
  }
  if (shape.lengthAt === -1 || on.bodyBytes === null) return shape.headers;
  const headers = shape.headers.slice();
  headers[shape.lengthAt] = ["Content-Length", String(on.bodyBytes)];
  return headers;
}

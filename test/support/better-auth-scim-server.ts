import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getAuthTables } from "@better-auth/core/db";
import { scim } from "@better-auth/scim";
import { type BetterAuthOptions, betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";

/**
 * A second real, third-party SCIM 2.0 server: better-auth 1.7.5 with its SCIM plugin (@better-auth/scim 1.7.5) and
 * better-auth's in-memory database adapter, on a plain node:http server. It is an independently written service
 * provider, and a deliberately strict one: it implements "a focused subset" of RFC 7643/7644 and refuses, with a
 * SCIM error, whatever falls outside it, where SCIMMY validates against the full schemas and applies any filter.
 * Nothing below relaxes the plugin; this file only wires storage, the HTTP server and one bearer token.
 *
 * Setup. The plugin needs no organization and no SSO provider: it serves "connections", each owning an isolated set
 * of resources. One code-defined connection ("scimulator") with one static bearer credential (a random token per
 * start, all four scopes: scim.users.read/write, scim.groups.read/write) is declared. better-auth serves it under
 * its base path, so the SCIM base URL is http://127.0.0.1:PORT/api/auth/scim/v2. Every User it provisions also
 * becomes a better-auth user (email = the primary email, name = displayName) that cannot sign in.
 *
 * What it supports (read from the plugin's source, and checked):
 * - Discovery, served without a token: /ServiceProviderConfig (patch and filter supported; bulk, sort, etag and
 *   changePassword not), /Schemas, /ResourceTypes (User with the optional enterprise extension, Group).
 * - Users: POST (201 + Location), GET by id, GET list, PUT, PATCH (200 with the resource), DELETE (204).
 *   Core attributes userName, externalId, displayName, name.*, emails, title, userType, preferredLanguage, locale,
 *   timezone, phoneNumbers, addresses, roles, entitlements, active, and the enterprise extension's employeeNumber,
 *   costCenter, organization, division, department, manager. Attributes it does not know (password, groups,
 *   nickName…) and the read-only id/meta in a PUT body are silently dropped, not refused and not stored.
 * - Groups: POST, GET by id, GET list, PUT, PATCH, DELETE; displayName (unique per connection, case-insensitively),
 *   externalId, and direct members that are Users of the same connection (at most 1,000).
 * - PATCH ops add, replace, remove (case-insensitive); paths with or without the core schema prefix; pathless
 *   add/replace with an object value (dotted keys like "name.familyName" included); `emails[type eq "work"].value`,
 *   `emails[primary eq true].value`, `members[value eq "id"]` (remove). The strings "True"/"False" are accepted for
 *   active and primary, as Entra sends them.
 * - Filters: only `eq`, on id, externalId, userName, emails.value, emails[type eq "work"].value (Users) and id,
 *   externalId, displayName (Groups), case-insensitive for userName, emails and displayName, joined by at most nine
 *   `and`. startIndex/count paging (count capped at 100), attributes/excludedAttributes projection.
 * - userName and externalId are unique per connection (userName case-insensitively): 409 uniqueness. So is the
 *   primary email across all better-auth users.
 *
 * What it refuses (a SCIM error body, application/scim+json, unless said otherwise):
 * - No token or a wrong one: 401 with `WWW-Authenticate: Bearer realm="SCIM"`.
 * - A POST/PUT/PATCH whose Content-Type is neither application/scim+json nor application/json: 415.
 * - Filter operators other than eq (co, sw, pr, gt…), `or` (with a misleading "quoted JSON string" detail), `not`,
 *   parentheses, any other attribute (displayName on Users, members.value on Groups…): 400 invalidFilter.
 * - A User whose `schemas` is missing, lacks the core User URN or lists anything but core User and enterprise User;
 *   a Group whose `schemas` is anything but exactly [core Group] (Entra's legacy Group marker too: the plugin's
 *   switch for it is left off): 400 invalidValue.
 * - A User with no email unless userName itself is an email, an email that is not an address, two primary emails,
 *   two emails of one type, enterprise attributes without the enterprise URN in `schemas`: 400 invalidValue.
 * - PATCH: paths outside the list above (`name.unknown`, `emails[value eq "x"].value`…): 400 invalidPath; writing
 *   id, meta or schemas, removing userName or a Group's displayName: 400 mutability; an op other than add, replace,
 *   remove, or a body whose `schemas` is not exactly [PatchOp]: 400 invalidValue.
 * - Group members that are not Users of this connection, or typed other than "User": 400 invalidValue.
 * - /Bulk and /Me are not served: better-auth's own 404, with an empty body.
 */
export interface BetterAuthScimServer {
  /** e.g. http://127.0.0.1:PORT/api/auth/scim/v2; the plugin's endpoints (/Users, /Groups…) live under it. */
  baseUrl: string;
  /** The bearer token every SCIM request must carry; random per start. */
  token: string;
  /** Every request as received, before better-auth saw it. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent, including the /api/auth/scim/v2 prefix. */
  url: string;
  /** Parsed JSON when the body is JSON, the raw text when it is not, undefined when there is no body. */
  body: unknown;
  /** The status better-auth answered with; undefined until it has answered. */
  status?: number;
}

/** Where better-auth mounts its router, and the plugin's own prefix below it. */
const AUTH_BASE_PATH = "/api/auth";
const SCIM_PATH = "/scim/v2";

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", reject);
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

function parsed(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

export async function startBetterAuthScimServer(): Promise<BetterAuthScimServer> {
  const token = randomBytes(24).toString("base64url");
  const requests: RecordedRequest[] = [];
  let handle: ((request: Request) => Promise<Response>) | undefined;

  // The web-standard handler is driven directly (rather than through better-auth's node adapter) so the raw
  // request can be recorded first; the body is handed on untouched.
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readBody(req);
      const url = req.url ?? "/";
      const method = req.method ?? "GET";
      const record: RecordedRequest = { method, url, body: parsed(body.toString("utf8")) };
      requests.push(record);
      if (!handle) throw new Error("better-auth is not ready");
      const response = await handle(
        new Request(`http://${req.headers.host ?? "127.0.0.1"}${url}`, {
          method,
          headers: headersOf(req),
          body: method === "GET" || method === "HEAD" || body.length === 0 ? undefined : new Uint8Array(body),
        }),
      );
      const headers: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) headers["set-cookie"] = cookies;
      record.status = response.status;
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(err instanceof Error ? err.message : String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  // better-auth's memory adapter expects one array per table, so the tables (core and the plugin's) are laid out
  // from the same options the server runs with.
  const db: Record<string, Record<string, unknown>[]> = {};
  const options = {
    baseURL: origin,
    basePath: AUTH_BASE_PATH,
    secret: randomBytes(32).toString("hex"),
    database: memoryAdapter(db),
    // A provider's own throttling would be a fault we did not ask for; the 429 scenarios inject theirs.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { level: "error" },
    plugins: [
      scim({
        connections: [{ id: "scimulator", credentials: [{ type: "bearer", id: "scimulator-token", token }] }],
      }),
    ],
  } satisfies BetterAuthOptions;
  for (const table of Object.values(getAuthTables(options))) db[table.modelName] = [];
  const auth = betterAuth(options);
  handle = auth.handler;

  return {
    baseUrl: `${origin}${AUTH_BASE_PATH}${SCIM_PATH}`,
    token,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

/**
 * A real, third-party SCIM 2.0 server (SCIMMY + scimmy-routers on express 5) with in-memory storage, used to check
 * that what we send is understood by an implementation we did not write.
 *
 * SCIMMY parses requests, validates them against the RFC 7643 schemas, applies filters' grammar, applies PATCH
 * operations itself and formats every response; this file only supplies storage (ingress/egress/degress handlers),
 * uniqueness of userName and bearer authentication.
 *
 * SCIMMY's resource types are process-global singletons. They are declared once per process, with handlers that
 * find their storage through the per-router `context` SCIMMY passes to every handler call, so several servers can
 * run at the same time in one process, each with its own users, groups and token.
 */
export interface ScimmyServer {
  /** e.g. http://127.0.0.1:PORT/scim; SCIMMY's endpoints (/Users, /Groups, /ServiceProviderConfig…) live under it. */
  baseUrl: string;
  /** The bearer token every request must carry; random per start. */
  token: string;
  /** The server's own storage (SCIM JSON as SCIMMY handed it over, plus id and meta.created/lastModified). */
  users: Map<string, Record<string, unknown>>;
  groups: Map<string, Record<string, unknown>>;
  /** Every request as received, before SCIMMY (or authentication) saw it. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent, including the /scim prefix. */
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the raw text when it is not, undefined when there is no body. */
  body: unknown;
  /** The body exactly as it arrived on the wire ("" when there was none). */
  rawBody: string;
}

type Json = Record<string, unknown>;

interface Store {
  users: Map<string, Json>;
  groups: Map<string, Json>;
}

/** The slice of a SCIMMY resource instance the handlers use (the target id and the parsed ?filter=). */
interface ResourceRequest {
  id?: string;
  filter?: { match(values: Json[]): Json[] };
}

export const ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function storeOf(ctx: unknown): Store {
  if (isJson(ctx) && ctx.users instanceof Map && ctx.groups instanceof Map) {
    return { users: ctx.users, groups: ctx.groups };
  }
  // SCIMMY omits scimType from the error message when it is falsy.
  throw new SCIMMY.Types.Error(500, "", "SCIMMY handler called without a server store");
}

/** SCIMMY's schema instances serialise themselves through toJSON; storage keeps plain JSON. */
function plain(instance: unknown): Json {
  const value: unknown = JSON.parse(JSON.stringify(instance));
  if (!isJson(value)) throw new SCIMMY.Types.Error(400, "invalidSyntax", "Expected a single complex value");
  delete value.id;
  delete value.meta;
  delete value.schemas;
  return value;
}

function notFound(id: string | undefined): SCIMMY.Types.SCIMError {
  return new SCIMMY.Types.Error(404, "", `Resource ${id} not found`);
}

function stamp(previous: Json | undefined, data: Json, id: string): Json {
  const now = new Date().toISOString();
  const created =
    isJson(previous?.meta) && typeof previous.meta.created === "string" ? previous.meta.created : now;
  return { ...data, id, meta: { created, lastModified: now } };
}

/** A user as served: the stored record plus the read-only `groups` attribute derived from group membership. */
function presentUser(store: Store, user: Json): Json {
  const groups = [...store.groups.values()]
    .filter((g) => Array.isArray(g.members) && g.members.some((m) => isJson(m) && m.value === user.id))
    .map((g) => ({ value: g.id, display: g.displayName, type: "direct" }));
  return groups.length > 0 ? { ...user, groups } : { ...user };
}

/**
 * SCIMMY parses ?filter= into a SCIMMY.Types.Filter and its own match() decides membership. match() is applied one
 * record at a time because, in SCIMMY 1.3.5, it throws a TypeError ("Cannot convert undefined or null to object") on
 * any record lacking the complex attribute being filtered on (e.g. `emails.value eq "x"` against a user without
 * emails), which SCIMMY turns into a 400 for the whole query. A record it cannot evaluate simply does not match.
 */
function select(resource: ResourceRequest, records: Json[]): Json[] {
  const { filter } = resource;
  if (!filter) return records;
  return records.filter((record) => {
    try {
      return filter.match([record]).length > 0;
    } catch {
      return false;
    }
  });
}

async function userEgress(resource: ResourceRequest, ctx: unknown): Promise<Json | Json[]> {
  const store = storeOf(ctx);
  if (resource.id !== undefined) {
    const user = store.users.get(resource.id);
    if (!user) throw notFound(resource.id);
    return presentUser(store, user);
  }
  return select(
    resource,
    [...store.users.values()].map((u) => presentUser(store, u)),
  );
}

async function userIngress(resource: ResourceRequest, instance: unknown, ctx: unknown): Promise<Json> {
  const store = storeOf(ctx);
  const data = plain(instance);
  delete data.groups; // read-only, derived from group membership
  const previous = resource.id === undefined ? undefined : store.users.get(resource.id);
  if (resource.id !== undefined && !previous) throw notFound(resource.id);
  const userName = String(data.userName ?? "").toLowerCase();
  for (const [id, other] of store.users) {
    if (id !== resource.id && String(other.userName ?? "").toLowerCase() === userName) {
      throw new SCIMMY.Types.Error(409, "uniqueness", `userName '${String(data.userName)}' is already taken`);
    }
  }
  const id = resource.id ?? randomUUID();
  const record = stamp(previous, data, id);
  store.users.set(id, record);
  return presentUser(store, record);
}

async function userDegress(resource: ResourceRequest, ctx: unknown): Promise<void> {
  const store = storeOf(ctx);
  if (resource.id === undefined || !store.users.delete(resource.id)) throw notFound(resource.id);
  // A deleted user stops being a member of anything.
  for (const group of store.groups.values()) {
    if (Array.isArray(group.members)) {
      const members = group.members.filter((m) => !(isJson(m) && m.value === resource.id));
      // Like SCIMMY's own PATCH remove, an emptied multi-valued attribute is dropped rather than left as [].
      if (members.length > 0) group.members = members;
      else delete group.members;
    }
  }
}

async function groupEgress(resource: ResourceRequest, ctx: unknown): Promise<Json | Json[]> {
  const store = storeOf(ctx);
  if (resource.id !== undefined) {
    const group = store.groups.get(resource.id);
    if (!group) throw notFound(resource.id);
    return { ...group };
  }
  return select(
    resource,
    [...store.groups.values()].map((g) => ({ ...g })),
  );
}

async function groupIngress(resource: ResourceRequest, instance: unknown, ctx: unknown): Promise<Json> {
  const store = storeOf(ctx);
  const data = plain(instance);
  const previous = resource.id === undefined ? undefined : store.groups.get(resource.id);
  if (resource.id !== undefined && !previous) throw notFound(resource.id);
  const id = resource.id ?? randomUUID();
  const record = stamp(previous, data, id);
  store.groups.set(id, record);
  return { ...record };
}

async function groupDegress(resource: ResourceRequest, ctx: unknown): Promise<void> {
  const store = storeOf(ctx);
  if (resource.id === undefined || !store.groups.delete(resource.id)) throw notFound(resource.id);
}

let declared = false;

/**
 * Declare User (with the enterprise extension) and Group once per process. Re-running is harmless: SCIMMY accepts
 * re-declaring the same class (it just re-installs the handlers) and ignores an extension it already has.
 */
function declareResources(): void {
  if (declared) return;
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    ingress: userIngress,
    egress: userEgress,
    degress: userDegress,
  });
  SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, {
    ingress: groupIngress,
    egress: groupEgress,
    degress: groupDegress,
  });
  declared = true;
}

function headersOf(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function statusOf(err: unknown): number {
  if (isJson(err) || err instanceof Error) {
    const status = Number((err as { status?: unknown }).status);
    if (Number.isInteger(status) && status >= 400 && status < 600) return status;
  }
  return 500;
}

export async function startScimmyServer(): Promise<ScimmyServer> {
  declareResources();
  const token = randomBytes(24).toString("base64url");
  const store: Store = { users: new Map(), groups: new Map() };
  const requests: RecordedRequest[] = [];
  const app = express();

  // Record the request exactly as it arrived, then parse the JSON ourselves: once the stream is consumed, the
  // express.json() inside scimmy-routers sees a finished request and leaves our req.body alone. Parsing mirrors
  // what scimmy-routers does: only application/scim+json and application/json bodies become req.body.
  app.use("/scim", (req: Request, _res: Response, next: NextFunction) => {
    // scimmy-routers casts ?startIndex= and ?count= to numbers by assigning into req.query, which in express 5 is a
    // getter that re-parses the URL on every access, so the cast is lost and SCIMMY silently ignores both (every
    // page is page one). A plain own property restores the express 4 behaviour scimmy-routers was written for.
    Object.defineProperty(req, "query", {
      value: { ...req.query },
      writable: true,
      enumerable: true,
      configurable: true,
    });
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", next);
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let parsed: unknown;
      let parseError: unknown;
      if (rawBody.length > 0) {
        try {
          parsed = JSON.parse(rawBody);
        } catch (err) {
          parseError = err;
        }
      }
      requests.push({
        method: req.method,
        url: req.originalUrl,
        headers: headersOf(req),
        body: rawBody.length === 0 ? undefined : parseError === undefined ? parsed : rawBody,
        rawBody,
      });
      if (rawBody.length > 0 && req.is(["application/scim+json", "application/json"])) {
        if (parseError !== undefined) {
          next(
            new SCIMMY.Types.Error(
              400,
              "invalidSyntax",
              `Request body is not valid JSON: ${String(parseError)}`,
            ),
          );
          return;
        }
        req.body = parsed;
      }
      next();
    });
  });

  app.use(
    "/scim",
    new SCIMMYRouters({
      type: "bearer",
      handler: (req) => {
        const match = /^Bearer\s+(.+)$/i.exec(req.header("authorization") ?? "");
        if (match?.[1] !== token) throw new Error("Missing or invalid bearer token");
        return "scimulator";
      },
      // Every ingress/egress/degress call receives this, which is how the global handlers find this server's data.
      context: () => store,
    }),
  );

  // Errors raised before SCIMMY's router (our JSON parsing) are answered the way SCIMMY answers its own.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // scimmy-routers answers its own errors, then forwards 5xx ones here: nothing left to send.
    if (res.headersSent) return;
    const status = statusOf(err);
    const detail = err instanceof Error ? err.message : String(err);
    const scimType = isJson(err) && typeof err.scimType === "string" ? err.scimType : undefined;
    res
      .status(status)
      .type("application/scim+json")
      .send({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: String(status),
        scimType,
        detail,
      });
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/scim`,
    token,
    users: store.users,
    groups: store.groups,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

import { randomUUID } from "node:crypto";
import SCIMMY from "scimmy";

/**
 * The storage behind the SCIMMY fixture server: the ingress/egress/degress handlers SCIMMY calls for User and Group,
 * with in-memory maps, uniqueness of userName and the read-only `groups` attribute derived from membership.
 *
 * SCIMMY's resource types are process-global singletons. They are declared once per process, with handlers that
 * find their storage through the per-router `context` SCIMMY passes to every handler call, so several servers can
 * run at the same time in one process, each with its own users, groups and token.
 */

export type Json = Record<string, unknown>;

export interface Store {
  users: Map<string, Json>;
  groups: Map<string, Json>;
}

/** The slice of a SCIMMY resource instance the handlers use (the target id and the parsed ?filter=). */
interface ResourceRequest {
  id?: string;
  filter?: { match(values: Json[]): Json[] };
}

export function isJson(value: unknown): value is Json {
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
export function declareResources(): void {
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

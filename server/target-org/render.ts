import type { Request } from "express";
import { isJsonObject, type Json, type JsonObject } from "./json";
import { type ResourceTypeName, URN } from "./schemas";
import type { OrgStore, StoredResource } from "./store";

/** Per-request view used to compute what is derived rather than stored: URLs, display names, `groups`. */
export interface RenderContext {
  baseUrl: string;
  store: OrgStore;
  groupsOf(userId: string): StoredResource[];
}

export function renderContext(baseUrl: string, store: OrgStore): RenderContext {
  let index: Map<string, StoredResource[]> | undefined;
  return {
    baseUrl,
    store,
    groupsOf(userId) {
      if (!index) {
        index = new Map();
        for (const group of Object.values(store.data.groups)) {
          for (const member of membersOf(group.data)) {
            index.set(member, [...(index.get(member) ?? []), group]);
          }
        }
      }
      return index.get(userId) ?? [];
    },
  };
}

export function membersOf(data: JsonObject): string[] {
  const members = data.members;
  if (!Array.isArray(members)) return [];
  return members.flatMap((m) => (isJsonObject(m) && typeof m.value === "string" ? [m.value] : []));
}

/** The org's base URL as the client reached it, so returned locations work through any host name. */
export function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get("host")}${req.baseUrl}`;
}

export const endpointOf = (type: ResourceTypeName) => (type === "User" ? "Users" : "Groups");

export function locationOf(ctx: RenderContext, type: ResourceTypeName, id: string) {
  return `${ctx.baseUrl}/${endpointOf(type)}/${id}`;
}

export const etagOf = (stored: StoredResource) => `W/"${stored.version}"`;

export function render(ctx: RenderContext, type: ResourceTypeName, stored: StoredResource): JsonObject {
  const { password: _never, ...data } = stored.data;
  const out: JsonObject = { schemas: schemasOf(type, data), id: stored.id, ...data };
  if (type === "User") {
    decorateManager(ctx, out);
    const groups = ctx.groupsOf(stored.id).map(
      (g): Json => ({
        value: g.id,
        $ref: locationOf(ctx, "Group", g.id),
        display: typeof g.data.displayName === "string" ? g.data.displayName : g.id,
        type: "direct",
      }),
    );
    if (groups.length > 0) out.groups = groups;
  } else if (Array.isArray(data.members)) {
    out.members = membersOf(data).map((id) => describeMember(ctx, id));
  }
  out.meta = {
    resourceType: type,
    created: stored.created,
    lastModified: stored.lastModified,
    location: locationOf(ctx, type, stored.id),
    version: etagOf(stored),
  };
  return out;
}

function schemasOf(type: ResourceTypeName, data: JsonObject): Json {
  if (type === "Group") return [URN.group];
  return data[URN.enterprise] ? [URN.user, URN.enterprise] : [URN.user];
}

function describeMember(ctx: RenderContext, id: string): Json {
  const user = ctx.store.data.users[id];
  if (user) {
    return { value: id, $ref: locationOf(ctx, "User", id), display: userDisplay(user), type: "User" };
  }
  const group = ctx.store.data.groups[id];
  if (group) {
    const display = typeof group.data.displayName === "string" ? group.data.displayName : id;
    return { value: id, $ref: locationOf(ctx, "Group", id), display, type: "Group" };
  }
  return { value: id };
}

function userDisplay(user: StoredResource): string {
  const { displayName, userName } = user.data;
  if (typeof displayName === "string") return displayName;
  return typeof userName === "string" ? userName : user.id;
}

function decorateManager(ctx: RenderContext, out: JsonObject) {
  const extension = out[URN.enterprise];
  if (!isJsonObject(extension) || !isJsonObject(extension.manager)) return;
  const id = extension.manager.value;
  const manager = typeof id === "string" ? ctx.store.data.users[id] : undefined;
  if (!manager) return;
  out[URN.enterprise] = {
    ...extension,
    manager: {
      ...extension.manager,
      $ref: locationOf(ctx, "User", manager.id),
      displayName: userDisplay(manager),
    },
  };
}

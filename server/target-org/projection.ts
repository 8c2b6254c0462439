import { type ResolvedPath, resolvePath } from "./attribute-path";
import { isJsonObject, type Json, type JsonObject } from "./json";
import type { AttributeDef, ResourceTypeDef } from "./schemas";

export interface Projection {
  attributes: string[];
  excludedAttributes: string[];
}

/** Attributes every response carries whatever was asked: `id` (returned "always") plus the envelope. */
const ALWAYS = new Set(["schemas", "id", "meta"]);

/**
 * Applies `attributes` / `excludedAttributes` (RFC 7644 §3.9) following RFC 7643 §7 `returned`:
 * "always" survives both lists, "request" appears only when asked for, "never" was already dropped by render.
 */
export function project(resource: JsonObject, types: ResourceTypeDef[], projection: Projection): JsonObject {
  if (projection.attributes.length > 0) return include(resource, resolveAll(projection.attributes, types));
  if (projection.excludedAttributes.length > 0)
    return exclude(resource, resolveAll(projection.excludedAttributes, types));
  return withoutRequestOnly(resource, types);
}

function resolveAll(names: string[], types: ResourceTypeDef[]): ResolvedPath[] {
  // Unknown names are ignored rather than refused: RFC 7644 gives no error for them and clients send generic lists.
  return names.flatMap((name) => {
    const path = resolvePath(name.trim(), types);
    return path ? [path] : [];
  });
}

function holder(resource: JsonObject, path: ResolvedPath): JsonObject | undefined {
  if (!path.extension) return resource;
  const extension = resource[path.extension.id];
  return isJsonObject(extension) ? extension : undefined;
}

function include(resource: JsonObject, paths: ResolvedPath[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    if (ALWAYS.has(key)) out[key] = value;
  }
  for (const path of paths) {
    const source = holder(resource, path);
    if (!source) continue;
    const target = path.extension ? ensureObject(out, path.extension.id) : out;
    if (!path.attribute) {
      Object.assign(target, source);
      continue;
    }
    const value = source[path.attribute.name];
    if (value === undefined) continue;
    if (!path.sub) {
      target[path.attribute.name] = value;
      continue;
    }
    const picked = pickSub(value, path.sub, target[path.attribute.name]);
    if (picked !== undefined) target[path.attribute.name] = picked;
  }
  return out;
}

function ensureObject(out: JsonObject, key: string): JsonObject {
  const existing = out[key];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  out[key] = created;
  return created;
}

/** Keeps one sub-attribute, merging with sub-attributes already picked for the same attribute. */
function pickSub(value: Json, sub: AttributeDef, already: Json | undefined): Json | undefined {
  if (Array.isArray(value)) {
    const previous = Array.isArray(already) ? already : [];
    return value.map((item, i): Json => {
      const earlier = previous[i];
      const base: JsonObject = isJsonObject(earlier) ? earlier : {};
      const picked = isJsonObject(item) ? item[sub.name] : undefined;
      return picked !== undefined ? withKey(base, sub.name, picked) : base;
    });
  }
  const picked = isJsonObject(value) ? value[sub.name] : undefined;
  if (picked === undefined) return already;
  return withKey(isJsonObject(already) ? already : {}, sub.name, picked);
}

function exclude(resource: JsonObject, paths: ResolvedPath[]): JsonObject {
  const out = structuredClone(resource);
  for (const path of paths) {
    if (path.attribute?.returned === "always" || path.sub?.returned === "always") continue;
    if (path.attribute && ALWAYS.has(path.attribute.name) && !path.extension) continue;
    if (!path.attribute) {
      if (path.extension) delete out[path.extension.id];
      continue;
    }
    const target = holder(out, path);
    if (!target) continue;
    if (!path.sub) {
      delete target[path.attribute.name];
      continue;
    }
    const value = target[path.attribute.name];
    const subName = path.sub.name;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isJsonObject(item)) delete item[subName];
    }
  }
  return out;
}

function withoutRequestOnly(resource: JsonObject, types: ResourceTypeDef[]): JsonObject {
  const requestOnly = types.flatMap((t) => t.core.attributes).filter((a) => a.returned === "request");
  if (requestOnly.length === 0) return resource;
  const out = { ...resource };
  for (const a of requestOnly) delete out[a.name];
  return out;
}

function withKey(base: JsonObject, key: string, value: Json): JsonObject {
  const out: JsonObject = { ...base };
  out[key] = value;
  return out;
}

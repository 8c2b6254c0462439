import { resolvePath, targetOf } from "./attribute-path";
import { compileFilter, type Predicate } from "./filter";
import { isJsonObject, type Json, type JsonObject } from "./json";
import type { Projection } from "./projection";
import { type ResourceTypeDef, URN } from "./schemas";
import { badRequest } from "./scim-errors";

/** Advertised as `filter.maxResults`; larger `count`s are capped to it (RFC 7644 §3.4.2.4). */
export const MAX_RESULTS = 1000;

export interface ListQuery extends Projection {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder: "ascending" | "descending";
}

/** Reads list parameters from a GET query string; every value arrives as text. */
export function listQueryFromUrl(query: Record<string, unknown>): ListQuery {
  const get = (name: string): string | undefined => {
    const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : query[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") {
      throw badRequest("invalidValue", `query parameter '${name}' must be given once, as text`);
    }
    return value;
  };
  return {
    filter: get("filter"),
    startIndex: integer("startIndex", get("startIndex"), 1),
    count: integer("count", get("count"), MAX_RESULTS),
    sortBy: get("sortBy"),
    sortOrder: sortOrder(get("sortOrder")),
    ...projectionFromUrl(query),
  };
}

export function projectionFromUrl(query: Record<string, unknown>): Projection {
  const list = (name: string) => {
    const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : query[key];
    const parts = Array.isArray(value) ? value : [value];
    return parts
      .filter((p): p is string => typeof p === "string")
      .flatMap((p) => p.split(","))
      .map((p) => p.trim())
      .filter((p) => p !== "");
  };
  return { attributes: list("attributes"), excludedAttributes: list("excludedAttributes") };
}

/** Reads a SearchRequest body (RFC 7644 §3.4.3), where numbers are JSON numbers and lists are arrays. */
export function listQueryFromSearch(body: unknown, strict: boolean): ListQuery {
  if (!isJsonObject(body)) throw badRequest("invalidSyntax", "the SearchRequest body must be a JSON object");
  const schemas = Array.isArray(body.schemas) ? body.schemas : [];
  if (strict && !schemas.includes(URN.searchRequest)) {
    throw badRequest("invalidSyntax", `a SearchRequest must have "schemas":["${URN.searchRequest}"]`);
  }
  const text = (name: string): string | undefined => {
    const value = body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw badRequest("invalidValue", `'${name}' must be a string`);
    return value;
  };
  const names = (name: string): string[] => {
    const value: Json | undefined = body[name];
    if (value === undefined || value === null) return [];
    if (typeof value === "string") return value.split(",").map((s) => s.trim());
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
    throw badRequest("invalidValue", `'${name}' must be an array of attribute names`);
  };
  const number = (name: string, fallback: number) => {
    const value = body[name];
    if (value === undefined || value === null) return fallback;
    return integer(name, typeof value === "number" ? String(value) : "not a number", fallback);
  };
  return {
    filter: text("filter"),
    startIndex: number("startIndex", 1),
    count: number("count", MAX_RESULTS),
    sortBy: text("sortBy"),
    sortOrder: sortOrder(text("sortOrder")),
    attributes: names("attributes"),
    excludedAttributes: names("excludedAttributes"),
  };
}

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  if (!/^[-+]?\d+$/.test(raw.trim())) {
    throw badRequest("invalidValue", `'${name}' must be an integer, got ${JSON.stringify(raw)}`);
  }
  const value = Number(raw);
  // RFC 7644 §3.4.2.4: startIndex below 1 means 1, a negative count means 0.
  if (name === "startIndex") return Math.max(1, value);
  return Math.min(Math.max(0, value), MAX_RESULTS);
}

function sortOrder(raw: string | undefined): "ascending" | "descending" {
  if (raw === undefined || raw.toLowerCase() === "ascending") return "ascending";
  if (raw.toLowerCase() === "descending") return "descending";
  throw badRequest(
    "invalidValue",
    `'sortOrder' must be "ascending" or "descending", got ${JSON.stringify(raw)}`,
  );
}

export interface Page<T> {
  totalResults: number;
  items: T[];
}

/** Filters, sorts and pages rendered resources; rendering first lets filters see `meta`, `groups` and `members`. */
export function runListQuery(
  resources: JsonObject[],
  query: ListQuery,
  types: ResourceTypeDef[],
  strict: boolean,
): Page<JsonObject> {
  const matches: Predicate =
    query.filter === undefined ? () => true : compileFilter(query.filter, types, strict);
  let found = resources.filter(matches);
  if (query.sortBy) found = sortResources(found, query.sortBy, query.sortOrder, types, strict);
  const start = query.startIndex - 1;
  return { totalResults: found.length, items: found.slice(start, start + query.count) };
}

function sortResources(
  resources: JsonObject[],
  sortBy: string,
  order: "ascending" | "descending",
  types: ResourceTypeDef[],
  strict: boolean,
): JsonObject[] {
  const path = resolvePath(sortBy, types);
  if (!path?.attribute) {
    if (strict) throw badRequest("invalidValue", `'sortBy' names unknown attribute '${sortBy}'`);
    return resources;
  }
  const caseExact = targetOf(path)?.caseExact ?? false;
  const keyOf = (resource: JsonObject): string | number | boolean | undefined => {
    let value: Json | undefined = path.extension ? resource[path.extension.id] : resource;
    for (const name of [path.attribute?.name, path.sub?.name]) {
      if (name === undefined) continue;
      if (Array.isArray(value)) value = value.find((v) => isJsonObject(v) && v.primary === true) ?? value[0];
      value = isJsonObject(value) ? value[name] : undefined;
    }
    if (Array.isArray(value)) value = value[0];
    if (typeof value === "string") return caseExact ? value : value.toLowerCase();
    return typeof value === "number" || typeof value === "boolean" ? value : undefined;
  };
  const direction = order === "ascending" ? 1 : -1;
  return resources
    .map((resource) => ({ resource, key: keyOf(resource) }))
    .sort((a, b) => {
      // RFC 7644 §3.4.2.3: unassigned values sort last ascending, first descending, which reversing gives.
      if (a.key === b.key) return 0;
      if (a.key === undefined) return direction;
      if (b.key === undefined) return -direction;
      return a.key < b.key ? -direction : direction;
    })
    .map((entry) => entry.resource);
}

export function listResponse(page: Page<Json>, startIndex: number) {
  return {
    schemas: [URN.listResponse],
    totalResults: page.totalResults,
    startIndex,
    itemsPerPage: page.items.length,
    Resources: page.items,
  };
}

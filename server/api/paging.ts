import type { Request } from "express";
import { Problem } from "../problem";
import { DEFAULT_PAGE_COUNT, MAX_PAGE_COUNT, type Page } from "../protocol";

type Query = Request["query"];

const PAGING = ["startIndex", "count", "filter"] as const;
const MAX_FILTER = 256;

export interface PageQuery {
  /** 1-based, as in SCIM. */
  startIndex: number;
  count: number;
  /** Matched case-insensitively; empty matches everything. */
  filter: string;
}

function refuse(name: string, message: string, got: unknown): never {
  throw new Problem("invalid", `${name} ${message}, got ${JSON.stringify(got)}`, [{ path: name, message }]);
}

/** A query parameter given at most once, as text. */
export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") refuse(name, "must be given once, as text", value);
  return value;
}

/** At most this many ids in one `ids` look-up. */
export const MAX_IDS = 500;

/** `ids=a,b,c`: the records asked for by id, in that order; undefined when not given. */
export function idsOf(query: Query): string[] | undefined {
  const raw = single(query, "ids");
  if (raw === undefined) return undefined;
  const ids = [...new Set(raw.split(",").map((id) => id.trim()))].filter((id) => id !== "");
  if (ids.length > MAX_IDS) refuse("ids", `must name at most ${MAX_IDS} ids`, `${ids.length} ids`);
  return ids;
}

/** `true` or `false`, or undefined when not given. */
export function flagOf(query: Query, name: string): boolean | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false") refuse(name, 'must be "true" or "false"', value);
  return value === "true";
}

function whole(query: Query, name: string, min: number, max: number): number | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    refuse(
      name,
      max === Number.MAX_SAFE_INTEGER
        ? `must be a whole number from ${min}`
        : `must be a whole number from ${min} to ${max}`,
      raw,
    );
  }
  return value;
}

/**
 * The paging parameters, or null when none of them (nor any of the list's own `extra` ones) is given: the list then
 * answers its plain array, as scripts written before paging expect.
 */
export function pageQueryOf(query: Query, extra: readonly string[] = []): PageQuery | null {
  if (![...PAGING, ...extra].some((name) => query[name] !== undefined)) return null;
  const filter = single(query, "filter") ?? "";
  if (filter.length > MAX_FILTER)
    refuse("filter", `must be at most ${MAX_FILTER} characters`, filter.slice(0, 40));
  return {
    startIndex: whole(query, "startIndex", 1, Number.MAX_SAFE_INTEGER) ?? 1,
    count: whole(query, "count", 1, MAX_PAGE_COUNT) ?? DEFAULT_PAGE_COUNT,
    filter: filter.trim(),
  };
}

/**
 * One page of `items` in a single pass: counts every match and keeps only the page's, so a search of 100,000
 * users builds no list of all its matches. Without a test the page is a slice.
 */
export function pageOf<T>(items: readonly T[], query: PageQuery, keep?: (item: T) => boolean): Page<T> {
  const start = query.startIndex - 1;
  let Resources: T[];
  let totalResults: number;
  if (!keep) {
    Resources = items.slice(start, start + query.count);
    totalResults = items.length;
  } else {
    Resources = [];
    totalResults = 0;
    for (const item of items) {
      if (!keep(item)) continue;
      if (totalResults >= start && Resources.length < query.count) Resources.push(item);
      totalResults++;
    }
  }
  return { totalResults, startIndex: query.startIndex, itemsPerPage: Resources.length, Resources };
}

/**
 * A case-insensitive substring test over some text fields of a record. A case-insensitive RegExp of the escaped
 * text reads each field as it is, so a search of 100,000 users lower-cases no strings and keeps no copies.
 */
export function textSearch<T>(fields: (item: T) => ReadonlyArray<string | null | undefined>) {
  return (needle: string) => {
    const pattern = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
    return (item: T) => fields(item).some((value) => typeof value === "string" && pattern.test(value));
  };
}

/** Every test that was asked for; undefined when none was, so the page is a plain slice. */
export function allOf<T>(
  ...tests: Array<((item: T) => boolean) | undefined>
): ((item: T) => boolean) | undefined {
  const asked = tests.filter((t): t is (item: T) => boolean => t !== undefined);
  if (asked.length === 0) return undefined;
  if (asked.length === 1) return asked[0];
  return (item) => asked.every((test) => test(item));
}

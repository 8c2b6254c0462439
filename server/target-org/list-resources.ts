import type { Request, Response } from "express";
import { compileFilter } from "./filter";
import type { JsonObject } from "./json";
import { type ListQuery, listResponse, runListQuery } from "./list-query";
import { collectionOf } from "./org-index";
import { project } from "./projection";
import { baseUrlOf, render, renderContext } from "./render";
import type { OrgState, ResourceKind } from "./resource-kind";
import { sendScim } from "./scim-errors";
import type { StoredResource } from "./store";

/** GET /Users?…: one ListResponse per query, even when nothing matches. */
export function listResources(
  req: Request,
  res: Response,
  kinds: ResourceKind[],
  org: OrgState,
  query: ListQuery,
) {
  const ctx = renderContext(baseUrlOf(req), org.store);
  const types = kinds.map((k) => k.type);
  // A provider that ignores paging answers every match from the first, whatever was asked.
  const { maxResults } = org.preset();
  const asked =
    org.switches().paging === "ignored"
      ? { ...query, startIndex: 1, count: Infinity }
      : { ...query, count: Math.min(query.count, maxResults ?? query.count) };
  const sources = kinds.map((kind) => ({
    kind,
    stored:
      probed(org, kind, query.filter, kinds.length) ?? Object.values(org.store.collection(kind.type.name)),
  }));
  const page = asked.sortBy
    ? runListQuery(
        sources.flatMap(({ kind, stored }) => stored.map((one) => render(ctx, kind.type.name, one))),
        asked,
        types,
        org.isStrict(),
      )
    : pageWithoutSorting(
        sources,
        asked,
        (kind, one) => render(ctx, kind.type.name, one),
        (filter) => compileFilter(filter, types, org.isStrict()),
      );
  const items = page.items.map((resource) => project(resource, types, asked));
  sendScim(res, 200, listResponse({ totalResults: page.totalResults, items }, asked.startIndex));
}

/**
 * The page and the count without holding every match: with no filter only the page is rendered at all, and with
 * one each resource is rendered, tested and let go unless it falls in the page. A 100k org answers `count=1` in
 * the time of one resource, and a reconciliation's pages each cost what they hold.
 */
function pageWithoutSorting(
  sources: Array<{ kind: ResourceKind; stored: StoredResource[] }>,
  query: ListQuery,
  renderOne: (kind: ResourceKind, stored: StoredResource) => JsonObject,
  compile: (filter: string) => (resource: JsonObject) => boolean,
): { totalResults: number; items: JsonObject[] } {
  const matches = query.filter === undefined ? null : compile(query.filter);
  const start = query.startIndex - 1;
  const end = start + query.count;
  const items: JsonObject[] = [];
  let total = 0;
  for (const { kind, stored } of sources) {
    for (const one of stored) {
      if (!matches) {
        if (total >= start && total < end) items.push(renderOne(kind, one));
        total++;
        continue;
      }
      const rendered = renderOne(kind, one);
      if (!matches(rendered)) continue;
      if (total >= start && total < end) items.push(rendered);
      total++;
    }
  }
  return { totalResults: total, items };
}

const EQ_FILTER = /^\s*([A-Za-z]+)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/;

/**
 * An IdP's probe (`userName eq "…"`, `externalId eq "…"`, `displayName eq "…"`) answered from the index: only the
 * resources it can match are rendered, and the full filter still runs on them, so the answer is the same as a
 * scan's. Undefined for any other filter, which scans as before.
 */
function probed(org: OrgState, kind: ResourceKind, filter: string | undefined, kinds: number) {
  const match = filter && kinds === 1 ? EQ_FILTER.exec(filter) : null;
  if (!match?.[1] || !match[2]) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(match[2]);
  } catch {
    return undefined;
  }
  if (typeof value !== "string") return undefined;
  const collection = org.store.collection(kind.type.name);
  const ids = org.store.index.lookup(collectionOf(kind.type.name), match[1], value);
  return ids?.flatMap((id) => (collection[id] ? [collection[id]] : []));
}

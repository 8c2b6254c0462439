import { randomUUID } from "node:crypto";
import type { Request, Response, Router } from "express";
import { isJsonObject, type JsonObject, sameJson } from "./json";
import {
  type ListQuery,
  listQueryFromSearch,
  listQueryFromUrl,
  listResponse,
  projectionFromUrl,
  runListQuery,
} from "./list-query";
import { applyPatch } from "./patch";
import { checkIfMatch, notModified } from "./preconditions";
import { type Projection, project } from "./projection";
import { baseUrlOf, etagOf, membersOf, render, renderContext } from "./render";
import { shapeResourceBody } from "./resource-body";
import type { OrgState, ResourceKind } from "./resource-kind";
import { conflict, notFound, ScimError, sendScim } from "./scim-errors";
import type { OrgChange, OrgStore, StoredResource } from "./store";

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
  const rendered = kinds.flatMap((kind) =>
    Object.values(org.store.collection(kind.type.name)).map((stored) => render(ctx, kind.type.name, stored)),
  );
  const page = runListQuery(rendered, query, types, org.isStrict());
  const items = page.items.map((resource) => project(resource, types, query));
  sendScim(res, 200, listResponse({ totalResults: page.totalResults, items }, query.startIndex));
}

export function mountResource(router: Router, kind: ResourceKind, org: OrgState) {
  const { type } = kind;
  const base = type.endpoint;
  const collection = () => org.store.collection(type.name);

  const find = (id: string): StoredResource => {
    const stored = collection()[id];
    if (!stored) throw notFound(`${type.name} '${id}' not found`);
    return stored;
  };

  const reply = (
    req: Request,
    res: Response,
    status: number,
    stored: StoredResource,
    projection: Projection,
  ) => {
    const ctx = renderContext(baseUrlOf(req), org.store);
    const body = project(render(ctx, type.name, stored), [type], projection);
    const headers: Record<string, string> = { ETag: etagOf(stored) };
    if (status === 201 && isJsonObject(body.meta) && typeof body.meta.location === "string") {
      headers.Location = body.meta.location;
    }
    sendScim(res, status, body, headers);
  };

  const assertUnique = (data: JsonObject, exceptId?: string) => {
    const value = data[kind.uniqueAttribute];
    if (typeof value !== "string") return;
    const lower = value.toLowerCase();
    const clash = Object.values(collection()).find((other) => {
      const theirs = other.data[kind.uniqueAttribute];
      return other.id !== exceptId && typeof theirs === "string" && theirs.toLowerCase() === lower;
    });
    if (clash) {
      throw conflict(
        `${kind.uniqueAttribute} '${value}' is already taken by ${type.name} ${clash.id} (compared case-insensitively)`,
      );
    }
  };

  /** Stores a new version unless nothing changed, then answers once the write is durable. */
  const update = async (stored: StoredResource, next: JsonObject) => {
    const prepared = kind.prepare(next, stored, org);
    assertUnique(prepared, stored.id);
    if (!sameJson(prepared, stored.data)) {
      stored.data = prepared;
      stored.version += 1;
      stored.lastModified = new Date().toISOString();
      await org.store.commit([{ resourceType: type.name, id: stored.id, action: "updated" }]);
    }
    return stored;
  };

  router.get(base, (req, res) => {
    listResources(req, res, [kind], org, listQueryFromUrl(req.query));
  });

  router.post(`${base}/.search`, (req, res) => {
    listResources(req, res, [kind], org, listQueryFromSearch(req.body, org.isStrict()));
  });

  router.post(base, async (req, res) => {
    const data = kind.prepare(shapeResourceBody(type, req.body, org.isStrict()), undefined, org);
    assertUnique(data);
    const now = new Date().toISOString();
    const stored: StoredResource = { id: randomUUID(), created: now, lastModified: now, version: 1, data };
    collection()[stored.id] = stored;
    await org.store.commit([{ resourceType: type.name, id: stored.id, action: "created" }]);
    reply(req, res, 201, stored, projectionFromUrl(req.query));
  });

  router.get(`${base}/:id`, (req, res) => {
    const stored = find(req.params.id);
    if (notModified(req, stored)) {
      res.status(304).set("ETag", etagOf(stored)).end();
      return;
    }
    reply(req, res, 200, stored, projectionFromUrl(req.query));
  });

  router.put(`${base}/:id`, async (req, res) => {
    const stored = find(req.params.id);
    checkIfMatch(req, stored);
    const body = req.body;
    if (isJsonObject(body) && body.id !== undefined && body.id !== stored.id) {
      throw new ScimError(
        400,
        `'id' is readOnly: the body says ${JSON.stringify(body.id)}, the URL ${stored.id}`,
        "mutability",
      );
    }
    await update(stored, shapeResourceBody(type, body, org.isStrict()));
    reply(req, res, 200, stored, projectionFromUrl(req.query));
  });

  router.patch(`${base}/:id`, async (req, res) => {
    const stored = find(req.params.id);
    checkIfMatch(req, stored);
    const next = applyPatch(stored.data, req.body, { type, strict: org.isStrict(), id: stored.id });
    await update(stored, next);
    const projection = projectionFromUrl(req.query);
    const asked = projection.attributes.length > 0 || projection.excludedAttributes.length > 0;
    if (kind.patchAnswersNoContent && !asked) {
      res.status(204).set("ETag", etagOf(stored)).end();
      return;
    }
    reply(req, res, 200, stored, projection);
  });

  router.delete(`${base}/:id`, async (req, res) => {
    const stored = find(req.params.id);
    checkIfMatch(req, stored);
    delete collection()[stored.id];
    const changes: OrgChange[] = [{ resourceType: type.name, id: stored.id, action: "deleted" }];
    changes.push(...dropMemberships(org.store, stored.id));
    await org.store.commit(changes);
    res.status(204).end();
  });
}

/** A deleted user or group leaves every group it was a member of (RFC 7644 §3.6). */
export function dropMemberships(store: OrgStore, id: string): OrgChange[] {
  const changes: OrgChange[] = [];
  const now = new Date().toISOString();
  for (const group of Object.values(store.data.groups)) {
    if (!membersOf(group.data).includes(id)) continue;
    const members = (Array.isArray(group.data.members) ? group.data.members : []).filter(
      (m) => !(isJsonObject(m) && m.value === id),
    );
    if (members.length > 0) group.data.members = members;
    else delete group.data.members;
    group.version += 1;
    group.lastModified = now;
    changes.push({ resourceType: "Group", id: group.id, action: "updated" });
  }
  return changes;
}

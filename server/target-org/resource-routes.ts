import type { Request, Response, Router } from "express";
import { isJsonObject, type JsonObject, sameJson } from "./json";
import { listQueryFromSearch, listQueryFromUrl, projectionFromUrl } from "./list-query";
import { listResources } from "./list-resources";
import { collectionOf } from "./org-index";
import { accountNamed, deactivation, refuseLargeMemberChange, refuseLockedEdits } from "./org-rules";
import { applyPatch } from "./patch";
import { checkIfMatch, notModified } from "./preconditions";
import { type Projection, project } from "./projection";
import { baseUrlOf, etagOf, membersOf, render, renderContext } from "./render";
import { shapeResourceBody } from "./resource-body";
import type { OrgState, ResourceKind } from "./resource-kind";
import { conflict, notFound, ScimError, sendScim } from "./scim-errors";
import type { OrgChange, OrgStore, StoredResource } from "./store";

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

  const clashWith = (data: JsonObject, exceptId?: string): StoredResource | undefined => {
    const value = data[kind.uniqueAttribute];
    if (typeof value !== "string") return undefined;
    const lower = value.toLowerCase();
    const indexed = org.store.index.lookup(collectionOf(type.name), kind.uniqueAttribute, value);
    const candidates = indexed
      ? indexed.flatMap((id) => collection()[id] ?? [])
      : Object.values(collection());
    return candidates.find((other) => {
      const theirs = other.data[kind.uniqueAttribute];
      return other.id !== exceptId && typeof theirs === "string" && theirs.toLowerCase() === lower;
    });
  };

  const assertUnique = (data: JsonObject, exceptId?: string) => {
    const value = data[kind.uniqueAttribute];
    const clash = clashWith(data, exceptId);
    if (clash) {
      throw conflict(
        `${kind.uniqueAttribute} '${value}' is already taken by ${type.name} ${clash.id} (compared case-insensitively)`,
      );
    }
  };

  /**
   * Takes a resource out of the org. Under a preset whose accounts outlive membership a user's account is kept
   * outside it, so a later POST of that userName attaches the same account again.
   */
  const remove = async (stored: StoredResource) => {
    delete collection()[stored.id];
    const changes: OrgChange[] = [{ resourceType: type.name, id: stored.id, action: "deleted" }];
    changes.push(...dropMemberships(org.store, stored.id));
    if (type.name === "User" && org.preset().accounts === "global")
      org.store.data.accounts[stored.id] = stored;
    await org.store.commit(changes);
  };

  /** Stores a new version unless nothing changed, then answers once the write is durable. */
  const update = async (stored: StoredResource, next: JsonObject) => {
    const prepared = kind.prepare(next, stored, org);
    assertUnique(prepared, stored.id);
    if (type.name === "User") {
      refuseLockedEdits(org, stored.data, prepared);
      if (deactivation(org, stored.data, prepared) === "remove") {
        Object.assign(stored, { data: prepared, version: stored.version + 1 });
        stored.lastModified = new Date().toISOString();
        await remove(stored);
        return stored;
      }
    }
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
    if (type.name === "Group") refuseLargeMemberChange(org, "POST", req.body);
    const data = kind.prepare(shapeResourceBody(type, req.body, org.isStrict()), undefined, org);
    const projection = projectionFromUrl(req.query);
    const duplicate = type.name === "User" ? clashWith(data) : undefined;
    if (duplicate && org.switches().duplicate === "attach") {
      reply(req, res, 200, duplicate, projection);
      return;
    }
    assertUnique(data);
    const now = new Date().toISOString();
    const account = type.name === "User" ? accountNamed(org, data.userName) : undefined;
    const stored: StoredResource = account
      ? attach(account, data, now)
      : { id: org.newId(), created: now, lastModified: now, version: 1, data };
    collection()[stored.id] = stored;
    await org.store.commit([{ resourceType: type.name, id: stored.id, action: "created" }]);
    reply(req, res, 201, stored, projection);
  });

  /**
   * An account outside the org joins it again with its own id and its locked details (a Contentstack user's name
   * and email belong to the account, not to any one organization); the rest of the POST applies.
   */
  const attach = (account: StoredResource, data: JsonObject, now: string): StoredResource => {
    delete org.store.data.accounts[account.id];
    const kept: JsonObject = { ...data };
    for (const name of org.preset().lockedUserAttributes) {
      const value = account.data[name];
      if (value === undefined) delete kept[name];
      else kept[name] = value;
    }
    return { ...account, lastModified: now, version: account.version + 1, data: kept };
  };

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
    if (type.name === "Group") refuseLargeMemberChange(org, "PATCH", req.body);
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
    await remove(stored);
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

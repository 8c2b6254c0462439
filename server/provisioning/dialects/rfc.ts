import { version } from "../../config";
import { attributeChanges, rfcOps, toScimUser } from "../scim-user";
import { ON_EDIT_DEFAULTS } from "./defaults";
import { patchOf, quote } from "./flows";
import { CORE_GROUP, rfcGroupOps } from "./group-flow";
import { filterProbe } from "./matching";
import type { DialectSpec } from "./spec";
import { DEFAULT_HEADER_ORDER } from "./types";
import { dialectFrom } from "./user-flow";

/**
 * Plain RFC 7644, as a careful IdP speaks it: probe before POST, PATCH with only what changed, lower-case ops,
 * an add (not a filtered replace) for a multi-valued attribute that has no value yet, and booleans as booleans.
 */
export const rfcSpec: DialectSpec = {
  profile: "rfc",
  // The baseline itself: its reasons are the RFC rules every explanation ends with.
  rules: [],
  headers: {
    userAgent: `SCIMulator/${version}`,
    contentType: "application/scim+json; charset=utf-8",
    accept: "application/scim+json, application/json",
    connection: "keep-alive",
    order: DEFAULT_HEADER_ORDER,
  },
  testConnection: () => ({ method: "GET", path: "/Users", query: [["count", "1"]] }),
  probe: (user, ctx) => filterProbe(user, ctx),
  createBody: (user, ctx) => toScimUser(user, user.managerId ? ctx.remoteIdOf(user.managerId) : null),
  onConflict: "link",
  onMissing: "recreate",
  readBeforeUpdate: "none",
  updateMethod: "PATCH",
  options: [],
  putBody: ({ user }, remoteId, _current, ctx) => ({
    ...toScimUser(user, user.managerId ? ctx.remoteIdOf(user.managerId) : null),
    id: remoteId,
  }),
  patchBody: (change, ctx) => {
    const managerRemoteId = change.user.managerId ? ctx.remoteIdOf(change.user.managerId) : null;
    const ops = rfcOps(attributeChanges(change.before, change.user, change.changed, { managerRemoteId }));
    return ops.length > 0 ? patchOf(ops) : null;
  },
  active: "in-patch",
  activeOp: (active) => patchOf([{ op: "replace", path: "active", value: active }]),
  defaults: ON_EDIT_DEFAULTS,
  groups: {
    probe: (group) => ({
      method: "GET",
      path: "/Groups",
      query: [["filter", `displayName eq ${quote(group.displayName)}`]],
    }),
    createBody: (group, members) => ({
      schemas: [CORE_GROUP],
      displayName: group.displayName,
      externalId: group.id,
      members: members.map((m) => ({ value: m.remoteId, display: m.display })),
    }),
    membersInCreate: true,
    updateOps: rfcGroupOps,
    onConflict: "link",
  },
};

export const rfc = dialectFrom(rfcSpec);

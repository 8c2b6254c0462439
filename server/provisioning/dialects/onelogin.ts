import type { User } from "../../protocol";
import { CORE_USER, ENTERPRISE_USER, enterpriseOf, type ScimObject } from "../scim-user";
import { ON_EDIT_DEFAULTS } from "./defaults";
import { patchOf, quote } from "./flows";
import { CORE_GROUP, rfcGroupOps } from "./group-flow";
import { filterProbe } from "./matching";
import { ONELOGIN_RULES } from "./rules-onelogin";
import type { DialectSpec } from "./spec";
import { DEFAULT_HEADER_ORDER, type FlowContext } from "./types";
import { dialectFrom } from "./user-flow";

const CORE_V1 = "urn:scim:schemas:core:1.0";
const ENTERPRISE_V1 = "urn:scim:schemas:extension:enterprise:1.0";

/**
 * OneLogin renders its "SCIM JSON Template". The published Core and Enterprise templates use SCIM 1.0 URNs even
 * against a v2 base URL, and the Enterprise one sends emails as an object; vendors' v2 templates are plain 2.0.
 */
function oneloginUser(user: User, ctx: FlowContext): ScimObject {
  const name = {
    givenName: user.givenName,
    familyName: user.familyName,
    formatted: `${user.givenName} ${user.familyName}`,
  };
  const template = ctx.options.template ?? "v2-enterprise";
  if (template === "v1-core") return { schemas: [CORE_V1], userName: user.userName, name };
  if (template === "v1-enterprise") {
    const body: ScimObject = { schemas: [CORE_V1, ENTERPRISE_V1], userName: user.userName, name };
    if (user.email) body.emails = { value: user.email, type: "work", primary: true };
    if (user.title) body.title = user.title;
    body[ENTERPRISE_V1] = { department: user.department ?? "", employeeNumber: user.employeeNumber ?? "" };
    return body;
  }
  const body: ScimObject = { schemas: [CORE_USER, ENTERPRISE_USER], userName: user.userName, name };
  body.displayName = user.displayName ?? `${user.givenName} ${user.familyName}`;
  if (user.email) body.emails = [{ value: user.email, type: "work", primary: true }];
  if (user.phone) body.phoneNumbers = [{ value: user.phone, type: "work" }];
  if (user.title) body.title = user.title;
  const manager = user.managerId ? ctx.remoteIdOf(user.managerId) : null;
  const m = manager && user.managerId ? ctx.userOf(user.managerId) : undefined;
  const managerRef = manager
    ? { value: manager, displayName: m ? (m.displayName ?? `${m.givenName} ${m.familyName}`) : "" }
    : null;
  const enterprise = enterpriseOf(user, managerRef) ?? {};
  body[ENTERPRISE_USER] = enterprise;
  return body;
}

const oneloginSpec: DialectSpec = {
  profile: "onelogin",
  rules: ONELOGIN_RULES,
  headers: {
    // OneLogin's User-Agent and request Content-Type are not documented; these defaults say so by name.
    userAgent: "OneLogin SCIM (SCIMulator)",
    contentType: "application/json",
    accept: "application/json",
    connection: "keep-alive",
    order: DEFAULT_HEADER_ORDER,
  },
  // On Enable, OneLogin looks up a userName known not to exist; an empty list or a 404 both pass.
  // "An empty list or a 404 both pass" for the made-up userName (OneLogin docs, test-your-scim).
  testAccepts: { notFound: true },
  testConnection: (ctx) => ({
    method: "GET",
    path: "/Users",
    query: [["filter", `userName eq ${quote(`scimulator-test-${ctx.random.uuid()}@example.invalid`)}`]],
  }),
  probe: (user, ctx) => filterProbe(user, ctx),
  // The Core 1.0 template is documented without `active` (developers.onelogin.com/scim define-user-schema).
  createBody: (user, ctx) =>
    ctx.options.template === "v1-core"
      ? oneloginUser(user, ctx)
      : { ...oneloginUser(user, ctx), active: true },
  onConflict: "link",
  onMissing: "recreate",
  readBeforeUpdate: "probe",
  updateMethod: "PUT",
  options: ["template"],
  putBody: ({ user }, remoteId, _current, ctx) => ({
    ...oneloginUser(user, ctx),
    id: remoteId,
    active: user.active,
  }),
  // OneLogin never PATCHes users; an override to PATCH sends the whole template as one path-less replace.
  patchBody: (change, ctx) =>
    change.changed.length > 0 ? patchOf([{ op: "replace", value: oneloginUser(change.user, ctx) }]) : null,
  active: "in-put",
  activeOp: (active) => patchOf([{ op: "replace", path: "active", value: active }]),
  // "Suspend" is OneLogin's default answer to a deleted user; Delete and Do nothing are the other choices.
  defaults: ON_EDIT_DEFAULTS,
  // Create Group, then Patch Group for membership; the Patch Group body is not documented, so it is RFC deltas.
  groups: {
    probe: () => null,
    createBody: (group) => ({ schemas: [CORE_GROUP], displayName: group.displayName }),
    membersInCreate: false,
    updateOps: rfcGroupOps,
    onConflict: "link",
  },
};

export const onelogin = dialectFrom(oneloginSpec);

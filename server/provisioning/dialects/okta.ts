import { oktaId } from "../../idp-ids";
import type { User } from "../../protocol";
import {
  applyAttributeChanges,
  attributeChanges,
  CORE_USER,
  ENTERPRISE_USER,
  enterpriseOf,
  type ScimObject,
} from "../scim-user";
import { patchOf } from "./flows";
import { CORE_GROUP } from "./group-flow";
import { filterProbe } from "./matching";
import { OKTA_RULES } from "./rules-okta";
import type { DialectSpec } from "./spec";
import type { FlowContext } from "./types";
import { dialectFrom } from "./user-flow";

const oktaUserId = (user: User) => oktaId("00u", user.id);

/** Okta's user profile as its SCIM 2.0 template maps it (okta-docs/reference/scim/scim-20). */
function oktaUser(user: User, ctx: FlowContext): ScimObject {
  const body: ScimObject = {
    schemas: [CORE_USER],
    userName: user.userName,
    name: { givenName: user.givenName, familyName: user.familyName },
    emails: [{ primary: true, value: user.email ?? user.userName, type: "work" }],
    displayName: user.displayName ?? `${user.givenName} ${user.familyName}`,
    locale: user.locale ?? "en-US",
    // The Okta user's own id (00u…), which is also the `sub` of the tokens Okta issues at sign-in.
    externalId: oktaUserId(user),
  };
  if (user.title) body.title = user.title;
  if (user.phone) body.phoneNumbers = [{ value: user.phone, type: "work" }];
  // The enterprise extension appears only for attributes an admin has mapped; department, employee number and
  // manager are the common ones, so they are sent when set (unverified: see docs/dialects.md).
  const manager = user.managerId ? ctx.remoteIdOf(user.managerId) : null;
  const enterprise = enterpriseOf(user, manager ? { value: manager } : null);
  if (enterprise) {
    body.schemas = [CORE_USER, ENTERPRISE_USER];
    body[ENTERPRISE_USER] = enterprise;
  }
  return body;
}

function oktaSpec(aiw: boolean): DialectSpec {
  return {
    profile: aiw ? "okta-aiw" : "okta",
    rules: OKTA_RULES,
    // A real Okta client's PUT, as dumped in the Firezone SCIM prototype's README [3P]; the OIN SPEC test sends
    // Content-Type: application/json instead (options.contentType gives that form).
    headers: {
      userAgent: "Okta SCIM Client 1.0.0",
      contentType: "application/scim+json; charset=utf-8",
      accept: "application/scim+json",
      extra: { "Accept-Charset": "utf-8", "Accept-Encoding": "gzip,deflate" },
      connection: "Keep-Alive",
      order: [
        "Host",
        "Accept",
        "Accept-Charset",
        "Accept-Encoding",
        "Content-Type",
        "User-Agent",
        "Authorization",
        "Content-Length",
        "Connection",
      ],
    },
    testConnection: () => ({
      method: "GET",
      path: "/Users",
      query: [
        ["startIndex", "1"],
        ["count", "2"],
      ],
    }),
    // Saving "To App" also reads the app's groups, the cache Group Push decides create or link from
    // (Okta 1.1 ref [V]; field log A [3P]).
    alsoOnTest: () => [
      {
        method: "GET",
        path: "/Groups",
        query: [
          ["startIndex", "1"],
          ["count", "100"],
        ],
      },
    ],
    probe: (user, ctx) =>
      filterProbe(
        user,
        ctx,
        [
          ["startIndex", "1"],
          ["count", "100"],
        ],
        oktaUserId,
      ),
    // Okta sends a password with every create: the user's own under "Sync Password", a random one otherwise
    // (and when the user has none to sync).
    createBody: (user, ctx) => ({
      ...oktaUser(user, ctx),
      groups: [],
      password: ctx.passwordOf(user.id) ?? ctx.random.password(),
      active: true,
    }),
    // Okta documents a 409 as the answer that stops the import job for that user.
    onConflict: "fail",
    readBeforeUpdate: "get-by-id",
    updateMethod: "PUT",
    options: ["deleteGroups", "renameGroups", "passwordSync"],
    // Read-modify-write: the object the GET returned, with only the changed attributes edited, so what the
    // server holds and the directory does not (userType, name.middleName, emails[].display) survives the PUT
    // (okta-docs "Update a specific User (PUT)"; the Firezone README's captured PUTs [3P]).
    // Under "Sync Password" every PUT carries the directory password, which the read cannot return.
    putBody: (change, remoteId, current, ctx) => {
      const password = ctx.passwordOf(change.user.id);
      const synced = password === null ? {} : { password };
      const active = change.user.active;
      if (!current) return { ...oktaUser(change.user, ctx), id: remoteId, groups: [], ...synced, active };
      const managerRemoteId = change.user.managerId ? ctx.remoteIdOf(change.user.managerId) : null;
      const edited = applyAttributeChanges(
        current,
        attributeChanges(change.before, change.user, change.changed, { managerRemoteId }),
      );
      return { ...edited, id: remoteId, groups: edited.groups ?? [], ...synced, active };
    },
    onMissing: "stop",
    // Okta OIN apps only PATCH active and passwords; an override to PATCH gets RFC-style replace ops.
    patchBody: (change, ctx) => {
      const full = oktaUser(change.user, ctx);
      const ops = Object.entries(full)
        .filter(([key]) => key !== "schemas" && key !== "externalId")
        .map(([path, value]) => ({ op: "replace", path, value }));
      return change.changed.length > 0 ? patchOf(ops) : null;
    },
    active: aiw ? "in-put" : "pathless-patch",
    activeOp: (active) => patchOf([{ op: "replace", value: { active } }]),
    // OIN apps PATCH only for activate, deactivate and password sync; AIW apps PUT everything (okta-docs [V]).
    // The OIN body is not documented: this mirrors the documented path-less active PATCH [unverified].
    password: {
      alone: aiw ? "put" : "patch",
      op: (password) => patchOf([{ op: "replace", value: { password } }]),
    },
    // Okta never sends DELETE /Users, even for a deleted Okta user; a "delete" override is honoured all the same.
    defaults: {
      deprovision: "deactivate",
      mode: "on-edit",
      schedule: null,
      softDeleteDays: null,
      unassigned: "deactivate-only",
      quarantine: null,
      groupUnlinkOption: true,
    },
    // Push Groups. OIN: POST with no members, then PATCHes of member ops. AIW apps write groups by PUT
    // (okta-docs: "AIW group updates go by PUT"): the POST carries the members, then GET and PUT of the same
    // content; a rename or a membership change is a GET, then a PUT of the whole group (field logs A and B,
    // jelhub/scimgateway#95 [3P]).
    groups: {
      probe: () => null,
      createBody: (group, members) => ({
        schemas: [CORE_GROUP],
        displayName: group.displayName,
        members: aiw ? members.map((m) => ({ value: m.remoteId, display: m.display })) : [],
      }),
      membersInCreate: aiw,
      ...(aiw ? { update: "put" as const, confirmCreate: true } : {}),
      // A rename is its own PATCH, sent only while Push Groups' "Rename groups" is on (the default); membership
      // PATCHes carry only member ops (okta-docs "Update specific Group membership"; SCIM-SDK#419 [3P]).
      renameOps: ({ group, remoteId }, ctx) =>
        ctx.options.renameGroups === false
          ? null
          : [{ op: "replace", value: { id: remoteId, displayName: group.displayName } }],
      updateOps: ({ add, remove }) => [
        ...remove.map((m) => ({ op: "remove", path: `members[value eq ${JSON.stringify(m.remoteId)}]` })),
        ...(add.length > 0
          ? [
              {
                op: "add",
                path: "members",
                value: add.map((m) => ({ value: m.remoteId, display: m.display })),
              },
            ]
          : []),
      ],
      onConflict: "fail",
    },
  };
}

export const okta = dialectFrom(oktaSpec(false));
export const oktaAiw = dialectFrom(oktaSpec(true));

import type { User } from "../../protocol";
import {
  type AttributeChange,
  attributeChanges,
  CORE_USER,
  ENTERPRISE_USER,
  enterpriseOf,
  MANAGER_PATH,
  type ScimObject,
} from "../scim-user";
import { patchOf, quote } from "./flows";
import { CORE_GROUP } from "./group-flow";
import { filterProbe, matchFilter } from "./matching";
import { ENTRA_RULES } from "./rules-entra";
import type { DialectSpec } from "./spec";
import { DEFAULT_HEADER_ORDER, type FlowContext } from "./types";
import { dialectFrom } from "./user-flow";

const ADSCIM_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

/** Entra's default mapping names locale preferredLanguage; everything else keeps the neutral path. */
const entraPath = (path: string) => (path === "locale" ? "preferredLanguage" : path);

/** externalId ← mailNickname: the part of the mail address before the @. */
function mailNickname(user: User): string {
  return (user.email ?? user.userName).split("@")[0] ?? user.userName;
}

/** Entra's default user mapping for a custom app (entra-docs/use-scim-to-provision-users-and-groups.md). */
function entraUser(user: User): ScimObject {
  const body: ScimObject = {
    schemas: [CORE_USER, ENTERPRISE_USER],
    externalId: mailNickname(user),
    userName: user.userName,
    active: true,
    meta: { resourceType: "User" },
    name: {
      formatted: `${user.givenName} ${user.familyName}`,
      familyName: user.familyName,
      givenName: user.givenName,
    },
    displayName: user.displayName ?? `${user.givenName} ${user.familyName}`,
    roles: [],
  };
  if (user.email) body.emails = [{ primary: true, type: "work", value: user.email }];
  if (user.phone) body.phoneNumbers = [{ type: "work", value: user.phone }];
  if (user.title) body.title = user.title;
  if (user.locale) body.preferredLanguage = user.locale;
  // The manager is never in the create: Entra sends references in a separate PATCH.
  const enterprise = enterpriseOf(user, null);
  if (enterprise) body[ENTERPRISE_USER] = enterprise;
  return body;
}

/**
 * The manager op. Captured Entra traffic writes it in lower case with a bare string, whatever the rest of its
 * ops look like (Captain-P-Goldfish/SCIM-SDK#686, apache/directory-scimple#1242 [3P]); the older tutorial's
 * `Add` of `manager` with an array is option managerForm: "legacy-array" [V, old tutorial].
 */
function managerOp(remoteId: string, had: boolean, ctx: FlowContext): ScimObject {
  if (ctx.options.managerForm === "legacy-array")
    return { op: had ? "Replace" : "Add", path: "manager", value: [{ $ref: null, value: remoteId }] };
  return { op: had ? "replace" : "add", path: MANAGER_PATH, value: remoteId };
}

/**
 * Default Entra sends one op per attribute with capitalised names and never clears a value (known-issues: null
 * attributes are skipped). With aadOptscim062020 it uses lower-case ops, keeps filtered multi-valued paths
 * separate, and folds changed single values into one path-less replace with dotted keys.
 */
function entraOps(changes: AttributeChange[], flagged: boolean, ctx: FlowContext): ScimObject[] {
  const ops: ScimObject[] = [];
  const dotted: Record<string, unknown> = {};
  for (const change of changes) {
    if (change.value == null) continue;
    const path = entraPath(change.path);
    if (change.manager) ops.push(managerOp(String(change.value), change.had, ctx));
    else if (!flagged) ops.push({ op: change.had ? "Replace" : "Add", path, value: change.value });
    else if (change.multi || !change.had)
      ops.push({ op: change.had ? "replace" : "add", path, value: change.value });
    else dotted[path] = change.value;
  }
  if (Object.keys(dotted).length > 0) ops.push({ op: "replace", value: dotted });
  return ops;
}

function entraSpec(flagged: boolean): DialectSpec {
  const activeValue = (active: boolean, ctx: FlowContext) =>
    (ctx.options.activeAs ?? (flagged ? "boolean" : "string")) === "string"
      ? active
        ? "True"
        : "False"
      : active;
  return {
    profile: flagged ? "entra-scim062020" : "entra",
    rules: ENTRA_RULES,
    headers: {
      // Not documented by Microsoft; SCIM servers that detect Entra look for this string (public server code).
      userAgent: "Microsoft Azure AD SCIM provisioning",
      contentType: "application/scim+json; charset=utf-8",
      accept: "application/scim+json",
      connection: "Keep-Alive",
      order: DEFAULT_HEADER_ORDER,
    },
    // The random GUID must match nothing: "200 with an empty ListResponse" (entra-use: Test Connection).
    testAccepts: { emptyList: true },
    testConnection: (ctx) => ({
      method: "GET",
      path: "/Users",
      query: [["filter", matchFilter(ctx, null, ctx.random.uuid())]],
    }),
    // Test Connection also fetches a random group, by a GUID no group has (entra-use: Test Connection;
    // AzureAD/SCIMReferenceCode#63 [3P]).
    alsoOnTest: (ctx) => [
      {
        method: "GET",
        path: "/Groups",
        query: [
          ["excludedAttributes", "members"],
          ["filter", `displayName eq ${quote(ctx.random.uuid())}`],
        ],
      },
    ],
    // A random-GUID user query opens each activity, as in Test Connection (AzureAD/SCIMReferenceCode#63 [3P]).
    atCycleStart: (ctx) => [
      { method: "GET", path: "/Users", query: [["filter", matchFilter(ctx, null, ctx.random.uuid())]] },
    ],
    // Matched on the value its POST sends as externalId (mailNickname), so an update finds the user again.
    probe: (user, ctx) => filterProbe(user, ctx, [], mailNickname),
    createBody: (user) => entraUser(user),
    // Reference attributes go in a separate PATCH once the user exists.
    afterCreate: (user, remoteId, ctx) => {
      const manager = user.managerId ? ctx.remoteIdOf(user.managerId) : null;
      if (!manager) return [];
      return [
        {
          method: "PATCH",
          path: `/Users/${encodeURIComponent(remoteId)}`,
          body: patchOf([managerOp(manager, false, ctx)]),
        },
      ];
    },
    // Entra treats a 409 as a failure and retries it in later cycles, where it fails again: an account that
    // exists but did not match stays stuck (Microsoft Q&A 1151866). Testers need to see exactly that.
    onConflict: "fail",
    onMissing: "recreate",
    // filter=userName+eq+%22…%22 (AzureAD/SCIMReferenceCode#63, MicrosoftDocs/azure-docs#11784) [3P].
    querySpaces: "+",
    readBeforeUpdate: "probe",
    // Reference attributes are exported as further updates after the main one (entra-docs how-provisioning-works,
    // cycle step 6); the captured manager PATCH carries only the manager op [3P SCIM-SDK#686].
    referencesApart: true,
    updateMethod: "PATCH",
    options: ["activeAs", "managerForm", "softDeleteDays"],
    putBody: ({ user }, remoteId) => ({ ...entraUser(user), id: remoteId, active: user.active }),
    patchBody: (change, ctx) => {
      const managerRemoteId = change.user.managerId ? ctx.remoteIdOf(change.user.managerId) : null;
      const ops = entraOps(
        attributeChanges(change.before, change.user, change.changed, { managerRemoteId }),
        flagged,
        ctx,
      );
      // externalId follows mailNickname: a new mail address before the @ updates it (compat page sample).
      const nickname = mailNickname(change.user);
      if (change.changed.includes("email") && nickname !== mailNickname(change.before))
        ops.unshift({ op: flagged ? "replace" : "Replace", path: "externalId", value: nickname });
      return ops.length > 0 ? patchOf(ops) : null;
    },
    active: "in-patch",
    activeOp: (active, ctx) =>
      patchOf([{ op: flagged ? "replace" : "Replace", path: "active", value: activeValue(active, ctx) }]),
    // Incremental cycles run about every 40 minutes and the interval cannot be changed in Entra itself.
    // Escrow at 5,000 failures and 40 % (entra-docs: quarantine), scaled down so a local demo can reach it.
    defaults: {
      deprovision: "deactivate",
      mode: "schedule",
      schedule: "*/40 * * * *",
      softDeleteDays: 30,
      unassigned: "deactivate-only",
      quarantine: { minFailures: 5, ratio: 0.4 },
      groupUnlinkOption: false,
    },
    groups: {
      probe: (group) => ({
        method: "GET",
        path: "/Groups",
        query: [
          ["excludedAttributes", "members"],
          ["filter", `displayName eq ${quote(group.displayName)}`],
        ],
      }),
      // No members in the POST, and the legacy ADSCIM group schema beside the core one (entra-use: Create Group).
      createBody: (group) => ({
        schemas: [CORE_GROUP, ADSCIM_GROUP],
        externalId: group.id,
        displayName: group.displayName,
        meta: { resourceType: "Group" },
      }),
      membersInCreate: false,
      updateOps: ({ group, renamed, add, remove }) => {
        const ops: ScimObject[] = [];
        if (renamed)
          ops.push({ op: flagged ? "replace" : "Replace", path: "displayName", value: group.displayName });
        if (add.length > 0) {
          ops.push({
            op: flagged ? "add" : "Add",
            path: "members",
            value: add.map((m) => ({ $ref: null, value: m.remoteId })),
          });
        }
        if (remove.length > 0 && !flagged) {
          // As the tutorial's sample writes it: each value with "$ref": null (entra-use: Remove members).
          ops.push({
            op: "Remove",
            path: "members",
            value: remove.map((m) => ({ $ref: null, value: m.remoteId })),
          });
        }
        if (flagged)
          for (const m of remove)
            ops.push({ op: "remove", path: `members[value eq ${JSON.stringify(m.remoteId)}]` });
        return ops;
      },
      onConflict: "fail",
    },
  };
}

export const entra = dialectFrom(entraSpec(false));
export const entraScim062020 = dialectFrom(entraSpec(true));

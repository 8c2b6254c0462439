import type { Group } from "../../protocol";
import type { ScimObject } from "../scim-user";
import { createdId, describeFailure, firstListedId, ok, patchOf, stopOnConflict } from "./flows";
import type { Flow, FlowContext, GroupOperation, MemberRef, ScimRequest } from "./types";

export const CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** What distinguishes one IdP's group push. */
export interface GroupSpec {
  /** The lookup before a create, or null when the IdP just POSTs. */
  probe(group: Group): ScimRequest | null;
  createBody(group: Group, members: MemberRef[]): ScimObject;
  /** False when the IdP POSTs the group empty and adds members with a PATCH afterwards. */
  membersInCreate: boolean;
  /**
   * A rename as its own PATCH, sent before the membership ops (Okta's Push Groups with "Rename groups" on), or
   * undefined when the rename travels in the same PATCH as the members.
   */
  renameOps?(change: { group: Group; remoteId: string }, ctx: FlowContext): ScimObject[] | null;
  /** All ops of one membership or name change, sent as one PATCH. */
  updateOps(change: {
    group: Group;
    remoteId: string;
    renamed: boolean;
    add: MemberRef[];
    remove: MemberRef[];
  }): ScimObject[];
  onConflict: "link" | "fail";
  /**
   * How a linked group changes: deltas by PATCH (the default), or, as Okta's AIW apps do, a read of the group and
   * a PUT of the whole group, members included; `confirmCreate` then follows a create with the same GET and PUT.
   */
  update?: "patch" | "put";
  confirmCreate?: boolean;
}

/** The whole group, as a PUT carries it. */
function fullGroup(group: Group, remoteId: string, members: MemberRef[]): ScimObject {
  return {
    schemas: [CORE_GROUP],
    id: remoteId,
    displayName: group.displayName,
    members: members.map((m) => ({ value: m.remoteId, display: m.display })),
  };
}

const groupPath = (id: string) => `/Groups/${encodeURIComponent(id)}`;

function* createGroup(spec: GroupSpec, group: Group, members: MemberRef[]): Flow {
  const probe = spec.probe(group);
  if (probe) {
    const found = yield probe;
    if (!ok(found) && found.status !== 404) return describeFailure(found, "Looking up the group");
    const id = firstListedId(found);
    if (id) {
      // Linking adopts the group; its members are brought in line by a PATCH, as after a create.
      if (members.length > 0) {
        const body = patchOf(
          spec.updateOps({ group, remoteId: id, renamed: false, add: members, remove: [] }),
        );
        const res = yield { method: "PATCH", path: groupPath(id), body };
        if (!ok(res))
          return {
            outcome: "linked",
            remoteId: id,
            incomplete: describeFailure(res, "Adding the members").error,
          };
      }
      return { outcome: "linked", remoteId: id };
    }
  }
  const created = yield {
    method: "POST",
    path: "/Groups",
    body: spec.createBody(group, spec.membersInCreate ? members : []),
  };
  if (created.status === 409 && spec.onConflict === "link" && probe) {
    const again = yield probe;
    const id = ok(again) ? firstListedId(again) : null;
    if (id) return { outcome: "linked", remoteId: id };
  }
  if (!ok(created)) return stopOnConflict(spec, describeFailure(created, "Creating the group"));
  const remoteId = createdId(created);
  if (!remoteId)
    return { outcome: "failed", status: created.status, error: "Create returned no id in the response body" };
  if (spec.confirmCreate) {
    const read = yield { method: "GET", path: groupPath(remoteId) };
    if (!ok(read))
      return { outcome: "created", remoteId, incomplete: describeFailure(read, "Reading the group").error };
    const put = yield { method: "PUT", path: groupPath(remoteId), body: fullGroup(group, remoteId, members) };
    if (!ok(put))
      return { outcome: "created", remoteId, incomplete: describeFailure(put, "Writing the group").error };
  }
  if (!spec.membersInCreate && members.length > 0) {
    const res = yield {
      method: "PATCH",
      path: groupPath(remoteId),
      body: patchOf(spec.updateOps({ group, remoteId, renamed: false, add: members, remove: [] })),
    };
    if (!ok(res))
      return { outcome: "created", remoteId, incomplete: describeFailure(res, "Adding the members").error };
  }
  return { outcome: "created", remoteId };
}

/** The group is gone from the target: it is created again with every member it should hold, not just the new. */
function* recreateGroup(spec: GroupSpec, op: Extract<GroupOperation, { kind: "update" }>): Flow {
  const again = yield* createGroup(spec, op.group, op.members ?? op.add);
  if (again.outcome !== "created" && again.outcome !== "linked") return again;
  return {
    outcome: "recreated",
    remoteId: again.remoteId,
    ...(again.incomplete ? { incomplete: again.incomplete } : {}),
  };
}

function* groupFlow(spec: GroupSpec, op: GroupOperation, ctx: FlowContext): Flow {
  if (op.kind === "create") return yield* createGroup(spec, op.group, op.members);
  const remoteId = ctx.remoteId;
  if (op.kind === "delete") {
    if (!remoteId) return { outcome: "unchanged" };
    const res = yield { method: "DELETE", path: groupPath(remoteId) };
    return ok(res) || res.status === 404
      ? { outcome: "deleted" }
      : describeFailure(res, "Deleting the group");
  }
  if (!remoteId) return yield* createGroup(spec, op.group, op.members ?? op.add);
  if (spec.update === "put") {
    const read = yield { method: "GET", path: groupPath(remoteId) };
    if (read.status === 404) return yield* recreateGroup(spec, op);
    if (!ok(read)) return describeFailure(read, "Reading the group");
    const members = op.members ?? op.add;
    const put = yield {
      method: "PUT",
      path: groupPath(remoteId),
      body: fullGroup(op.group, remoteId, members),
    };
    if (put.status === 404) return yield* recreateGroup(spec, op);
    return ok(put) ? { outcome: "updated" } : describeFailure(put, "Writing the group");
  }
  const separateRename = spec.renameOps !== undefined;
  const renameOps =
    separateRename && op.renamed ? spec.renameOps?.({ group: op.group, remoteId }, ctx) : null;
  const ops = spec.updateOps({
    group: op.group,
    remoteId,
    renamed: op.renamed && !separateRename,
    add: op.add,
    remove: op.remove,
  });
  if (ops.length === 0 && !renameOps) return { outcome: "unchanged" };
  if (renameOps && renameOps.length > 0) {
    const renamed = yield { method: "PATCH", path: groupPath(remoteId), body: patchOf(renameOps) };
    if (!ok(renamed) && renamed.status !== 404) return describeFailure(renamed, "Renaming the group");
    if (renamed.status === 404) return yield* recreateGroup(spec, op);
  }
  if (ops.length === 0) return { outcome: "updated" };
  const res = yield { method: "PATCH", path: groupPath(remoteId), body: patchOf(ops) };
  if (res.status === 404) return yield* recreateGroup(spec, op);
  if (ok(res)) return { outcome: "updated" };
  // A removal-only PATCH answered noTarget (RFC 7644 §3.5.2.2) finds the members already gone: what the
  // directory wants already holds. It happens when a crash fell between the target's answer and the link update.
  const onlyRemovals = (!op.renamed || separateRename) && op.add.length === 0 && op.remove.length > 0;
  if (onlyRemovals && res.status === 400 && scimTypeOf(res) === "noTarget") return { outcome: "updated" };
  return describeFailure(res, "Updating the group");
}

function scimTypeOf(res: { body: unknown }): string | undefined {
  const body = res.body as { scimType?: unknown } | null;
  return body && typeof body === "object" && typeof body.scimType === "string" ? body.scimType : undefined;
}

export function groupFlowOf(spec: GroupSpec) {
  return (op: GroupOperation, ctx: FlowContext): Flow => groupFlow(spec, op, ctx);
}

/** RFC 7644 deltas: add the new members in one op, remove each old one by value filter; never a full replace. */
export function rfcGroupOps(change: {
  group: Group;
  renamed: boolean;
  add: MemberRef[];
  remove: MemberRef[];
}): ScimObject[] {
  const ops: ScimObject[] = [];
  if (change.renamed) ops.push({ op: "replace", path: "displayName", value: change.group.displayName });
  if (change.add.length > 0)
    ops.push({
      op: "add",
      path: "members",
      value: change.add.map((m) => ({ value: m.remoteId, display: m.display })),
    });
  for (const m of change.remove)
    ops.push({ op: "remove", path: `members[value eq ${JSON.stringify(m.remoteId)}]` });
  return ops;
}

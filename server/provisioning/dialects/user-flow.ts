import { MANAGER_PATH, type ScimObject } from "../scim-user";
import { createdId, describeFailure, firstListed, firstListedId, ok, patchOf, stopOnConflict } from "./flows";
import { groupFlowOf } from "./group-flow";
import type { DialectSpec, UserChange } from "./spec";
import type { Dialect, Flow, FlowContext, FlowResult, ScimRequest, UserOperation } from "./types";

const userPath = (id: string) => `/Users/${encodeURIComponent(id)}`;

/**
 * Probe, then link or POST; a 409 either links (probe again) or stops, as the spec says. `probed` is a match
 * query that has just come back empty; when it is the probe itself, it is not sent twice.
 */
function* create(spec: DialectSpec, op: UserOperation, ctx: FlowContext, probed?: ScimRequest): Flow {
  const user = op.user;
  const probe = spec.probe(user, ctx);
  if (!probed || JSON.stringify(probed) !== JSON.stringify(probe)) {
    const found = yield probe;
    if (!ok(found) && found.status !== 404) return describeFailure(found, "Looking up the user");
    const existing = firstListed(found);
    if (existing) return { outcome: "linked", remoteId: existing.id, found: existing };
  }
  const created = yield { method: "POST", path: "/Users", body: spec.createBody(user, ctx) };
  if (created.status === 409 && spec.onConflict === "link") {
    const again = yield probe;
    const existing = ok(again) ? firstListed(again) : null;
    if (existing) return { outcome: "linked", remoteId: existing.id, found: existing };
  }
  if (!ok(created)) return stopOnConflict(spec, describeFailure(created, "Creating the user"));
  const remoteId = createdId(created);
  if (!remoteId)
    return { outcome: "failed", status: created.status, error: "Create returned no id in the response body" };
  for (const request of spec.afterCreate?.(user, remoteId, ctx) ?? []) {
    // The account exists now; a failed follow-up is in the log and does not undo the link.
    yield request;
  }
  return { outcome: "created", remoteId, ...passwordSent(carriesPassword(spec, user.id, ctx)) };
}

function* recreate(spec: DialectSpec, op: UserOperation, ctx: FlowContext, probed?: ScimRequest): Flow {
  const again = yield* create(spec, op, ctx, probed);
  return again.outcome === "created" || again.outcome === "linked"
    ? { outcome: "recreated", remoteId: again.remoteId, ...passwordSent(again.passwordSent === true) }
    : again;
}

/** Whether this dialect's create and PUT bodies carry a password for the user (see DialectSpec.password). */
const carriesPassword = (spec: DialectSpec, userId: string, ctx: FlowContext) =>
  spec.password !== undefined && ctx.passwordOf(userId) !== null;

const passwordSent = (sent: boolean) => (sent ? { passwordSent: true } : {});

const isReference = (op: ScimObject) => op.path === MANAGER_PATH || op.path === "manager";

/**
 * One request of an update; a reference request's failure does not undo the change before it. `password`: it
 * carries the directory password.
 */
interface Write {
  request: ScimRequest;
  reference?: boolean;
  password?: boolean;
}

/** What changed, besides the attributes: `active`, and the password (only ever planned under password sync). */
interface Flags {
  active: boolean;
  password: boolean;
}

/** The requests that carry a change to a linked user, in the order the IdP sends them. */
function writes(
  spec: DialectSpec,
  change: UserChange,
  flags: Flags,
  remoteId: string,
  current: ScimObject | null,
  ctx: FlowContext,
): Write[] {
  const method = ctx.options.updateMethod ?? spec.updateMethod;
  const path = userPath(remoteId);
  const out: Write[] = [];
  const activeChanged = flags.active;
  const style =
    method === "PUT"
      ? spec.active === "pathless-patch"
        ? "pathless-patch"
        : "in-put"
      : spec.active === "in-put"
        ? "in-patch"
        : spec.active;
  const password = flags.password && spec.password ? ctx.passwordOf(change.user.id) : null;
  let passwordCarried = false;
  let references: ScimObject[] = [];
  if (method === "PUT") {
    const passwordAlone = password !== null && spec.password?.alone === "put";
    if (change.changed.length > 0 || (activeChanged && style === "in-put") || passwordAlone) {
      passwordCarried = carriesPassword(spec, change.user.id, ctx);
      out.push({
        request: { method: "PUT", path, body: spec.putBody(change, remoteId, current, ctx) },
        password: passwordCarried,
      });
    }
  } else {
    let ops = (spec.patchBody(change, ctx)?.Operations as ScimObject[] | undefined) ?? [];
    if (spec.referencesApart) {
      references = ops.filter(isReference);
      ops = ops.filter((op) => !isReference(op));
    }
    const withActive =
      activeChanged && style === "in-patch" ? [...ops, ...activeOps(spec, change.user.active, ctx)] : ops;
    if (withActive.length > 0) out.push({ request: { method: "PATCH", path, body: patchOf(withActive) } });
  }
  if (activeChanged && style === "pathless-patch")
    out.push({ request: { method: "PATCH", path, body: spec.activeOp(change.user.active, ctx) } });
  // After the active PATCH, so a reactivated account is enabled before it is given its new password.
  if (password !== null && !passwordCarried && spec.password)
    out.push({ request: { method: "PATCH", path, body: spec.password.op(password) }, password: true });
  if (references.length > 0)
    out.push({ request: { method: "PATCH", path, body: patchOf(references) }, reference: true });
  return out;
}

function activeOps(spec: DialectSpec, active: boolean, ctx: FlowContext): ScimObject[] {
  return (spec.activeOp(active, ctx).Operations as ScimObject[] | undefined) ?? [];
}

type Change = Exclude<UserOperation, { kind: "create" | "deprovision" }>;

/**
 * A linked user's change. When the target turns out not to have the account any more, an edit creates it again
 * (the directory still wants it) but a deprovisioning stops there: there is nothing left to switch off.
 */
function* update(
  spec: DialectSpec,
  op: Change,
  remoteIdIn: string,
  ctx: FlowContext,
  deprovisioning = false,
): Flow {
  const missing = (probed?: ScimRequest): Flow =>
    spec.onMissing === "stop" && !deprovisioning
      ? done({
          outcome: "failed",
          status: 404,
          stop: true,
          error: `The user ${op.user.userName} is gone from the app (404); ${spec.profile} stops the task and reports it, with no search and no new account; the next edit, sync or restart reads it again`,
        })
      : deprovisioning
        ? done({ outcome: "deactivated" })
        : recreate(spec, op, ctx, probed);
  const change: UserChange = {
    user: op.user,
    before: op.before,
    changed: op.changed.filter((f) => f !== "active" && f !== "password"),
  };
  const flags = { active: op.kind !== "update", password: op.changed.includes("password") };
  // Okta's read feeds the object it PUTs back; a password pushed on its own is a PATCH with nothing read into it.
  const passwordOnly =
    op.kind === "update" && change.changed.length === 0 && spec.password?.alone === "patch";
  let remoteId = remoteIdIn;
  let current: ScimObject | null = null;
  if (spec.readBeforeUpdate === "probe") {
    // Match on what the target holds now, so a rename still finds the account.
    const match = spec.probe(op.before, ctx);
    const found = yield match;
    if (!ok(found) && found.status !== 404) return describeFailure(found, "Looking up the user");
    const id = firstListedId(found);
    // The create that follows need not send the very query that just came back empty.
    if (!id) return yield* missing(match);
    remoteId = id;
  } else if (spec.readBeforeUpdate === "get-by-id" && !passwordOnly) {
    const read = yield { method: "GET", path: userPath(remoteId) };
    if (read.status === 404) return yield* missing();
    if (!ok(read)) return describeFailure(read, "Reading the user");
    current = read.body && typeof read.body === "object" ? (read.body as ScimObject) : null;
  }
  const requests = writes(spec, change, flags, remoteId, current, ctx);
  if (requests.length === 0) return { outcome: "unchanged" };
  let referenceFailed: { error: string; status: number } | undefined;
  for (const { request, reference } of requests) {
    const res = yield request;
    if (res.status === 404) return yield* missing();
    if (ok(res)) continue;
    if (reference) {
      referenceFailed = { error: describeFailure(res, "Setting the manager").error, status: res.status };
      continue;
    }
    return describeFailure(
      res,
      op.kind === "update" ? "Updating the user" : `Setting active to ${op.user.active}`,
    );
  }
  const sent = passwordSent(requests.some((w) => w.password));
  const result: FlowResult = {
    outcome: op.kind === "update" ? "updated" : op.kind === "deactivate" ? "deactivated" : "reactivated",
    ...(referenceFailed ? { referenceFailed } : {}),
    ...sent,
  };
  return remoteId === remoteIdIn ? result : { outcome: "recreated", remoteId, ...sent };
}

function* userFlow(spec: DialectSpec, op: UserOperation, ctx: FlowContext): Flow {
  if (op.kind === "create") return yield* create(spec, op, ctx);
  const remoteId = ctx.remoteId;
  if (op.kind !== "deprovision")
    return remoteId ? yield* update(spec, op, remoteId, ctx) : yield* create(spec, op, ctx);
  if (!remoteId || op.action === "none") return { outcome: "unchanged" };
  if (op.action === "delete") {
    const res = yield { method: "DELETE", path: userPath(remoteId) };
    // Already gone is what was wanted.
    return ok(res) || res.status === 404 ? { outcome: "deleted" } : describeFailure(res, "Deleting the user");
  }
  if (!op.user.active) return { outcome: "unchanged" };
  const off: Change = {
    kind: "deactivate",
    user: { ...op.user, active: false },
    before: op.user,
    changed: ["active"],
  };
  const result = yield* update(spec, off, remoteId, ctx, true);
  return result.outcome === "recreated" ? { outcome: "deactivated" } : result;
}

// biome-ignore lint/correctness/useYield: a flow that sends nothing more is still a flow
function* done(result: FlowResult): Flow {
  return result;
}

export function dialectFrom(spec: DialectSpec): Dialect {
  return {
    profile: spec.profile,
    headers: spec.headers,
    defaults: spec.defaults,
    updateMethod: spec.updateMethod,
    options: spec.options,
    querySpaces: spec.querySpaces ?? "%20",
    testConnection: (ctx) => spec.testConnection(ctx),
    alsoOnTest: (ctx) => spec.alsoOnTest?.(ctx) ?? [],
    testAccepts: spec.testAccepts ?? {},
    atCycleStart: (ctx) => spec.atCycleStart?.(ctx) ?? [],
    userFlow: (op, ctx) => userFlow(spec, op, ctx),
    groupFlow: groupFlowOf(spec.groups),
    rules: spec.rules,
  };
}

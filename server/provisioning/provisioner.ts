import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../clock";
import type { Directory } from "../directory/directory";
import { redactText, secretsOf } from "../log/redact";
import { Problem } from "../problem";
import type { DirectoryEvent, ExchangeCause, Target, User } from "../protocol";
import type { Targets } from "../targets/targets";
import { dialectFor } from "./dialects";
import type {
  Flow,
  FlowContext,
  FlowResult,
  GroupOperation,
  MemberRef,
  UserOperation,
} from "./dialects/types";
import { failureKind } from "./failure-kind";
import { createKeyedQueue } from "./keyed-queue";
import type { Links } from "./links";
import type { Outbox } from "./outbox";
import { type DesiredUser, type PlanPolicy, planGroup, planUser } from "./plan";
import { fromScimUser, userDifferences } from "./scim-user";
import { type Scope, scopeOf } from "./scope";
import type { Send } from "./send";

/**
 * First retry of failed on-edit work after 5 simulated seconds, doubling, for five quick runs in all; after that
 * the sweep retries it every few simulated minutes, so an outage of any length converges without a person.
 */
const RETRY_BASE_MS = 5_000;
const ON_EDIT_ATTEMPTS = 5;
export const DEFAULT_SWEEP_MINUTES = 5;

const liveRandom: FlowContext["random"] = {
  uuid: () => randomUUID(),
  // Okta sends a random password with each create unless password sync is on.
  password: () => randomBytes(6).toString("base64url"),
};

type Outcome = Exclude<FlowResult["outcome"], "recreated"> | "skipped";
export interface JobResult {
  outcome: Outcome;
  error?: string;
  /** The HTTP status of the failure (0 when nothing answered). */
  status?: number;
  /** The dialect ended the task (Okta after a 409): kept in the outbox, but not retried on its own. */
  stop?: boolean;
}

/** How often an on-edit target sweeps its failed work, in simulated ms (target option `sweepMinutes`). */
const sweepMs = (target: Target) => (target.options?.sweepMinutes ?? DEFAULT_SWEEP_MINUTES) * 60_000;

export type Provisioner = ReturnType<typeof createProvisioner>;

/**
 * The engine: for each target, plan what a user or group needs, let the target's dialect turn that into
 * exchanges, send them, and remember what was pushed. One resource's work on one target is serialised; different
 * resources run side by side up to a bound.
 */
export function createProvisioner(deps: {
  directory: Directory;
  targets: Targets;
  links: Links;
  outbox: Outbox;
  clock: Clock;
  send: Send;
  concurrency: number;
}) {
  const { directory, targets, links, outbox, clock, send } = deps;
  const queues = new Map<string, ReturnType<typeof createKeyedQueue>>();
  const queueFor = (targetId: string) => {
    let queue = queues.get(targetId);
    if (!queue) {
      queue = createKeyedQueue(deps.concurrency);
      queues.set(targetId, queue);
    }
    return queue;
  };

  const scope = (target: Target): Scope => scopeOf(target, directory.listUsers(), directory.listGroups());

  /**
   * A scenario run's own target provisions only the users and groups the run created (its claims), and no other
   * target touches those. Both are skipped, not put out of scope, so nothing is deprovisioned on their account.
   */
  const claims = new Map<string, string>();
  const owners = new Set<string>();
  const leftAlone = (targetId: string, id: string): boolean => {
    const owner = claims.get(id);
    return owner ? owner !== targetId : owners.has(targetId);
  };

  /** The remote id of a user who is on the target and not deprovisioned there. */
  function liveRemoteId(targetId: string, userId: string): string | null {
    const link = links.get(targetId, userId);
    return link && !link.deprovisioned ? link.remoteId : null;
  }

  function policyOf(target: Target): PlanPolicy {
    const options = target.options ?? {};
    const dialect = dialectFor(target.profile);
    const softDeleteDays =
      options.softDeleteDays !== undefined ? options.softDeleteDays : dialect.defaults.softDeleteDays;
    // Okta and Entra only ever disable a user who loses the assignment; OneLogin and rfc follow the target's choice.
    const onlyDisables = target.profile.startsWith("okta") || target.profile.startsWith("entra");
    const unassigned = onlyDisables && target.deprovision === "delete" ? "deactivate" : target.deprovision;
    return { deprovision: target.deprovision, unassigned, softDeleteDays, now: clock.now() };
  }

  function flowContext(target: Target, remoteId: string | null): FlowContext {
    return {
      remoteId,
      remoteIdOf: (id) => liveRemoteId(target.id, id),
      userOf: (id) => directory.findUser(id),
      options: target.options ?? {},
      random: liveRandom,
    };
  }

  async function drive(target: Target, flow: Flow, cause: ExchangeCause, note?: string): Promise<FlowResult> {
    const dialect = dialectFor(target.profile);
    let step = flow.next();
    let first = true;
    while (!step.done) {
      const response = await send(target, dialect, step.value, cause, first ? note : undefined);
      first = false;
      step = flow.next(response);
    }
    return step.value;
  }

  function desiredUser(target: Target, userId: string, inScope: Set<string>): DesiredUser {
    const user = directory.findUser(userId);
    const managerInScope = user?.managerId ? inScope.has(user.managerId) : false;
    return {
      user,
      inScope: inScope.has(userId),
      managerRemoteId: user?.managerId && managerInScope ? liveRemoteId(target.id, user.managerId) : null,
    };
  }

  /** Why a manager reference was left out of what is about to be sent, for the log. */
  function managerNote(target: Target, user: User | undefined, inScope: Set<string>): string | undefined {
    if (!user?.managerId) return undefined;
    const manager = directory.findUser(user.managerId);
    const name = manager ? `${manager.userName} (${manager.id})` : user.managerId;
    if (!inScope.has(user.managerId))
      return `manager ${name} is not in this target's scope; the manager reference is left out`;
    if (!liveRemoteId(target.id, user.managerId))
      return `manager ${name} is not on the target yet; the reference follows once it is`;
    return undefined;
  }

  /** What one user needs on one target right now; shared by the jobs and the dry run. */
  function planUserOn(target: Target, userId: string, purge = false) {
    const inScope = scope(target).users;
    const desired = desiredUser(target, userId, inScope);
    const link = links.get(target.id, userId);
    const op: UserOperation | null = leftAlone(target.id, userId)
      ? null
      : purge && link?.deprovisioned && !desired.user
        ? { kind: "deprovision", user: link.pushed, action: "delete" }
        : planUser(desired, link, policyOf(target));
    return { op, desired, link, inScope };
  }

  async function provisionUser(
    target: Target,
    userId: string,
    cause: ExchangeCause,
    purge: boolean,
  ): Promise<JobResult> {
    const { op, desired, link, inScope } = planUserOn(target, userId, purge);
    if (!op) return { outcome: "skipped" };
    const note = op.kind === "deprovision" ? undefined : managerNote(target, desired.user, inScope);
    const result = await drive(
      target,
      dialectFor(target.profile).userFlow(op, flowContext(target, link?.remoteId ?? null)),
      cause,
      note,
    );
    const at = new Date().toISOString();
    const user = desired.user;
    switch (result.outcome) {
      case "failed":
        return { outcome: "failed", error: result.error, status: result.status, stop: result.stop === true };
      case "deleted":
        await links.remove(target.id, userId);
        break;
      case "created":
      case "linked":
      case "recreated":
        if (!user) break;
        await links.set(target.id, userId, {
          remoteId: result.remoteId,
          // A linked account holds what it held, not what the directory says: record that as pushed, and the
          // update planned next brings it in line, as an IdP does after matching an existing account.
          pushed: result.found ? { ...user, ...fromScimUser(result.found) } : user,
          managerRemoteId: desired.managerRemoteId,
          at,
        });
        if (result.found && userDifferences(user, fromScimUser(result.found)).length > 0) {
          const followUp = await provisionUser(target, userId, cause, false);
          if (followUp.outcome === "failed") return followUp;
        }
        break;
      default:
        if (link && op.kind === "deprovision") {
          const pushed = { ...link.pushed, active: false };
          await links.set(target.id, userId, {
            ...link,
            pushed,
            deprovisioned: true,
            deprovisionedAt: new Date(clock.now()).toISOString(), // the soft-delete window runs on the simulated clock
            at,
          });
        } else if (link && user) {
          await links.set(target.id, userId, {
            remoteId: link.remoteId,
            pushed: user,
            managerRemoteId: desired.managerRemoteId,
            at,
          });
        }
    }
    afterUserChange(target, userId, cause);
    return { outcome: result.outcome === "recreated" ? "created" : result.outcome };
  }

  /**
   * What a user's change means for others on the same target: reports waiting for this manager, and groups whose
   * pushed members should now include or drop this user.
   */
  function afterUserChange(target: Target, userId: string, cause: ExchangeCause): void {
    for (const report of directory.listUsers()) {
      if (report.managerId !== userId) continue;
      const link = links.get(target.id, report.id);
      if (link && !link.deprovisioned && (link.managerRemoteId ?? null) !== liveRemoteId(target.id, userId)) {
        void enqueueUser(target, report.id, { ...cause, userId: report.id });
      }
    }
    const groupIds = new Set(
      directory
        .listGroups()
        .filter((g) => g.members.includes(userId))
        .map((g) => g.id),
    );
    for (const [groupId, link] of Object.entries(links.allGroups(target.id))) {
      if (link.pushed.members.some((m) => m.userId === userId)) groupIds.add(groupId);
    }
    for (const groupId of groupIds) void enqueueGroup(target, groupId, { type: cause.type, groupId });
  }

  function planGroupOn(target: Target, groupId: string) {
    const current = scope(target);
    const group = directory.findGroup(groupId);
    const link = links.getGroup(target.id, groupId);
    const members: MemberRef[] = (group?.members ?? []).flatMap((userId) => {
      const user = directory.findUser(userId);
      const remoteId = current.users.has(userId) ? liveRemoteId(target.id, userId) : null;
      return user && remoteId ? [{ userId, remoteId, display: user.userName }] : [];
    });
    const op: GroupOperation | null = leftAlone(target.id, groupId)
      ? null
      : planGroup({ group, inScope: current.groups.has(groupId), members }, link);
    return { op, group, link, members };
  }

  async function provisionGroup(target: Target, groupId: string, cause: ExchangeCause): Promise<JobResult> {
    const { op, group, link, members } = planGroupOn(target, groupId);
    if (!op) return { outcome: "skipped" };
    if (
      op.kind === "delete" &&
      !group &&
      target.profile.startsWith("okta") &&
      target.options?.deleteGroups === false
    ) {
      // Okta's "unlink pushed group" without "delete the group in the target app".
      await links.removeGroup(target.id, groupId);
      return { outcome: "skipped" };
    }
    const result = await drive(
      target,
      dialectFor(target.profile).groupFlow(op, flowContext(target, link?.remoteId ?? null)),
      cause,
    );
    const at = new Date().toISOString();
    switch (result.outcome) {
      case "failed":
        return { outcome: "failed", error: result.error, status: result.status, stop: result.stop === true };
      case "deleted":
        await links.removeGroup(target.id, groupId);
        break;
      case "created":
      case "linked":
      case "recreated":
        if (group) {
          const pushed = { displayName: group.displayName, members: result.incomplete ? [] : members };
          await links.setGroup(target.id, groupId, { remoteId: result.remoteId, pushed, at });
        }
        if (result.incomplete) return { outcome: "failed", error: result.incomplete };
        break;
      default:
        if (link && group)
          await links.setGroup(target.id, groupId, {
            ...link,
            pushed: { displayName: group.displayName, members },
            at,
          });
    }
    return { outcome: result.outcome === "recreated" ? "created" : result.outcome };
  }

  /**
   * Every job is in the outbox before it runs and leaves it only when it succeeded; a failure stays, with a
   * backoff, for the retry loop (on-edit targets) or the next cycle (scheduled and manual ones).
   */
  function enqueueJob(
    target: Target,
    key: string,
    cause: ExchangeCause,
    job: (current: Target) => Promise<JobResult>,
  ): Promise<JobResult> {
    let result: JobResult = { outcome: "skipped" };
    const recorded = outbox.add(target.id, key, cause);
    const done = queueFor(target.id).push(key, async () => {
      await recorded;
      // The target may have been edited or removed while the job waited.
      const current = targets.list().find((t) => t.id === target.id);
      if (!current) return;
      result = await job(current);
      if (result.outcome !== "failed") {
        await outbox.succeeded(target.id, key);
        return;
      }
      // Error texts quote what the target answered, and a target may echo the credentials it was sent.
      const error = redactText(result.error ?? "failed", secretsOf(current));
      result = { ...result, error };
      const kind = failureKind(result.status);
      if (kind === "permanent") {
        await outbox.giveUp(target.id, key, result.status ?? 0, error);
        return;
      }
      // Never further out than the sweep: a long backoff must not park work beyond the next sweep.
      const backoff = (attempts: number) =>
        clock.now() +
        Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), sweepMs(current)) * (1 + Math.random() / 2);
      await outbox.failed(
        target.id,
        key,
        error,
        backoff,
        result.stop === true || kind === "auth",
        result.status,
      );
    });
    return done.then(() => result);
  }

  const enqueueUser = (target: Target, userId: string, cause: ExchangeCause, purge = false) =>
    enqueueJob(target, `user:${userId}`, cause, (current) => provisionUser(current, userId, cause, purge));
  const enqueueGroup = (target: Target, groupId: string, cause: ExchangeCause) =>
    enqueueJob(target, `group:${groupId}`, cause, (current) => provisionGroup(current, groupId, cause));

  function enqueueKey(target: Target, key: string, cause: ExchangeCause): Promise<JobResult> {
    const [kind, id = ""] = key.split(/:(.*)/s);
    return kind === "group" ? enqueueGroup(target, id, cause) : enqueueUser(target, id, cause);
  }

  /**
   * On-edit targets retry failed work on their own, with exponential backoff on the simulated clock and a bound
   * on attempts; after that the work waits in the outbox for the next edit, sync or restart.
   */
  function retryDue(): void {
    const now = clock.now();
    const sweeping = new Set<string>();
    for (const target of targets.list()) {
      if (target.mode !== "on-edit") continue;
      const last = lastSweep.get(target.id) ?? started;
      if (now - last >= sweepMs(target)) {
        sweeping.add(target.id);
        lastSweep.set(target.id, now);
      }
    }
    const entries = outbox.entries();
    // A target that refused the credentials gets no retries at all: each would be refused the same way.
    const refused = new Set(
      entries.filter((e) => e.stopped && failureKind(e.status) === "auth").map((e) => e.targetId),
    );
    for (const entry of entries) {
      const target = targets.list().find((t) => t.id === entry.targetId);
      if (target?.mode !== "on-edit" || entry.attempts === 0 || entry.stopped || refused.has(target.id))
        continue;
      if (queueFor(target.id).has(entry.key)) continue;
      const quick = entry.attempts < ON_EDIT_ATTEMPTS && entry.notBefore <= now;
      if (!quick && !sweeping.has(target.id)) continue;
      const first = entry.cause.type.replace(/^(?:retry|sweep|resume):/, "");
      void enqueueKey(target, entry.key, { ...entry.cause, type: `${quick ? "retry" : "sweep"}:${first}` });
    }
  }
  const started = clock.now();
  const lastSweep = new Map<string, number>();
  const tracked = new Set<Promise<void>>();
  const retryTimer = setInterval(retryDue, 500);
  retryTimer.unref();

  function onDirectoryEvent(event: DirectoryEvent): void {
    if (event.type === "user.created" && event.claimedBy) claims.set(event.user.id, event.claimedBy);
    if (event.type === "group.created" && event.claimedBy) claims.set(event.group.id, event.claimedBy);
    for (const target of targets.list()) {
      if (target.mode !== "on-edit") continue;
      if ("user" in event) {
        void enqueueUser(target, event.user.id, { type: event.type, userId: event.user.id });
        continue;
      }
      const cause = { type: event.type, groupId: event.group.id };
      if (
        event.type === "group.members_changed" &&
        target.scope === "assigned" &&
        target.assigned.groups.includes(event.group.id)
      ) {
        // Membership of an assigned group is assignment: these users enter or leave scope.
        for (const userId of [...event.added, ...event.removed])
          void enqueueUser(target, userId, { ...cause, userId });
      }
      if (event.type === "group.deleted" && target.scope === "assigned") {
        for (const userId of event.group.members) void enqueueUser(target, userId, { ...cause, userId });
      }
      void enqueueGroup(target, event.group.id, cause);
    }
  }

  /** Managers before their reports, so a create can carry the manager reference. */
  function managementWaves(userIds: string[]): string[][] {
    const depth = new Map<string, number>();
    const depthOf = (id: string, seen: Set<string>): number => {
      const known = depth.get(id);
      if (known !== undefined) return known;
      const managerId = directory.findUser(id)?.managerId;
      const d =
        managerId && !seen.has(managerId) && directory.findUser(managerId)
          ? depthOf(managerId, new Set([...seen, id])) + 1
          : 0;
      depth.set(id, d);
      return d;
    };
    const waves: string[][] = [];
    for (const id of userIds) {
      const d = depthOf(id, new Set());
      waves[d] = [...(waves[d] ?? []), id];
    }
    return waves.filter(Boolean);
  }

  return {
    onDirectoryEvent,
    planUserOn,
    planGroupOn,
    enqueueUser,
    enqueueGroup,
    enqueueKey,
    managementWaves,
    flowContext,

    /** From now on the target provisions only the users and groups created with its claim (a scenario run). */
    claimFor(targetId: string): void {
      owners.add(targetId);
    },

    /** Gives a target's claimed users and groups back to every target, and it back to all (its run has ended). */
    releaseClaims(targetId: string): void {
      owners.delete(targetId);
      for (const [id, owner] of claims) if (owner === targetId) claims.delete(id);
    },

    /** Picks up what a previous run left in the outbox: work planned or failed before a stop or a crash. */
    resume(): void {
      for (const entry of outbox.entries()) {
        const target = targets.list().find((t) => t.id === entry.targetId);
        if (target)
          void enqueueKey(target, entry.key, { ...entry.cause, type: `resume:${entry.cause.type}` });
      }
    },

    stop(): void {
      clearInterval(retryTimer);
    },

    /** Entra's "provision on demand": one user, now, whatever the target's mode. */
    async provisionOne(targetId: string, userId: string): Promise<JobResult> {
      const target = targets.get(targetId);
      directory.getUser(userId);
      return enqueueUser(target, userId, { type: "provision-on-demand", userId });
    },

    /** The IdP's "Test connection": the dialect's probe request, sent and judged. */
    async testConnection(targetId: string): Promise<{ ok: boolean; status: number; detail: string }> {
      const target = targets.get(targetId);
      const dialect = dialectFor(target.profile);
      const response = await send(target, dialect, dialect.testConnection(flowContext(target, null)), {
        type: "test-connection",
      });
      const passed = (response.status >= 200 && response.status < 300) || response.status === 404;
      const detail =
        response.status === 0
          ? `No response (${response.error ?? "no answer"}): check the base URL and that the server is running`
          : response.status === 401 || response.status === 403
            ? `HTTP ${response.status}: the target refused the credentials; check the token or password`
            : passed
              ? `HTTP ${response.status}: the target answered as ${dialect.profile} expects`
              : `HTTP ${response.status}: unexpected answer; the log has the response body`;
      return { ok: passed, status: response.status, detail };
    },

    /**
     * Entra's "delete permanently": DELETE the soft-deleted users now instead of when the window ends. With a
     * userId, only that user.
     */
    async purge(targetId: string, userId?: string): Promise<{ deleted: number; failed: number }> {
      const target = targets.get(targetId);
      const ids = Object.entries(links.all(targetId))
        .filter(
          ([id, link]) =>
            link.deprovisioned && !directory.findUser(id) && (userId === undefined || id === userId),
        )
        .map(([id]) => id);
      if (userId !== undefined && ids.length === 0) {
        throw directory.findUser(userId)
          ? new Problem("conflict", `User "${userId}" is still in the directory; delete it first, then purge`)
          : new Problem(
              "not_found",
              `No deleted user "${userId}" waits for purge on target "${target.name}"`,
            );
      }
      const results = await Promise.all(
        ids.map((id) => enqueueUser(target, id, { type: "purge", userId: id }, true)),
      );
      return {
        deleted: results.filter((r) => r.outcome === "deleted").length,
        failed: results.filter((r) => r.outcome === "failed").length,
      };
    },

    /**
     * Counts work that will enqueue jobs but has not yet (a cycle still reading the target or saving its start),
     * so that idle() does not report a settled state in that gap.
     */
    track(work: Promise<unknown>): void {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      tracked.add(settled);
      void settled.then(() => tracked.delete(settled));
    },

    /** Waits for all queued and tracked work on every target: for shutdown and for tests that need a settled state. */
    async idle(): Promise<void> {
      // Jobs enqueue follow-ups (a manager's reports, a member's groups), so settle until nothing is left.
      while (tracked.size > 0 || [...queues.values()].some((q) => q.size() > 0))
        await Promise.all([...tracked, ...[...queues.values()].map((q) => q.idle())]);
    },
  };
}

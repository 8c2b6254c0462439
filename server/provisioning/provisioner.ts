import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../clock";
import type { DirectoryEvent, ExchangeCause, JobResult, Target } from "../protocol";
import type { Targets } from "../targets/targets";
import { nextGroupLink, nextUserLink } from "./apply";
import type { Claims } from "./claims";
import { desiredGroup, desiredUser, managerNote, policyOf, syncsPasswords } from "./desired";
import { dialectFor } from "./dialects";
import type { Flow, FlowContext, GroupOperation, UserOperation } from "./dialects/types";
import { createFollowUps } from "./follow-ups";
import { createJobs } from "./jobs";
import type { Links } from "./links";
import type { Outbox } from "./outbox";
import { planGroup, planUser } from "./plan";
import { runFlow } from "./run-flow";
import { fromScimUser, userDifferences } from "./scim-user";
import type { Send } from "./send";
import { createViews, type DirectoryReader } from "./views";

const liveRandom: FlowContext["random"] = {
  uuid: () => randomUUID(),
  // Okta sends a random password with each create unless it has the user's own to sync.
  password: () => randomBytes(6).toString("base64url"),
};

const settled = (outcome: "recreated" | JobResult["outcome"]): JobResult["outcome"] =>
  outcome === "recreated" ? "created" : outcome;

export type Provisioner = ReturnType<typeof createProvisioner>;

/**
 * The engine's story for one resource on one target: plan what the directory wants against what was pushed, let
 * the target's dialect turn that into exchanges, send them, and apply the result to the links. Queueing, the
 * outbox and retries are the jobs stage; what the directory wants is the desired stage.
 */
export function createProvisioner(deps: {
  directory: DirectoryReader;
  targets: Targets;
  links: Links;
  outbox: Outbox;
  clock: Clock;
  send: Send;
  claims: Claims;
  /** Sockets per target unless its `concurrency` option says otherwise. */
  concurrency: number;
}) {
  const { directory, targets, links, clock, send, claims } = deps;
  const views = createViews(directory, links);
  const { tracked, ...followUps } = createFollowUps();
  const jobs = createJobs({
    outbox: deps.outbox,
    targets,
    clock,
    sockets: deps.concurrency,
    work: (target, key, cause) => {
      const [kind, id = ""] = key.split(/:(.*)/s);
      return kind === "group" ? provisionGroup(target, id, cause) : provisionUser(target, id, cause, false);
    },
  });

  // A flow's look-ups, made once per target object rather than per flow: the TypeScript loader names each arrow
  // as it is made, and three per user were 3% of the engine's thread in a cycle. They read the target when called.
  const lookups = new WeakMap<Target, Pick<FlowContext, "remoteIdOf" | "userOf" | "passwordOf">>();
  function flowContext(target: Target, remoteId: string | null): FlowContext {
    let found = lookups.get(target);
    if (!found) {
      found = {
        remoteIdOf: (id) => {
          const link = links.get(target.id, id);
          return link && !link.deprovisioned ? link.remoteId : null;
        },
        userOf: (id) => directory.findUser(id),
        passwordOf: (id) => (syncsPasswords(target) ? directory.passwordOf(id) : null),
      };
      lookups.set(target, found);
    }
    return {
      remoteId,
      remoteIdOf: found.remoteIdOf,
      userOf: found.userOf,
      options: target.options ?? {},
      passwordOf: found.passwordOf,
      random: liveRandom,
    };
  }

  /** `secrets`: what the log must not show even where a target quotes it back (a password it refused). */
  const drive = (target: Target, flow: Flow, cause: ExchangeCause, note?: string, secrets: string[] = []) => {
    const dialect = dialectFor(target.profile);
    let first = true;
    return runFlow(flow, (request) => {
      const sent = send(target, dialect, request, cause, first ? note : undefined, secrets);
      first = false;
      return sent;
    });
  };

  /** What one user needs on one target right now; shared by the jobs and the dry run. */
  function planUserOn(target: Target, userId: string, purge = false, view = views.viewOf(target)) {
    const desired = desiredUser(view, userId);
    const link = links.get(target.id, userId);
    const op: UserOperation | null = claims.leftAlone(target.id, userId)
      ? null
      : purge && link?.deprovisioned && !desired.user
        ? { kind: "deprovision", user: link.pushed, action: "delete" }
        : planUser(desired, link, policyOf(target, clock.now()));
    return { op, desired, link, view };
  }

  /**
   * Whether a resource needs nothing on the target, for a cycle to count it with no job: one view for the whole
   * pass, as the directory stands when the pass reads it.
   */
  function idleOn(target: Target) {
    const view = views.viewOf(target);
    return {
      user: (userId: string) => planUserOn(target, userId, false, view).op === null,
      group: (groupId: string) => planGroupOn(target, groupId).op === null,
    };
  }

  async function provisionUser(
    target: Target,
    userId: string,
    cause: ExchangeCause,
    purge: boolean,
  ): Promise<JobResult> {
    const { op, desired, link, view } = planUserOn(target, userId, purge);
    if (!op) return { outcome: "skipped" };
    const note = op.kind === "deprovision" ? undefined : managerNote(view, desired.user);
    const ctx = flowContext(target, link?.remoteId ?? null);
    const password = ctx.passwordOf(userId);
    const flow = dialectFor(target.profile).userFlow(op, ctx);
    const result = await drive(target, flow, cause, note, password === null ? [] : [password]);
    if (result.outcome === "failed")
      return { outcome: "failed", error: result.error, status: result.status, stop: result.stop === true };
    // A refused manager leaves the rest of the change in place; the manager is recorded as not sent, so the next
    // change sends it again, in its own request.
    const refused = "referenceFailed" in result ? result.referenceFailed : undefined;
    const pushedUser =
      refused && desired.user ? { ...desired.user, managerId: link?.pushed.managerId ?? null } : desired.user;
    const change = nextUserLink({
      op,
      result,
      link,
      user: pushedUser,
      managerRemoteId: refused ? (link?.managerRemoteId ?? null) : desired.managerRemoteId,
      passwordDigest:
        "passwordSent" in result && result.passwordSent ? desired.passwordDigest : link?.passwordDigest,
      at: new Date().toISOString(),
      simulatedAt: new Date(clock.now()).toISOString(),
    });
    if (change.kind === "remove") jobs.later(links.remove(target.id, userId, true));
    if (change.kind === "set") jobs.later(links.set(target.id, userId, change.link, true));
    // A probe linked an account that differs from the directory, or that has yet to get the password: bring it in
    // line now, as an IdP does.
    const found = "found" in result ? result.found : undefined;
    const behind =
      found &&
      desired.user &&
      (userDifferences(desired.user, fromScimUser(found)).length > 0 || Boolean(desired.passwordDigest));
    if (behind) {
      const followUp = await provisionUser(target, userId, cause, false);
      if (followUp.outcome === "failed") return followUp;
    }
    afterUserChange(target, userId, cause);
    if (refused) return { outcome: "failed", error: refused.error, status: refused.status };
    return { outcome: settled(result.outcome) };
  }

  /**
   * What a user's change means for others on the same target: reports waiting for this manager, and groups whose
   * pushed members should now include or drop this user.
   */
  function afterUserChange(target: Target, userId: string, cause: ExchangeCause): void {
    const view = views.viewOf(target);
    const remoteId = view.liveRemoteId(userId);
    for (const report of view.reportsOf(userId)) {
      const link = links.get(target.id, report.id);
      if (link && !link.deprovisioned && (link.managerRemoteId ?? null) !== remoteId) {
        void enqueueUser(target, report.id, { ...cause, userId: report.id, followUp: true });
      }
    }
    // A cycle pushes the groups itself once its users are done, and counts what each group needed.
    if (followUps.groupsHeld(target.id)) return;
    const groupIds = new Set(view.groupsWithMember(userId).map((g) => g.id));
    for (const [groupId, link] of Object.entries(links.allGroups(target.id))) {
      if (link.pushed.members.some((m) => m.userId === userId)) groupIds.add(groupId);
    }
    const cycle = cause.cycleId ? { cycleId: cause.cycleId, followUp: true } : {};
    for (const groupId of groupIds)
      void enqueueGroup(target, groupId, { type: cause.type, groupId, ...cycle });
  }

  function planGroupOn(target: Target, groupId: string) {
    const desired = desiredGroup(views.viewOf(target), groupId);
    const link = links.getGroup(target.id, groupId);
    const op: GroupOperation | null = claims.leftAlone(target.id, groupId) ? null : planGroup(desired, link);
    return { op, group: desired.group, link, members: desired.members };
  }

  async function provisionGroup(target: Target, groupId: string, cause: ExchangeCause): Promise<JobResult> {
    const { op, group, link, members } = planGroupOn(target, groupId);
    if (!op) return { outcome: "skipped" };
    const unlinkOnly =
      dialectFor(target.profile).defaults.groupUnlinkOption && target.options?.deleteGroups === false;
    if (op.kind === "delete" && !group && unlinkOnly) {
      // Okta's "unlink pushed group" without "delete the group in the target app".
      await links.removeGroup(target.id, groupId);
      return { outcome: "skipped" };
    }
    const flow = dialectFor(target.profile).groupFlow(op, flowContext(target, link?.remoteId ?? null));
    const result = await drive(target, flow, cause);
    if (result.outcome === "failed")
      return { outcome: "failed", error: result.error, status: result.status, stop: result.stop === true };
    const change = nextGroupLink({ result, link, group, members, at: new Date().toISOString() });
    if (change.kind === "remove") jobs.later(links.removeGroup(target.id, groupId, true));
    if (change.kind === "set") jobs.later(links.setGroup(target.id, groupId, change.link, true));
    if ("incomplete" in result && result.incomplete) return { outcome: "failed", error: result.incomplete };
    return { outcome: settled(result.outcome) };
  }

  const enqueueUser = (target: Target, userId: string, cause: ExchangeCause, purge = false) =>
    tracked(
      cause,
      jobs.enqueue(
        target,
        `user:${userId}`,
        cause,
        purge ? (current) => provisionUser(current, userId, cause, true) : undefined,
      ),
    );
  const enqueueGroup = (target: Target, groupId: string, cause: ExchangeCause) =>
    tracked(cause, jobs.enqueue(target, `group:${groupId}`, cause));

  function onDirectoryEvent(event: DirectoryEvent): void {
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

  return {
    /**
     * Follows the directory: every change invalidates the views, binds a run's claims, and, once `live()` says
     * the targets can be reached, enqueues what on-edit targets need.
     */
    follow(source: { on(listener: (event: DirectoryEvent) => void): unknown }, live: () => boolean): void {
      source.on((event) => {
        // Links that share the record the directory is leaving keep a copy of it: it is what was pushed.
        const leaving =
          "before" in event && "user" in event
            ? event.before
            : event.type === "user.deleted"
              ? event.user
              : null;
        if (leaving) jobs.later(links.keepCopies(leaving));
        views.apply(event);
        if (event.type === "user.created") claims.bind("user", event.user.userName, event.user.id);
        if (event.type === "group.created") claims.bind("group", event.group.displayName, event.group.id);
        if (live()) onDirectoryEvent(event);
      });
    },
    holdGroupFollowUps: followUps.holdGroups,
    /** A target's scope or assignments changed. */
    targetsChanged: () => views.targetsChanged(),
    planUserOn,
    planGroupOn,
    idleOn,
    trackFollowUps: followUps.track,
    settleFollowUps: followUps.settle,
    enqueueUser,
    enqueueGroup,
    flowContext,
    resume: jobs.resume,
    track: jobs.track,
    idle: jobs.idle,
    stop: jobs.stop,
  };
}

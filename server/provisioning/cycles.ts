import { randomUUID } from "node:crypto";
import type { Clock } from "../clock";
import type { Directory } from "../directory/directory";
import { redactText, secretsOf } from "../log/redact";
import { Problem } from "../problem";
import type { CycleCounts, CycleKind, CycleRecord, LiveMessage, Target, TargetHealth } from "../protocol";
import type { Targets } from "../targets/targets";
import type { CycleStore } from "./cycle-store";
import { failureKind } from "./failure-kind";
import type { Links } from "./links";
import type { Outbox } from "./outbox";
import type { JobResult, Provisioner } from "./provisioner";
import { driftOf, fromScimGroup, readAll } from "./reconcile";
import { type RenderedExchange, renderGroupOperation, renderOperation } from "./render";
import { fromScimUser, type ScimObject } from "./scim-user";
import type { Send } from "./send";

const zero = (): CycleCounts => ({
  created: 0,
  linked: 0,
  updated: 0,
  deactivated: 0,
  reactivated: 0,
  deleted: 0,
  unchanged: 0,
  failed: 0,
});

function tally(counts: CycleCounts, result: JobResult): void {
  if (result.outcome === "skipped") counts.unchanged++;
  else counts[result.outcome]++;
}

/** Entra's escrow thresholds (5,000 failures, 40 %) scaled down so a local demo can reach them. */
const ENTRA_QUARANTINE = { minFailures: 5, ratio: 0.4 };
const DAY = 24 * 3600 * 1000;

export interface PreviewItem {
  userId?: string;
  groupId?: string;
  operation: string;
  exchanges: RenderedExchange[];
}

export type Cycles = ReturnType<typeof createCycles>;

/**
 * Provisioning cycles: full (everything), incremental (what changed since the last cycle's watermark, plus what
 * failed before) and reconcile (read the target and report drift, optionally fix it). Each cycle is announced on
 * /ws at start, as it progresses and at its end, and kept in the target's history.
 */
export function createCycles(deps: {
  directory: Directory;
  targets: Targets;
  links: Links;
  outbox: Outbox;
  store: CycleStore;
  clock: Clock;
  send: Send;
  provisioner: Provisioner;
  broadcast(message: LiveMessage): void;
  onQuarantineChange(targetId: string): void;
}) {
  const { directory, targets, links, outbox, store, clock, send, provisioner, broadcast } = deps;
  const running = new Map<string, Promise<CycleRecord>>();

  function userKeys(target: Target, kind: CycleKind): string[] {
    const all = [
      ...new Set([...directory.listUsers().map((u) => u.id), ...Object.keys(links.all(target.id))]),
    ];
    const watermark = store.watermark(target.id);
    if (kind !== "incremental" || watermark === null || Date.parse(target.updatedAt) >= watermark) return all;
    const failed = new Set(outbox.entries(target.id).map((e) => e.key));
    return all.filter((id) => {
      const user = directory.findUser(id);
      const link = links.get(target.id, id);
      if (!user) return Boolean(link); // deleted since, or soft-deleted and maybe due for the hard delete
      return Date.parse(user.updatedAt) >= watermark || failed.has(`user:${id}`);
    });
  }

  function groupKeys(target: Target, kind: CycleKind): string[] {
    const all = [
      ...new Set([...directory.listGroups().map((g) => g.id), ...Object.keys(links.allGroups(target.id))]),
    ];
    const watermark = store.watermark(target.id);
    if (kind !== "incremental" || watermark === null || Date.parse(target.updatedAt) >= watermark) return all;
    const failed = new Set(outbox.entries(target.id).map((e) => e.key));
    return all.filter((id) => {
      const group = directory.findGroup(id);
      if (!group) return true;
      // A member's change can change what the group should hold, so groups of changed users come along.
      const memberChanged = group.members.some(
        (m) => Date.parse(directory.findUser(m)?.updatedAt ?? "") >= watermark,
      );
      return Date.parse(group.updatedAt) >= watermark || memberChanged || failed.has(`group:${id}`);
    });
  }

  /** Applies a drift report's fixes to the links so that the cycle that follows sends what repairs them. */
  async function prepareFixes(target: Target, remoteUsers: ScimObject[], remoteGroups: ScimObject[]) {
    const report = driftOf(target, directory, links, remoteUsers, remoteGroups);
    const at = new Date().toISOString();
    for (const item of report.missing) {
      if (item.userId) await links.remove(target.id, item.userId);
      if (item.groupId) await links.removeGroup(target.id, item.groupId);
    }
    for (const item of report.different) {
      const remote = remoteUsers.find((r) => String(r.id) === item.remoteId);
      const link = item.userId ? links.get(target.id, item.userId) : undefined;
      if (item.userId && remote && link) {
        // Pretend the target's values were pushed, so the plan sends exactly what differs.
        await links.set(target.id, item.userId, {
          ...link,
          pushed: { ...link.pushed, ...fromScimUser(remote) },
        });
      }
      const remoteGroup = remoteGroups.find((r) => String(r.id) === item.remoteId);
      const glink = item.groupId ? links.getGroup(target.id, item.groupId) : undefined;
      if (item.groupId && glink && remoteGroup) {
        // As for users: record the target's name and members as pushed, so only the differences go out.
        const pushed = fromScimGroup(remoteGroup, links.all(target.id));
        await links.setGroup(target.id, item.groupId, { ...glink, pushed });
      }
    }
    // An unknown account whose userName belongs to an unlinked directory user is adopted, as a probe would;
    // then a group with the name of an unlinked directory group (Okta's "link group"), with those members known.
    for (const item of report.unknown.filter((u) => u.resourceType === "User")) {
      const user = directory.listUsers().find((u) => u.userName.toLowerCase() === item.name.toLowerCase());
      const remote = remoteUsers.find((r) => String(r.id) === item.remoteId);
      if (user && remote && !links.get(target.id, user.id)) {
        const pushed = { ...user, ...fromScimUser(remote) };
        await links.set(target.id, user.id, { remoteId: item.remoteId, pushed, at });
      }
    }
    for (const item of report.unknown.filter((u) => u.resourceType === "Group")) {
      const name = item.name.toLowerCase();
      const group = directory.listGroups().find((g) => g.displayName.toLowerCase() === name);
      const remote = remoteGroups.find((r) => String(r.id) === item.remoteId);
      if (group && remote && !links.getGroup(target.id, group.id)) {
        const pushed = fromScimGroup(remote, links.all(target.id));
        await links.setGroup(target.id, group.id, { remoteId: item.remoteId, pushed, at });
      }
    }
  }

  async function run(
    targetId: string,
    requested: CycleKind,
    cause: string,
    fix: boolean,
  ): Promise<CycleRecord> {
    const target = targets.get(targetId);
    const kind: CycleKind =
      requested === "incremental" && store.watermark(targetId) === null ? "full" : requested;
    const started = Date.now();
    const id = randomUUID();
    const record: CycleRecord = {
      id,
      targetId,
      kind,
      cause,
      startedAt: new Date(started).toISOString(),
      simulatedAt: new Date(clock.now()).toISOString(),
      endedAt: "",
      durationMs: 0,
      users: 0,
      ...zero(),
      groups: { total: 0, ...zero() },
      errors: [],
      quarantined: false,
    };
    const message = (phase: "start" | "progress" | "end", total: number, done: number) =>
      broadcast({
        type: "cycle",
        phase,
        targetId,
        cycleId: id,
        kind,
        total,
        done,
        ...(phase === "end" ? { record } : {}),
      });

    if (kind === "reconcile") {
      const reads = { type: "reconcile" };
      const users = await readAll(target, send, "Users", reads);
      const groups = "error" in users ? users : await readAll(target, send, "Groups", reads);
      if ("error" in users || "error" in groups) {
        const error = "error" in users ? users.error : "error" in groups ? groups.error : "";
        record.errors.push({ error: redactText(error, secretsOf(target)) });
      } else {
        record.drift = driftOf(target, directory, links, users, groups);
        if (fix) {
          await prepareFixes(target, users, groups);
          record.drift.fixed = true;
        }
      }
    }

    const pushing = kind !== "reconcile" || fix;
    const userIds = pushing ? userKeys(target, kind === "incremental" ? "incremental" : "full") : [];
    const groupIds = pushing ? groupKeys(target, kind === "incremental" ? "incremental" : "full") : [];
    const total = userIds.length + groupIds.length;
    record.users = userIds.length;
    record.groups.total = groupIds.length;
    let done = 0;
    let lastProgress = 0;
    const progressed = () => {
      done++;
      if (Date.now() - lastProgress > 200 || done === total) {
        lastProgress = Date.now();
        message("progress", total, done);
      }
    };
    message("start", total, 0);
    const causeOf = (extra: { userId?: string; groupId?: string }) => ({ type: `cycle:${kind}`, ...extra });
    for (const wave of provisioner.managementWaves(userIds)) {
      await Promise.all(
        wave.map(async (userId) => {
          const result = await provisioner.enqueueUser(target, userId, causeOf({ userId }));
          tally(record, result);
          if (result.error) record.errors.push({ userId, error: result.error });
          progressed();
        }),
      );
    }
    await Promise.all(
      groupIds.map(async (groupId) => {
        const result = await provisioner.enqueueGroup(target, groupId, causeOf({ groupId }));
        tally(record.groups, result);
        if (result.error) record.errors.push({ groupId, error: result.error });
        progressed();
      }),
    );

    await judgeQuarantine(target, record);
    record.endedAt = new Date().toISOString();
    record.durationMs = Date.now() - started;
    await store.record(record, started);
    message("end", total, done);
    return record;
  }

  /** Entra's escrow: when most of a cycle's work fails, the job is quarantined and slows to a cycle a day. */
  async function judgeQuarantine(target: Target, record: CycleRecord): Promise<void> {
    const rule =
      target.options?.quarantine !== undefined
        ? target.options.quarantine
        : target.profile.startsWith("entra")
          ? ENTRA_QUARANTINE
          : null;
    if (!rule || store.quarantine(target.id)) {
      record.quarantined = Boolean(store.quarantine(target.id));
      return;
    }
    const failed = record.failed + record.groups.failed;
    const attempted =
      failed +
      record.created +
      record.linked +
      record.updated +
      record.deactivated +
      record.reactivated +
      record.deleted;
    if (failed >= rule.minFailures && failed / Math.max(1, attempted) > rule.ratio) {
      const reason = `${failed} of ${attempted} operations failed in the last cycle (escrow threshold ${Math.round(rule.ratio * 100)} %, at least ${rule.minFailures}); first error: ${record.errors[0]?.error ?? "unknown"}`;
      await store.setQuarantine(target.id, { since: new Date(clock.now()).toISOString(), reason });
      record.quarantined = true;
      deps.onQuarantineChange(target.id);
    }
  }

  /** Runs one cycle; a second request for the same target waits for the one in progress. */
  function runCycle(
    targetId: string,
    options: { kind?: CycleKind; cause?: string; fix?: boolean } = {},
  ): Promise<CycleRecord> {
    targets.get(targetId);
    const previous = running.get(targetId) ?? Promise.resolve(null);
    const next = previous
      .catch(() => null)
      .then(() => run(targetId, options.kind ?? "full", options.cause ?? "sync", options.fix ?? false));
    running.set(targetId, next);
    provisioner.track(next);
    const forget = () => {
      if (running.get(targetId) === next) running.delete(targetId);
    };
    void next.then(forget, forget);
    return next;
  }

  return {
    runCycle,

    /**
     * A cycle nobody waits for (start-up, a changed target). A target deleted before its queued cycle began is
     * no failure; anything else is logged, never left to crash the process as an unhandled rejection.
     */
    startCycle(targetId: string, options: { kind?: CycleKind; cause?: string } = {}): void {
      runCycle(targetId, options).catch((err: unknown) => {
        if (err instanceof Problem && err.kind === "not_found") return;
        console.error(`cycle of target ${targetId} failed:`, err);
      });
    },

    /** What the next cycle would send, rendered by the dialect; nothing is sent. */
    preview(targetId: string, kind: "full" | "incremental"): PreviewItem[] {
      const target = targets.get(targetId);
      const options = {
        baseUrl: target.baseUrl,
        targetOptions: target.options ?? {},
        remoteIdOf: provisioner.flowContext(target, null).remoteIdOf,
        userOf: (id: string) => directory.findUser(id),
      };
      const items: PreviewItem[] = [];
      for (const userId of userKeys(target, kind)) {
        const { op, link } = provisioner.planUserOn(target, userId);
        if (!op) continue;
        const rendering = renderOperation(target.profile, op, {
          ...options,
          remoteId: link?.remoteId ?? null,
        });
        items.push({ userId, operation: op.kind, exchanges: rendering.exchanges });
      }
      for (const groupId of groupKeys(target, kind)) {
        const { op, link } = provisioner.planGroupOn(target, groupId);
        if (!op) continue;
        const rendering = renderGroupOperation(target.profile, op, {
          ...options,
          remoteId: link?.remoteId ?? null,
        });
        items.push({ groupId, operation: `group.${op.kind}`, exchanges: rendering.exchanges });
      }
      return items;
    },

    history: (targetId: string) => store.history(targetId),

    health(target: Target): TargetHealth {
      const quarantine = store.quarantine(target.id);
      if (quarantine) return { state: "quarantined", reason: quarantine.reason, since: quarantine.since };
      const entries = outbox.entries(target.id);
      const givenUp = outbox.givenUp(target.id);
      const refused = entries.find((e) => e.stopped && failureKind(e.status) === "auth");
      if (refused) {
        const reason = `${refused.status} — check the token: the target refused the credentials, so retries have stopped until the target is edited, synced or restarted (${refused.lastError ?? "refused"})`;
        return { state: "failing", reason, pending: entries.length, failed: givenUp.length };
      }
      const paused = send.pausedUntil(target.id);
      if (paused > 0) {
        const until = new Date(paused).toISOString();
        return {
          state: "retrying",
          reason: `HTTP 429: paused until ${until} as Retry-After asks`,
          pending: entries.length,
        };
      }
      const stopped = entries.filter((e) => e.stopped);
      if (givenUp.length > 0 || stopped.length > 0) {
        const latest = givenUp.at(-1);
        const reason = latest
          ? `${givenUp.length} operation${givenUp.length === 1 ? "" : "s"} failed for good (HTTP ${latest.status}); latest: ${latest.error}`
          : `${stopped.length} task${stopped.length === 1 ? "" : "s"} stopped: ${stopped[0]?.lastError ?? "stopped"}`;
        return { state: "failing", reason, pending: entries.length, failed: givenUp.length };
      }
      const failing = entries.filter((e) => e.attempts > 0);
      if (failing.length === 0) return { state: "healthy" };
      const latest = failing.reduce((a, b) => (b.notBefore > a.notBefore ? b : a));
      return { state: "retrying", reason: latest.lastError ?? "failed", pending: failing.length };
    },

    /** How long a quarantined target waits between cycles. */
    slowdown: (targetId: string) => (store.quarantine(targetId) ? DAY : 0),

    /** Entra's "restart provisioning": leave quarantine, make failed work due, and run a full cycle. */
    async restart(targetId: string): Promise<CycleRecord> {
      targets.get(targetId);
      await store.setQuarantine(targetId, null);
      await outbox.release(targetId);
      deps.onQuarantineChange(targetId);
      return runCycle(targetId, { kind: "full", cause: "restart" });
    },
  };
}

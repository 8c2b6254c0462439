import { randomUUID } from "node:crypto";
import type { Clock } from "../clock";
import type { Directory } from "../directory/directory";
import { holdHeapNearLiveData } from "../heap";
import { redactText, secretsOf } from "../log/redact";
import { Problem } from "../problem";
import type { CycleCounts, CycleKind, CycleRecord, ExchangeCause, JobResult, LiveMessage } from "../protocol";
import type { Targets } from "../targets/targets";
import { cycleKeySlices, cycleKeys } from "./cycle-keys";
import type { CycleStore } from "./cycle-store";
import { managementWaves } from "./desired";
import { dialectFor } from "./dialects";
import type { Links } from "./links";
import type { Outbox } from "./outbox";
import type { Provisioner } from "./provisioner";
import type { Quarantine } from "./quarantine";
import { driftOf, prepareFixes, readAll } from "./reconcile";
import type { Send } from "./send";
import { nextTurn, runInTurns } from "./slices";

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

export type Cycles = ReturnType<typeof createCycles>;

/**
 * Work in flight at once within one cycle: several jobs per socket even at 64 sockets, so the queue never runs dry
 * and outbox entries still share fsyncs, yet few enough that a job's objects rarely live long enough to reach the
 * old generation of the heap: 256 measured 5-20% less CPU per user than 1,024 at 4 sockets, and no worse at 32.
 */
const CYCLE_WINDOW = 256;

async function inWindow(ids: string[], each: (id: string) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < ids.length) await each(ids[next++] as string);
  };
  await Promise.all(Array.from({ length: Math.min(CYCLE_WINDOW, ids.length) }, lane));
}

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
  quarantine: Quarantine;
  broadcast(message: LiveMessage): void;
}) {
  const { directory, targets, links, outbox, store, clock, send, provisioner, broadcast } = deps;
  const running = new Map<string, Promise<CycleRecord>>();
  const keys = (target: Parameters<typeof cycleKeys>[1], kind: CycleKind, resource: "user" | "group") =>
    cycleKeys({ directory, links, outbox, store }, target, kind, resource);

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
      const reads: ExchangeCause = { type: "reconcile" };
      const users = await readAll(target, send, "Users", reads);
      const groups = "error" in users ? users : await readAll(target, send, "Groups", reads);
      if ("error" in users || "error" in groups) {
        const error = "error" in users ? users.error : "error" in groups ? groups.error : "";
        record.errors.push({ error: redactText(error, secretsOf(target)) });
      } else {
        record.drift = driftOf(target, directory, links, users, groups);
        if (fix) {
          await prepareFixes(target, directory, links, users, groups);
          record.drift.fixed = true;
        }
      }
    }

    const pushing = kind !== "reconcile" || fix;
    const selection: CycleKind = kind === "incremental" ? "incremental" : "full";
    // A slice a turn: a start-up cycle over 100k users never holds the server for long.
    const keysOf = (resource: "user" | "group") =>
      runInTurns(cycleKeySlices({ directory, links, outbox, store }, target, selection, resource));
    const userIds = pushing ? await keysOf("user") : [];
    const groupIds = pushing ? await keysOf("group") : [];
    const total = userIds.length + groupIds.length;
    // One durable mark for the whole cycle, rather than an outbox entry per resource: a restart runs a cycle cut
    // off by a crash again, and the links tell it what is already there. Written once the keys are chosen, so
    // that choice is what it was before the mark existed: as of the request, not of the write.
    if (total > 0) await store.begin(targetId, { cycleId: id, kind, fix, startedAt: record.startedAt });
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
    provisioner.trackFollowUps(id);
    if (pushing) {
      const dialect = dialectFor(target.profile);
      for (const request of dialect.atCycleStart(provisioner.flowContext(target, null))) {
        await send(target, dialect, request, { type: `cycle:${kind}` });
      }
    }
    const causeOf = (extra: { userId?: string; groupId?: string }): ExchangeCause => ({
      type: `cycle:${kind}`,
      cycleId: id,
      ...extra,
    });
    // What needs nothing is counted here, with no job and no outbox entry: a restart with nothing to send costs a
    // plan per user, not a durable write. The plan is read in slices, so the server answers between them.
    const settledNow = async (
      ids: string[],
      idle: (id: string) => boolean,
      counts: CycleCounts,
    ): Promise<string[]> => {
      const busy: string[] = [];
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as string;
        if (idle(id)) {
          counts.unchanged++;
          progressed();
        } else busy.push(id);
        if (i % 2000 === 1999) await nextTurn();
      }
      return busy;
    };
    const idle = provisioner.idleOn(target);
    const userIdle = (userId: string) => !outbox.has(targetId, `user:${userId}`) && idle.user(userId);
    const groupIdle = (groupId: string) => !outbox.has(targetId, `group:${groupId}`) && idle.group(groupId);
    const pushUsers = async () => {
      for (const wave of await runInTurns(managementWaves(directory, userIds))) {
        const busy = await settledNow(wave, userIdle, record);
        await inWindow(busy, async (userId) => {
          const result = await provisioner.enqueueUser(target, userId, causeOf({ userId }));
          tally(record, result);
          if (result.error) record.errors.push({ userId, error: result.error });
          progressed();
        });
      }
    };
    const releaseGroups = groupIds.length > 0 ? provisioner.holdGroupFollowUps(targetId) : () => undefined;
    try {
      await pushUsers();
    } finally {
      releaseGroups();
    }
    const busyGroups = await settledNow(groupIds, groupIdle, record.groups);
    await inWindow(busyGroups, async (groupId) => {
      const result = await provisioner.enqueueGroup(target, groupId, causeOf({ groupId }));
      tally(record.groups, result);
      if (result.error) record.errors.push({ groupId, error: result.error });
      progressed();
    });

    // The cycle ends once what it set off has settled too, so its record counts everything it caused.
    const followUps = { users: zero(), groups: zero() };
    record.followUps = followUps;
    await provisioner.settleFollowUps(id, (group, result) => {
      tally(group ? followUps.groups : followUps.users, result);
      if (result.error) record.errors.push({ error: result.error });
    });
    await deps.quarantine.judge(target, record);
    record.endedAt = new Date().toISOString();
    record.durationMs = Date.now() - started;
    await store.record(record, started);
    message("end", total, done);
    return record;
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
      .then(async () => {
        const release = holdHeapNearLiveData();
        try {
          return await run(targetId, options.kind ?? "full", options.cause ?? "sync", options.fix ?? false);
        } finally {
          release();
        }
      });
    running.set(targetId, next);
    provisioner.track(next);
    const forget = () => {
      if (running.get(targetId) === next) running.delete(targetId);
    };
    void next.then(forget, forget);
    return next;
  }

  /**
   * A cycle nobody waits for (start-up, a changed target). A target deleted before its queued cycle began is no
   * failure; anything else is logged, never left to crash the process as an unhandled rejection.
   */
  function startCycle(targetId: string, options: { kind?: CycleKind; cause?: string; fix?: boolean } = {}) {
    runCycle(targetId, options).catch((err: unknown) => {
      if (err instanceof Problem && err.kind === "not_found") return;
      console.error(`scimulator: cycle of target ${targetId} failed:`, err);
    });
  }

  return {
    runCycle,
    keys,
    startCycle,

    history: (targetId: string) => store.history(targetId),

    /**
     * What a start owes a target: an on-edit one catches up on whatever changed while the process was down, as an
     * IdP's initial cycle does; any other runs again the cycle a stop or a crash cut off, if there was one.
     */
    atStart(target: { id: string; mode: string }): void {
      if (target.mode === "on-edit") {
        startCycle(target.id, { cause: "startup" });
        return;
      }
      const unfinished = store.unfinished(target.id);
      if (unfinished) startCycle(target.id, { kind: unfinished.kind, fix: unfinished.fix, cause: "resume" });
    },

    /** Entra's "restart provisioning": leave quarantine, make failed work due, and run a full cycle. */
    async restart(targetId: string): Promise<CycleRecord> {
      targets.get(targetId);
      await outbox.release(targetId);
      await deps.quarantine.release(targetId);
      return runCycle(targetId, { kind: "full", cause: "restart" });
    },
  };
}

import type { Clock } from "../clock";
import { redactText, secretsOf } from "../log/redact";
import type { BaseCauseType, ExchangeCause, ExchangeCauseType, JobResult, Target } from "../protocol";
import type { Targets } from "../targets/targets";
import { failureKind } from "./failure-kind";
import { createKeyedQueue } from "./keyed-queue";
import type { Outbox } from "./outbox";

/**
 * First retry of failed on-edit work after 5 simulated seconds, doubling, for five quick runs in all; after that
 * the sweep retries it every few simulated minutes, so an outage of any length converges without a person.
 */
const RETRY_BASE_MS = 5_000;
const ON_EDIT_ATTEMPTS = 5;
export const DEFAULT_SWEEP_MINUTES = 5;

/** How often an on-edit target sweeps its failed work, in simulated ms (target option `sweepMinutes`). */
const sweepMs = (target: Target) => (target.options?.sweepMinutes ?? DEFAULT_SWEEP_MINUTES) * 60_000;

/** What first set the work off, whatever retries it has been through since. */
function baseOf(type: ExchangeCauseType): BaseCauseType {
  const colon = type.indexOf(":");
  const prefix = colon === -1 ? "" : type.slice(0, colon);
  return (
    prefix === "retry" || prefix === "sweep" || prefix === "resume" ? type.slice(colon + 1) : type
  ) as BaseCauseType;
}

/** The work behind an outbox key ("user:<id>" or "group:<id>"), run against the target as it is now. */
export type Work = (target: Target, key: string, cause: ExchangeCause) => Promise<JobResult>;

export type Jobs = ReturnType<typeof createJobs>;

/**
 * The queue, the durable outbox and the retries. Every job is in the outbox before it runs and leaves it only
 * when it succeeded or failed for good; a transient failure stays, with a backoff, for the retry loop and the
 * sweep (on-edit targets) or the next cycle (scheduled and manual ones).
 */
export function createJobs(deps: {
  outbox: Outbox;
  targets: Targets;
  clock: Clock;
  /** Sockets per target unless its `concurrency` option says otherwise. */
  sockets: number;
  work: Work;
}) {
  const { outbox, targets, clock } = deps;
  // Writes a job makes once its request is answered (its link, the cleared outbox entry) are not waited for: a
  // crash that loses one only means the work is planned again, and a create probes before it posts. They are
  // still appended and fsynced in order, and idle() waits for them, so a settled engine is a written one.
  const writing = new Set<Promise<void>>();
  const later = (write: Promise<void>): void => {
    const tracked = write.catch((err: unknown) =>
      console.error("scimulator: could not record a job's result:", err),
    );
    writing.add(tracked);
    void tracked.then(() => writing.delete(tracked));
  };
  const queues = new Map<string, ReturnType<typeof createKeyedQueue<JobResult>>>();
  const current = (id: string) => targets.list().find((t) => t.id === id);
  // Jobs spend much of their time off the wire: waiting for their outbox and links to be fsynced (more jobs share
  // more of each fsync), and for the engine's thread to read their last answer and build the next request. 32
  // jobs a socket leave each socket a queue deep enough to ride out the engine's pauses (a young-generation
  // collection, a compaction's step) without going idle: with 8, a 100k-user cycle at 4 in flight ran at about
  // 0.7 of the bare client's pace, with 32 at about 0.85. The wire's timeout runs from the moment a request goes
  // on a socket, so a deep queue in front of a slow target is not mistaken for its silence.
  const JOBS_PER_SOCKET = 32;
  const limitOf = (targetId: string) =>
    (current(targetId)?.options?.concurrency ?? deps.sockets) * JOBS_PER_SOCKET;
  const queueFor = (targetId: string) => {
    let queue = queues.get(targetId);
    if (!queue) {
      queue = createKeyedQueue<JobResult>(limitOf(targetId));
      queues.set(targetId, queue);
    } else queue.setConcurrency(limitOf(targetId));
    return queue;
  };

  async function settle(
    target: Target,
    key: string,
    cause: ExchangeCause,
    generation: number | undefined,
    result: JobResult,
  ): Promise<JobResult> {
    if (result.outcome !== "failed") {
      const clearing = outbox.succeeded(target.id, key, generation);
      if (clearing) later(clearing);
      return result;
    }
    // Error texts quote what the target answered, and a target may echo the credentials it was sent.
    const error = redactText(result.error ?? "failed", secretsOf(target));
    const kind = failureKind(result.status);
    if (kind === "permanent") await outbox.giveUp(target.id, key, cause, result.status ?? 0, error);
    else {
      // Never further out than the sweep: a long backoff must not park work beyond the next sweep.
      const backoff = (attempts: number) =>
        clock.now() +
        Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), sweepMs(target)) * (1 + Math.random() / 2);
      await outbox.failed(
        target.id,
        key,
        error,
        backoff,
        result.stop === true || kind === "auth",
        result.status,
        cause,
      );
    }
    return { ...result, error };
  }

  function enqueue(
    target: Target,
    key: string,
    cause: ExchangeCause,
    job: (current: Target) => Promise<JobResult> = (t) => deps.work(t, key, cause),
  ): Promise<JobResult> {
    // A cycle's own work is not written here: the cycle's mark is, once for the whole cycle, and a restart runs a
    // cycle it cut off again, which finds from the links what is left. Only work that already waits here (it
    // failed before, or a 409 stopped it) is renewed, so the cycle clears its stop. A follow-up is written as
    // before: a cycle run again would not find it, since the change that set it off is already on the target and
    // an incremental cycle may not select the resource it is for. These entries are written gathered, and a job
    // whose turn comes before its entry's window ends has them written at once.
    const ofCycle = cause.type.startsWith("cycle:");
    let onDisk = false;
    const recorded =
      ofCycle && cause.followUp !== true && !outbox.has(target.id, key)
        ? null
        : outbox.add(target.id, key, cause, ofCycle);
    if (ofCycle)
      void recorded?.then(
        () => {
          onDisk = true;
        },
        () => undefined,
      );
    // An on-edit target's job goes out without waiting for its outbox entry to reach the disk: a crash before
    // it does is caught up by the cycle every start runs for on-edit targets, so the edit costs one fsync on its
    // way to the wire, the directory's. Other work waits, since a restart resumes it from the outbox.
    if (target.mode === "on-edit" && recorded) later(recorded);
    const done = queueFor(target.id).push(key, async (): Promise<JobResult> => {
      if (target.mode !== "on-edit" && recorded) {
        if (ofCycle && !onDisk) outbox.hurry();
        await recorded;
      }
      // The target may have been edited or removed while the job waited.
      const now = current(target.id);
      if (!now) return { outcome: "skipped" };
      const generation = outbox.generation(target.id, key);
      let outcome: JobResult;
      try {
        outcome = await job(now);
      } catch (err) {
        // A job that throws (a store that cannot be written) is a transient failure with a backoff, never a
        // loop that retries it at once on every tick.
        outcome = { outcome: "failed", error: `internal error: ${(err as Error).message}` };
      }
      return settle(now, key, cause, generation, outcome);
    });
    return done.then((result) => result ?? { outcome: "failed", error: "internal error" });
  }

  const started = clock.now();
  const lastSweep = new Map<string, number>();
  function retryDue(): void {
    const now = clock.now();
    const sweeping = new Set<string>();
    for (const target of targets.list()) {
      if (target.mode !== "on-edit" || now - (lastSweep.get(target.id) ?? started) < sweepMs(target))
        continue;
      sweeping.add(target.id);
      lastSweep.set(target.id, now);
    }
    const entries = outbox.entries();
    // A target that refused the credentials gets no retries at all: each would be refused the same way.
    const refused = new Set(
      entries.filter((e) => e.stopped && failureKind(e.status) === "auth").map((e) => e.targetId),
    );
    for (const entry of entries) {
      const target = current(entry.targetId);
      if (target?.mode !== "on-edit" || entry.attempts === 0 || entry.stopped || refused.has(target.id))
        continue;
      if (queueFor(target.id).has(entry.key)) continue;
      const quick = entry.attempts < ON_EDIT_ATTEMPTS && entry.notBefore <= now;
      if (!quick && !sweeping.has(target.id)) continue;
      void enqueue(target, entry.key, {
        ...entry.cause,
        type: `${quick ? "retry" : "sweep"}:${baseOf(entry.cause.type)}`,
      });
    }
  }
  const retryTimer = setInterval(retryDue, 500);
  retryTimer.unref();

  const tracked = new Set<Promise<void>>();
  return {
    enqueue,
    later,

    /** Picks up what a previous run left in the outbox: work planned or failed before a stop or a crash. */
    resume(): void {
      for (const entry of outbox.entries()) {
        const target = current(entry.targetId);
        if (target)
          void enqueue(target, entry.key, { ...entry.cause, type: `resume:${baseOf(entry.cause.type)}` });
      }
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
      while (tracked.size > 0 || writing.size > 0 || [...queues.values()].some((q) => q.size() > 0))
        await Promise.all([...tracked, ...writing, ...[...queues.values()].map((q) => q.idle())]);
    },

    stop(): void {
      clearInterval(retryTimer);
    },
  };
}

import type { Clock } from "../clock";
import type { Target } from "../protocol";
import { nextCronTime } from "./cron-next";

export type Scheduler = ReturnType<typeof createScheduler>;

interface Armed {
  expression: string;
  timer: NodeJS.Timeout | null;
  running: boolean;
  /** The simulated time of the tick the timer waits for. */
  due: number | null;
}

/**
 * One timer per target in schedule mode, on the simulated clock, re-armed when a target or the clock changes. A
 * cycle still running when the next tick comes is skipped, as an IdP never runs two cycles of one job at once.
 * `slowdown` lets a quarantined target run at most once a simulated day, as Entra does.
 */
export function createScheduler(
  clock: Clock,
  runCycle: (targetId: string) => Promise<unknown>,
  slowdown: (targetId: string) => number,
) {
  const armed = new Map<string, Armed>();

  function nextAt(targetId: string, expression: string, from: number): number | null {
    const next = nextCronTime(expression, from);
    const minGap = slowdown(targetId);
    return next !== null && minGap > 0
      ? Math.max(next, nextCronTime(expression, from + minGap) ?? next)
      : next;
  }

  function fire(targetId: string, entry: Armed): void {
    if (entry.running) return;
    entry.running = true;
    void runCycle(targetId)
      .catch((err: unknown) =>
        console.error(`scimulator: scheduled cycle of target ${targetId} failed:`, err),
      )
      .finally(() => {
        entry.running = false;
      });
  }

  function schedule(targetId: string, entry: Armed): void {
    if (entry.timer) clearTimeout(entry.timer);
    const at = nextAt(targetId, entry.expression, clock.now() + 1);
    entry.due = at;
    if (at === null) return;
    // setTimeout caps its delay at about 24 days; a timer that fires early simply re-arms.
    entry.timer = setTimeout(
      () => {
        if (clock.now() + 5 < at) return schedule(targetId, entry);
        fire(targetId, entry);
        schedule(targetId, entry);
      },
      Math.min(clock.toReal(at - clock.now()), 2 ** 31 - 1),
    );
    entry.timer.unref();
  }

  function disarm(targetId: string): void {
    const entry = armed.get(targetId);
    if (entry?.timer) clearTimeout(entry.timer);
    armed.delete(targetId);
  }

  // A jump of the clock past a tick runs that cycle at once: a job that was due runs when time reaches it, and
  // several missed ticks are one cycle, as an IdP's paused job runs once when it resumes.
  const offClock = clock.onChange(() => {
    for (const [id, entry] of armed) {
      if (entry.due !== null && entry.due <= clock.now()) fire(id, entry);
      schedule(id, entry);
    }
  });

  return {
    arm(target: Target): void {
      const expression = target.mode === "schedule" ? target.schedule : null;
      const current = armed.get(target.id);
      if (current && current.expression === expression) return;
      disarm(target.id);
      if (!expression) return;
      const entry: Armed = { expression, timer: null, running: false, due: null };
      armed.set(target.id, entry);
      schedule(target.id, entry);
    },
    /** Re-computes a target's next run, e.g. after it entered or left quarantine. */
    rearm(targetId: string): void {
      const entry = armed.get(targetId);
      if (entry) schedule(targetId, entry);
    },
    disarm,
    /** Next runs in simulated time, as ISO strings. */
    nextRuns(targetId: string, count = 3): string[] {
      const entry = armed.get(targetId);
      if (!entry) return [];
      const out: string[] = [];
      let from = clock.now() + 1;
      for (let i = 0; i < count; i++) {
        const at = nextAt(targetId, entry.expression, from);
        if (at === null) break;
        out.push(new Date(at).toISOString());
        from = at + 1000;
      }
      return out;
    },
    async close(): Promise<void> {
      offClock();
      for (const id of [...armed.keys()]) disarm(id);
    },
  };
}

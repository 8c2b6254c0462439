import { type ScheduledTask, schedule } from "node-cron";
import type { Target } from "../protocol";

export type Scheduler = ReturnType<typeof createScheduler>;

/**
 * One node-cron task per target in schedule mode, re-armed whenever a target changes. A cycle that is still
 * running when the next tick comes is not started twice (noOverlap), as an IdP never runs two cycles at once.
 */
export function createScheduler(runCycle: (targetId: string) => Promise<unknown>) {
  const tasks = new Map<string, { expression: string; task: ScheduledTask }>();

  function disarm(targetId: string): void {
    const entry = tasks.get(targetId);
    if (!entry) return;
    void entry.task.destroy();
    tasks.delete(targetId);
  }

  return {
    /** Brings the task of one target in line with its current settings. */
    arm(target: Target): void {
      const expression = target.mode === "schedule" ? target.schedule : null;
      const current = tasks.get(target.id);
      if (current && current.expression === expression) return;
      disarm(target.id);
      if (!expression) return;
      const task = schedule(expression, () => runCycle(target.id), {
        noOverlap: true,
        name: `target-${target.id}`,
      });
      task.unref();
      tasks.set(target.id, { expression, task });
    },
    disarm,
    nextRuns(targetId: string, count = 3): string[] {
      return (
        tasks
          .get(targetId)
          ?.task.getNextRuns(count)
          .map((d) => d.toISOString()) ?? []
      );
    },
    async close(): Promise<void> {
      for (const id of [...tasks.keys()]) disarm(id);
    },
  };
}

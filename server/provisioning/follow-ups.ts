import type { ExchangeCause, JobResult } from "../protocol";

/**
 * A cycle's follow-ups, by cycle: jobs its own jobs set off on other resources (a report once its manager is
 * there, a group once a member changed). The cycle waits for them and counts them before it ends, so its record
 * tells what it caused.
 */
export function createFollowUps() {
  const byCycle = new Map<string, Array<{ group: boolean; job: Promise<JobResult> }>>();
  const groupsHeld = new Map<string, number>();
  return {
    /**
     * While a cycle's users run, their changes do not push the groups they are in: the cycle's own group phase
     * does, so each group is counted by what it needed, not as unchanged after a follow-up beat it to it.
     */
    holdGroups(targetId: string): () => void {
      groupsHeld.set(targetId, (groupsHeld.get(targetId) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        groupsHeld.set(targetId, (groupsHeld.get(targetId) ?? 1) - 1);
      };
    },
    groupsHeld: (targetId: string): boolean => (groupsHeld.get(targetId) ?? 0) > 0,
    /** Notes a job when its cause is a follow-up of a cycle under way; hands the job back either way. */
    tracked(cause: ExchangeCause, job: Promise<JobResult>): Promise<JobResult> {
      const list = cause.followUp && cause.cycleId ? byCycle.get(cause.cycleId) : undefined;
      list?.push({ group: cause.groupId !== undefined && cause.userId === undefined, job });
      return job;
    },
    /** A cycle begins: its follow-ups are kept from now until `settle`. */
    track(cycleId: string): void {
      byCycle.set(cycleId, []);
    },
    /**
     * Waits for what a cycle's jobs set off, follow-ups of follow-ups too, and hands each result to `count`, with
     * whether it was a group's; then forgets the cycle.
     */
    async settle(cycleId: string, count: (group: boolean, result: JobResult) => void): Promise<void> {
      let seen = 0;
      for (let list = byCycle.get(cycleId) ?? []; seen < list.length; list = byCycle.get(cycleId) ?? []) {
        const pending = list.slice(seen);
        seen = list.length;
        const results = await Promise.all(
          pending.map(async ({ group, job }) => ({ group, result: await job })),
        );
        for (const { group, result } of results) count(group, result);
      }
      byCycle.delete(cycleId);
    },
  };
}

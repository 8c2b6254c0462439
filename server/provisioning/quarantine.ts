import type { Clock } from "../clock";
import { createEmitter } from "../emitter";
import type { CycleRecord, Target } from "../protocol";
import type { CycleStore } from "./cycle-store";
import { dialectFor } from "./dialects";

const DAY = 24 * 3600 * 1000;

export type Quarantine = ReturnType<typeof createQuarantine>;

/**
 * Entra's escrow, whole: when most of a cycle's work fails the job is quarantined, its cycles slow to one a day,
 * and only a restart releases it. The thresholds come from the dialect (or the target's own options).
 */
export function createQuarantine(deps: { store: CycleStore; clock: Clock }) {
  const { store, clock } = deps;
  const changes = createEmitter<string>();
  return {
    /** A target entered or left quarantine (its id): the scheduler re-arms it and its health changed. */
    onChange: changes.on,

    /** Judges a finished cycle; sets `record.quarantined`. */
    async judge(target: Target, record: CycleRecord): Promise<void> {
      const rule =
        target.options?.quarantine !== undefined
          ? target.options.quarantine
          : dialectFor(target.profile).defaults.quarantine;
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
        changes.emit(target.id);
      }
    },

    /** How long a quarantined target waits between cycles: the scheduler adds it to the next run. */
    slowdown: (targetId: string) => (store.quarantine(targetId) ? DAY : 0),

    async release(targetId: string): Promise<void> {
      await store.setQuarantine(targetId, null);
      changes.emit(targetId);
    },
  };
}

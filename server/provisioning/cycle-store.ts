import { z } from "zod";
import { CYCLE_KINDS, type CycleRecord } from "../protocol";
import { dict } from "../store/dict";
import { openJsonStore } from "../store/json-file";

/** A cycle that pushes, from its start until its record is kept: one left on disk was cut off by a stop or a crash. */
const unfinishedShape = z.object({
  cycleId: z.string(),
  kind: z.enum(CYCLE_KINDS),
  fix: z.boolean(),
  startedAt: z.string(),
});
export type UnfinishedCycle = z.infer<typeof unfinishedShape>;

const fileShape = z.object({
  targets: z.record(
    z.string(),
    z.looseObject({
      watermark: z.number().nullable(),
      history: z.array(z.looseObject({ id: z.string() })),
      quarantine: z.looseObject({ since: z.string(), reason: z.string() }).nullable(),
      running: unfinishedShape.nullable().optional(),
    }),
  ),
});

export interface Quarantine {
  since: string;
  reason: string;
}

interface TargetCycles {
  /** Real time (ms) at which the last completed cycle started: incremental cycles look at what changed since. */
  watermark: number | null;
  history: CycleRecord[];
  quarantine: Quarantine | null;
  running?: UnfinishedCycle | null;
}

const HISTORY = 50;

export type CycleStore = Awaited<ReturnType<typeof openCycleStore>>;

export async function openCycleStore(file: string) {
  const db = await openJsonStore<{ targets: Record<string, TargetCycles> }>(
    file,
    { targets: {} },
    fileShape,
    {
      what: "a cycle history file",
    },
  );
  db.data.targets = dict(db.data.targets);
  const of = (targetId: string): TargetCycles => {
    db.data.targets[targetId] ??= { watermark: null, history: [], quarantine: null };
    return db.data.targets[targetId];
  };
  return {
    watermark: (targetId: string) => db.data.targets[targetId]?.watermark ?? null,
    history: (targetId: string): CycleRecord[] => db.data.targets[targetId]?.history ?? [],
    quarantine: (targetId: string): Quarantine | null => db.data.targets[targetId]?.quarantine ?? null,
    /**
     * Marks a cycle as under way, on disk before its first job: the mark, not an outbox entry per resource, is
     * what makes a cycle's work durable. Its record clears it.
     */
    async begin(targetId: string, running: UnfinishedCycle): Promise<void> {
      of(targetId).running = running;
      await db.write();
    },
    /** The cycle a stop or a crash cut off on this target, if any (the file's shape was checked on load). */
    unfinished: (targetId: string): UnfinishedCycle | null => db.data.targets[targetId]?.running ?? null,
    async record(cycle: CycleRecord, watermark: number): Promise<void> {
      const state = of(cycle.targetId);
      state.history = [...state.history, cycle].slice(-HISTORY);
      state.watermark = watermark;
      // Cycles on one target run one after another, so whatever mark is there was this cycle's, or one an earlier
      // cycle left when it threw or a crash cut it off; either way this cycle has run since. A cycle that chose no
      // keys wrote none, and clears an old one all the same.
      delete state.running;
      await db.write();
    },
    async setQuarantine(targetId: string, quarantine: Quarantine | null): Promise<void> {
      of(targetId).quarantine = quarantine;
      await db.write();
    },
    async dropTarget(targetId: string): Promise<void> {
      delete db.data.targets[targetId];
      await db.write();
    },
  };
}

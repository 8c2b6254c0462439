import type { CycleKind, LiveMessage } from "../server/protocol";

/** A cycle that is running on a target, as its live messages describe it. */
export interface CycleProgress {
  cycleId: string;
  kind: CycleKind;
  total: number;
  done: number;
}

/** The cycles running right now, by target id, and how many have ended per target (to refresh histories). */
export interface CycleActivity {
  running: Readonly<Record<string, CycleProgress>>;
  ended: Readonly<Record<string, number>>;
}

export const noCycles: CycleActivity = { running: {}, ended: {} };

type CycleMessage = Extract<LiveMessage, { type: "cycle" }>;

export function applyCycle(activity: CycleActivity, message: CycleMessage): CycleActivity {
  const { targetId } = message;
  if (message.phase === "end") {
    const running = { ...activity.running };
    if (running[targetId]?.cycleId === message.cycleId || running[targetId] === undefined)
      delete running[targetId];
    return { running, ended: { ...activity.ended, [targetId]: (activity.ended[targetId] ?? 0) + 1 } };
  }
  const progress: CycleProgress = {
    cycleId: message.cycleId,
    kind: message.kind,
    total: message.total,
    done: message.done,
  };
  return { ...activity, running: { ...activity.running, [targetId]: progress } };
}

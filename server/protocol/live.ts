// The /ws live channel.

import type { CheckMessage } from "./check";
import type { CycleKind, CycleRecord } from "./cycles";
import type { DirectoryEvent } from "./directory";
import type { Exchange } from "./exchanges";

/** Messages on the /ws live channel. */
export type LiveMessage =
  | { type: "exchange"; exchange: Exchange }
  | { type: "directory"; event: DirectoryEvent }
  | { type: "targets.changed" }
  | {
      type: "cycle";
      phase: "start" | "progress" | "end";
      targetId: string;
      cycleId: string;
      kind: CycleKind;
      total: number;
      done: number;
      record?: CycleRecord;
    }
  | { type: "clock"; scale: number; now: string; paused?: boolean }
  | {
      type: "scenario";
      runId: string;
      /** The file's id (its name without .yaml), as GET /api/scenarios lists it. */
      scenarioId: string;
      scenario: string;
      phase: "start" | "step-start" | "step-end" | "paused" | "end";
      index?: number;
      label?: string;
      caption?: string | null;
      step?: unknown;
      status?: "running" | "paused" | "passed" | "failed" | "skipped";
    }
  | { type: "target-org.changed"; resourceType: "User" | "Group"; id: string }
  | { type: "target-org.settings" }
  /** This client fell behind and `missed` messages were not sent to it: re-read what it shows. */
  | { type: "lagged"; missed: number }
  | CheckMessage;

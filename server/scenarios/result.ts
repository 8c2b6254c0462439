import type { Exchange } from "../protocol";

export type Status = "passed" | "failed" | "skipped";

export interface StepFailure {
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** The exchange that shows the problem, when there is one. */
  exchangeId?: string;
}

export interface StepResult {
  index: number;
  /** What the step does, in words: `create user alice`, `expect user alice active false`. */
  label: string;
  kind: string;
  status: Status;
  durationMs: number;
  /** A trainer's caption (pause steps) or a figure worth showing (throughput, time to deprovision). */
  note?: string;
  failure?: StepFailure;
  /** Ids of the exchanges sent while the step ran. */
  exchangeIds: string[];
}

export interface ScenarioResult {
  name: string;
  description: string;
  file: string;
  status: Status;
  /** Why a scenario was skipped, e.g. it needs the embedded org and ran against an external target. */
  skipReason?: string;
  /** What a failed run put back on the embedded org (faults, time scale) after its clean-up steps were skipped. */
  cleanup?: string;
  startedAt: string;
  durationMs: number;
  profile: string;
  targetUrl: string;
  steps: StepResult[];
  /** Every exchange of the run, redacted, oldest first. */
  exchanges: Exchange[];
}

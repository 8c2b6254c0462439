import type { Exchange, StepFailure, StepResult } from "../protocol";

export type { StepFailure, StepResult };

export type Status = "passed" | "failed" | "skipped";

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

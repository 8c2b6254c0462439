// Scenario files and runs, as the control API lists them and /ws reports them.

import type { Group, User } from "./directory";
import type { Profile } from "./targets";

/** A problem in a scenario file, at the line and column an editor shows. */
export interface ScenarioProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One scenario file, as GET /api/scenarios lists it; a broken file has problems and cannot run. */
export interface ScenarioListing {
  id: string;
  name: string;
  description: string;
  requires: string | null;
  profiles: string[];
  steps: number;
  problems: ScenarioProblem[];
}

/** What POST /api/scenarios/:id/run takes. */
export interface ScenarioRunInput {
  targetId?: string;
  profile?: Profile;
  stepping?: boolean;
  /** In trainer mode, whether simulated time stands still while a step waits for Continue (default true). */
  holdClock?: boolean;
}

export type StepStatus = "running" | "passed" | "failed" | "skipped";

export interface StepFailure {
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** The exchange that shows the problem, when there is one. */
  exchangeId?: string;
  /** The server's own explanation, when that exchange was refused: its status, `scimType` and `detail`. */
  server?: ServerAnswer;
}

/** A refused exchange's error, as the server put it. */
export interface ServerAnswer {
  status: number;
  scimType?: string;
  detail?: string;
}

/** What a step ended with (the step-end message's `step`, and each entry of a run's result). */
export interface StepResult {
  index: number;
  /** What the step does, in words: `create user alice`, `expect user alice active false`. */
  label: string;
  /** The label with the file's `${variables}` as written, the same on every run: JUnit's test case name. */
  name?: string;
  kind: string;
  status: "passed" | "failed" | "skipped";
  durationMs: number;
  /** A trainer's caption (pause steps) or a figure worth showing (throughput, time to deprovision). */
  note?: string;
  failure?: StepFailure;
  /** Ids of the exchanges sent while the step ran. */
  exchangeIds: string[];
}

/** GET /api/scenarios/runs/:runId: the run's status, and its whole result once it has ended. */
export interface ScenarioRunState {
  id: string;
  scenario: string;
  status: "running" | "paused" | "passed" | "failed" | "skipped";
  result: { status: string; skipReason?: string; durationMs: number; steps: StepResult[] } | null;
}

/** GET /api/scenarios/leftovers: the users and groups scenario runs made in the live app. */
export interface Leftovers {
  users: User[];
  groups: Group[];
}

/** DELETE /api/scenarios/leftovers: what went, from the directory and from the targets that held it. */
export interface LeftoversRemoved {
  users: number;
  groups: number;
  /** Accounts removed (or deactivated, where DELETE is refused) on the targets the runs pushed them to. */
  onTargets: number;
  leftBehind: string[];
}

import type { LiveMessage } from "../server/protocol";
import type { ScenarioRunState, StepResult, StepStatus } from "./api";

export interface RunStep {
  index: number;
  label: string;
  status: StepStatus | "pending";
  note?: string;
  durationMs?: number;
  failure?: StepResult["failure"];
  /** The exchanges the step sent, once it has ended. */
  exchangeIds?: string[];
}

export type RunStatus = "running" | "paused" | "passed" | "failed" | "skipped";

/** The scenario run the page follows: the latest one started, by anyone, as /ws reports it. */
export interface ScenarioRun {
  runId: string;
  scenario: string;
  /** The file's id, when known (a live start says it; a run opened from a link does not). */
  scenarioId?: string;
  status: RunStatus;
  steps: RunStep[];
  paused: { index: number; label: string; caption: string | null } | null;
  skipReason?: string;
  durationMs?: number;
}

type ScenarioMessage = Extract<LiveMessage, { type: "scenario" }>;

function isStepResult(value: unknown): value is StepResult {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.index === "number" && typeof v.label === "string" && typeof v.status === "string";
}

function upsert(steps: RunStep[], step: RunStep): RunStep[] {
  const rest = steps.filter((s) => s.index !== step.index);
  return [...rest, step].sort((a, b) => a.index - b.index);
}

function fromResult(step: StepResult): RunStep {
  return {
    index: step.index,
    label: step.label,
    status: step.status,
    note: step.note,
    durationMs: step.durationMs,
    failure: step.failure,
    exchangeIds: step.exchangeIds,
  };
}

export function applyScenario(run: ScenarioRun | null, message: ScenarioMessage): ScenarioRun | null {
  if (message.phase === "start") {
    return {
      runId: message.runId,
      scenario: message.scenario,
      scenarioId: message.scenarioId,
      status: "running",
      steps: [],
      paused: null,
    };
  }
  // Messages of another run than the one followed (or of one started before the page loaded) are ignored.
  if (!run || run.runId !== message.runId) return run;
  const index = message.index ?? 0;
  const label = message.label ?? `step ${index}`;
  switch (message.phase) {
    case "paused":
      return {
        ...run,
        status: "paused",
        paused: { index, label, caption: message.caption ?? null },
        steps: run.steps.some((s) => s.index === index)
          ? run.steps
          : upsert(run.steps, { index, label, status: "pending" }),
      };
    case "step-start":
      return {
        ...run,
        status: "running",
        paused: null,
        steps: upsert(run.steps, { index, label, status: "running" }),
      };
    case "step-end":
      return {
        ...run,
        steps: upsert(
          run.steps,
          isStepResult(message.step) ? fromResult(message.step) : { index, label, status: "passed" },
        ),
      };
    case "end":
      return {
        ...run,
        paused: null,
        status: message.status === "running" || message.status === undefined ? "failed" : message.status,
      };
  }
  return run;
}

/** The finished run's result, which also lists the steps no live message announced (skipped ones). */
export function applyResult(run: ScenarioRun | null, state: ScenarioRunState): ScenarioRun | null {
  if (!run || run.runId !== state.id || !state.result) return run;
  let steps = run.steps;
  for (const step of state.result.steps) steps = upsert(steps, fromResult(step));
  return {
    ...run,
    steps,
    status: state.status === "running" || state.status === "paused" ? run.status : state.status,
    skipReason: state.result.skipReason,
    durationMs: state.result.durationMs,
  };
}

/** A run as the server keeps it, for a page that opens it from a link rather than having followed it live. */
export function runFromState(state: ScenarioRunState): ScenarioRun {
  const run: ScenarioRun = {
    runId: state.id,
    scenario: state.scenario,
    status: state.status,
    steps: [],
    paused: null,
  };
  return applyResult(run, state) ?? run;
}

/** The requests a trainer explains at a pause: those of the last step that sent any. */
export function lastRequests(run: ScenarioRun, max = 3): string[] {
  for (let i = run.steps.length - 1; i >= 0; i--) {
    const ids = run.steps[i]?.exchangeIds;
    if (ids && ids.length > 0) return ids.slice(-max);
  }
  return [];
}

import { useState } from "react";
import { api, messageOf } from "../api";
import { lastRequests, type ScenarioRun } from "../scenario-run";
import { ScenarioStepRow } from "./scenario-step-row";
import { StepRequests } from "./step-requests";
import "./scenario-run-view.css";

interface Props {
  run: ScenarioRun;
  /** How many steps the scenario has, so the ones not reached yet can be counted. */
  totalSteps: number | undefined;
  onError: (message: string) => void;
}

const STATUS_TEXT: Record<ScenarioRun["status"], string> = {
  running: "running",
  paused: "paused",
  passed: "passed",
  failed: "failed",
  skipped: "skipped",
};

/** A run as it happens: the steps with live marks, the trainer's caption when paused, the outcome at the end. */
export function ScenarioRunView({ run, totalSteps, onError }: Props) {
  // The pause whose Continue is on its way. The next pause can arrive on /ws before the answer to this one does:
  // its button is live at once, so a trainer pressing c again is never ignored.
  const [continuingAt, setContinuingAt] = useState<number | null>(null);
  const last = run.steps.at(-1)?.index ?? 0;
  const remaining = totalSteps !== undefined ? Math.max(0, totalSteps - last) : 0;
  const finished = run.status === "passed" || run.status === "failed" || run.status === "skipped";
  const passed = run.steps.filter((s) => s.status === "passed").length;
  const failed = run.steps.filter((s) => s.status === "failed").length;
  const requests = lastRequests(run);

  const next = async () => {
    const at = run.paused?.index ?? null;
    setContinuingAt(at);
    try {
      await api.continueRun(run.runId);
    } catch (err) {
      onError(`Continue: ${messageOf(err)}`);
    } finally {
      setContinuingAt((current) => (current === at ? null : current));
    }
  };

  return (
    <section
      className="scenario-run"
      data-testid="scenario-run"
      data-status={run.status}
      data-run-id={run.runId}
    >
      <header className="scenario-run-head">
        <h3>{run.scenario}</h3>
        <span className={`run-status run-${run.status}`} data-testid="scenario-status">
          {!finished && run.status === "running" && <span className="spinner" aria-hidden="true" />}
          {STATUS_TEXT[run.status]}
        </span>
      </header>
      {run.paused && (
        <div
          className={`trainer-stage ${requests.length > 0 ? "with-requests" : ""}`}
          data-testid="trainer-stage"
        >
          <div
            className={`trainer-pause ${run.paused.caption ? "trainer-caption" : ""}`}
            data-testid="scenario-paused"
            data-index={run.paused.index}
            role="status"
          >
            {run.paused.caption ? (
              <p className="caption-text" data-testid="scenario-caption">
                {run.paused.caption}
              </p>
            ) : (
              <p className="next-step">
                <span className="control-label">Next · step {run.paused.index}</span>
                <span className="next-label">{run.paused.label}</span>
              </p>
            )}
            <button
              type="button"
              className="primary continue-button"
              onClick={next}
              disabled={continuingAt !== null && continuingAt === run.paused.index}
              data-testid="scenario-continue"
              data-shortcut="continue"
              // biome-ignore lint/a11y/noAutofocus: the trainer presses Enter or Space to move the class on
              autoFocus
            >
              Continue ▸
            </button>
          </div>
          <StepRequests key={requests.join()} ids={requests} />
        </div>
      )}
      <ol className="step-list" data-testid="scenario-steps">
        {run.steps.map((step) => (
          <ScenarioStepRow key={step.index} step={step} current={run.paused?.index === step.index} />
        ))}
      </ol>
      {!finished && remaining > 0 && (
        <p className="muted steps-remaining">
          {remaining} more step{remaining === 1 ? "" : "s"} to come
        </p>
      )}
      {finished && (
        <div className={`run-outcome run-outcome-${run.status}`} data-testid="scenario-outcome" role="status">
          <b>{run.status === "passed" ? "✔ Passed" : run.status === "failed" ? "✘ Failed" : "– Skipped"}</b>
          <span>
            {passed} passed{failed > 0 && ` · ${failed} failed`}
            {run.durationMs !== undefined && ` · ${(run.durationMs / 1000).toFixed(1)} s`}
          </span>
          {run.skipReason && <span className="muted">{run.skipReason}</span>}
        </div>
      )}
    </section>
  );
}

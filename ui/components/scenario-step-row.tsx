import type { RunStep } from "../scenario-run";
import "./scenario-step-row.css";

const MARKS: Record<RunStep["status"], string> = {
  pending: "○",
  running: "",
  passed: "✔",
  failed: "✘",
  skipped: "–",
};

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** One step of a run: its live mark, its label, and a note or the failure with what was expected and found. */
export function ScenarioStepRow({ step, current }: { step: RunStep; current: boolean }) {
  return (
    <li
      className={`step step-${step.status} ${current ? "step-current" : ""}`}
      data-testid="scenario-step"
      data-index={step.index}
      data-status={step.status}
    >
      <span className="step-mark" title={step.status}>
        {step.status === "running" ? <span className="spinner" aria-hidden="true" /> : MARKS[step.status]}
      </span>
      <span className="step-index mono">{step.index}</span>
      <div className="step-body">
        <div className="step-line">
          <span className="step-label">{step.label}</span>
          {step.durationMs !== undefined && step.status !== "skipped" && (
            <span className="muted mono step-ms">{step.durationMs} ms</span>
          )}
        </div>
        {step.note && (
          <div className="step-note" data-testid="step-note">
            {step.note}
          </div>
        )}
        {step.failure && (
          <div className="step-failure" data-testid="step-failure">
            <div className="step-failure-message">{step.failure.message}</div>
            {step.failure.expected !== undefined && (
              <div className="step-failure-pair">
                <span className="control-label">expected</span>
                <pre className="mono">{show(step.failure.expected)}</pre>
              </div>
            )}
            {step.failure.actual !== undefined && (
              <div className="step-failure-pair">
                <span className="control-label">actual</span>
                <pre className="mono">{show(step.failure.actual)}</pre>
              </div>
            )}
            {step.failure.exchangeId && (
              <div className="muted">
                exchange{" "}
                <a
                  className="mono"
                  href={`/?view=traffic&exchange=${encodeURIComponent(step.failure.exchangeId)}`}
                  data-testid="step-exchange-link"
                >
                  {step.failure.exchangeId}
                </a>
              </div>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

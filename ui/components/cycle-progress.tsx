import type { CycleProgress } from "../cycles";
import "./cycle-progress.css";

/** A running cycle on its target's card: its kind, and how much of its work is done. */
export function CycleProgressBar({ progress }: { progress: CycleProgress }) {
  const { kind, total, done } = progress;
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div
      className="cycle-progress"
      data-testid="cycle-progress"
      data-kind={kind}
      data-done={done}
      data-total={total}
    >
      <div className="cycle-progress-line">
        <span className="spinner" aria-hidden="true" />
        <b>{kind}</b> cycle running
        <span className="mono muted">{total > 0 ? `${done} / ${total}` : "reading…"}</span>
      </div>
      <div
        className={`progress-track ${total === 0 ? "progress-indeterminate" : ""}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label={`${kind} cycle progress`}
      >
        <div
          className="progress-fill"
          style={total > 0 ? { width: `${Math.round(ratio * 100)}%` } : undefined}
        />
      </div>
    </div>
  );
}

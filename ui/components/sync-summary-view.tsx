import type { SyncSummary } from "../api";

const HIDDEN = new Set(["targetId", "durationMs", "errors"]);

interface SyncError {
  userId?: unknown;
  error?: unknown;
}

/** The counters of a finished sync cycle, non-zero ones emphasised, then any per-user errors. */
export function SyncSummaryView({ summary }: { summary: SyncSummary }) {
  const counters = Object.entries(summary).filter(
    (entry): entry is [string, number] => typeof entry[1] === "number" && !HIDDEN.has(entry[0]),
  );
  const errors = Array.isArray(summary.errors) ? (summary.errors as SyncError[]) : [];
  const duration = typeof summary.durationMs === "number" ? summary.durationMs : null;
  const others = Object.entries(summary).filter(
    ([key, value]) => !HIDDEN.has(key) && typeof value !== "number" && typeof value !== "object",
  );

  return (
    <div className={`sync-summary ${errors.length ? "sync-failed" : ""}`} data-testid="sync-summary">
      <div className="sync-counters">
        {counters.map(([key, value]) => (
          <span key={key} className={`counter ${value ? "counter-hot" : ""}`} data-counter={key}>
            <b>{value}</b> {key}
          </span>
        ))}
        {others.map(([key, value]) => (
          <span key={key} className="counter">
            {key}: {String(value)}
          </span>
        ))}
        {duration !== null && <span className="muted">in {duration} ms</span>}
      </div>
      {errors.length > 0 && (
        <ul className="sync-errors">
          {errors.map((e, i) => (
            // Errors have no id of their own; their order is the server's and never changes.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i}>
              {typeof e.userId === "string" && <span className="mono">{e.userId}: </span>}
              {String(e.error ?? JSON.stringify(e))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

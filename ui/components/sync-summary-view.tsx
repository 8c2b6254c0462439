import { CYCLE_COUNTERS as COUNTERS, type CycleCounts, type CycleRecord } from "../../server/protocol";
import "./sync-summary-view.css";

function Counters({ counts, testPrefix }: { counts: CycleCounts; testPrefix: string }) {
  return (
    <>
      {COUNTERS.map((key) => (
        <span
          key={key}
          className={`counter ${counts[key] ? "counter-hot" : ""} ${key === "failed" && counts[key] ? "counter-bad" : ""}`}
          data-counter={`${testPrefix}${key}`}
        >
          <b>{counts[key]}</b> {key}
        </span>
      ))}
    </>
  );
}

export function driftTotal(record: CycleRecord): number {
  const drift = record.drift;
  return drift ? drift.missing.length + drift.unknown.length + drift.different.length : 0;
}

interface Props {
  summary: CycleRecord;
  onShowDrift?: () => void;
}

/** The counters of a finished cycle, non-zero ones emphasised, its groups, any drift, then its errors. */
export function SyncSummaryView({ summary, onShowDrift }: Props) {
  const { errors, groups, drift } = summary;
  const drifted = driftTotal(summary);
  return (
    <div
      className={`sync-summary ${errors.length || summary.failed ? "sync-failed" : ""}`}
      data-testid="sync-summary"
      data-kind={summary.kind}
    >
      <div className="sync-title">
        <b>{summary.kind}</b> cycle · {summary.users} user{summary.users === 1 ? "" : "s"}
        {groups.total > 0 && `, ${groups.total} group${groups.total === 1 ? "" : "s"}`}
        <span className="muted"> in {summary.durationMs} ms</span>
        {summary.quarantined && <span className="pill pill-warn">quarantined</span>}
      </div>
      <div className="sync-counters">
        <Counters counts={summary} testPrefix="" />
      </div>
      {groups.total > 0 && (
        <div className="sync-counters sync-counters-groups">
          <span className="counter-label">groups</span>
          <Counters counts={groups} testPrefix="groups." />
        </div>
      )}
      {drift && (
        <div className="drift-line" data-testid="drift-line">
          {drifted === 0 ? (
            <span>No drift: the target matches the directory.</span>
          ) : (
            <span>
              <b>{drifted}</b> drifted · {drift.missing.length} missing · {drift.unknown.length} unknown ·{" "}
              {drift.different.length} different{drift.fixed && " · fixed"}
            </span>
          )}
          {onShowDrift && (
            <button type="button" className="small" onClick={onShowDrift} data-testid="show-drift">
              View drift
            </button>
          )}
        </div>
      )}
      {errors.length > 0 && (
        <ul className="sync-errors">
          {errors.map((e, i) => (
            // Errors have no id of their own; their order is the server's and never changes.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i}>
              {e.userId && <span className="mono">user {e.userId}: </span>}
              {e.groupId && <span className="mono">group {e.groupId}: </span>}
              {e.error}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

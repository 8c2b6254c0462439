import { useEffect, useState } from "react";
import type { CycleRecord, TargetView } from "../../server/protocol";
import { api, messageOf } from "../api";
import { formatSimTime } from "../sim-time";
import { DriftView } from "./drift-view";
import { Modal } from "./modal";
import { driftTotal, SyncSummaryView } from "./sync-summary-view";
import "./cycle-history-dialog.css";

interface Props {
  target: TargetView;
  /** Changes whenever a cycle of this target ends, so the list is read again. */
  version: number;
  onClose: () => void;
}

function brief(record: CycleRecord): string {
  const parts: string[] = [];
  for (const key of ["created", "linked", "updated", "deactivated", "reactivated", "deleted"] as const) {
    if (record[key]) parts.push(`${record[key]} ${key}`);
  }
  const g = record.groups;
  const groupWork = g.created + g.linked + g.updated + g.deleted;
  if (groupWork) parts.push(`${groupWork} group change${groupWork === 1 ? "" : "s"}`);
  if (record.failed + g.failed) parts.push(`${record.failed + g.failed} failed`);
  return parts.length ? parts.join(" · ") : `${record.unchanged} unchanged`;
}

/** The target's last cycles, newest first, each opening to its counters, drift and errors. */
export function CycleHistoryDialog({ target, version, onClose }: Props) {
  const [records, setRecords] = useState<CycleRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger to read the history again
  useEffect(() => {
    let alive = true;
    api.cycles(target.id).then(
      (list) => {
        if (!alive) return;
        setRecords([...list].reverse());
        setError(null);
      },
      (err: unknown) => alive && setError(messageOf(err)),
    );
    return () => {
      alive = false;
    };
  }, [target.id, version]);

  return (
    <Modal title={`Cycle history · ${target.name}`} onClose={onClose} testId="cycle-history" wide>
      <div className="modal-body">
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {records === null && !error && <p className="muted">Loading…</p>}
        {records?.length === 0 && <p className="empty">No cycles yet.</p>}
        {records && records.length > 0 && (
          <ol className="history-list">
            {records.map((record) => {
              const expanded = open === record.id;
              const drifted = driftTotal(record);
              const bad = record.errors.length > 0 || record.failed > 0 || record.groups.failed > 0;
              return (
                <li
                  key={record.id}
                  className={`history-item ${bad ? "history-bad" : ""} ${expanded ? "expanded" : ""}`}
                  data-testid="cycle-record"
                  data-kind={record.kind}
                  data-cause={record.cause}
                >
                  <button
                    type="button"
                    className="history-row"
                    onClick={() => setOpen(expanded ? null : record.id)}
                    aria-expanded={expanded}
                  >
                    <span className="history-when">
                      <span className="mono">{formatSimTime(Date.parse(record.simulatedAt))}</span>
                      {Math.abs(Date.parse(record.simulatedAt) - Date.parse(record.startedAt)) > 1000 && (
                        <span className="muted mono" title="real time">
                          real {new Date(record.startedAt).toLocaleTimeString([], { hour12: false })}
                        </span>
                      )}
                    </span>
                    <span className={`pill pill-kind pill-kind-${record.kind}`}>{record.kind}</span>
                    <span className="history-cause muted">{record.cause}</span>
                    <span className="history-brief">{brief(record)}</span>
                    {record.drift && (
                      <span className={`pill ${drifted ? "pill-amber" : ""}`}>
                        {drifted ? `${drifted} drift` : "no drift"}
                      </span>
                    )}
                    {record.quarantined && <span className="pill pill-warn">quarantined</span>}
                    <span className="mono muted history-ms">{record.durationMs} ms</span>
                  </button>
                  {expanded && (
                    <div className="history-detail">
                      <SyncSummaryView summary={record} />
                      {record.drift && drifted > 0 && <DriftView drift={record.drift} />}
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </div>
    </Modal>
  );
}

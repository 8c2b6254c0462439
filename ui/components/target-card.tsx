import { useEffect, useRef, useState } from "react";
import type { CycleRecord, DriftReport, Group, TargetView } from "../../server/protocol";
import { api, type ConnectionTest, type SyncRequest } from "../api";
import type { CycleProgress } from "../cycles";
import { useDialectFacts } from "../dialect-facts";
import { useAction } from "../use-action";
import { AssignmentsDialog } from "./assignments-dialog";
import { CheckDialog } from "./check-dialog";
import { ConfirmDialog } from "./confirm-dialog";
import { CycleHistoryDialog } from "./cycle-history-dialog";
import { CycleProgressBar } from "./cycle-progress";
import { DriftDialog } from "./drift-dialog";
import { DryRunDialog } from "./dry-run-dialog";
import { HealthBadge, healthDetail } from "./health-badge";
import { SyncMenu } from "./sync-menu";
import { SyncSummaryView } from "./sync-summary-view";
import { TargetFacts } from "./target-facts";
import { TargetFormDialog } from "./target-form-dialog";
import { TargetNameLink } from "./target-name-link";
import "./target-card.css";

interface Props {
  target: TargetView;
  groups: Group[];
  /** The cycle running on this target right now, from /ws. */
  progress: CycleProgress | undefined;
  /** How many cycles of this target have ended since the page loaded; a change re-reads the history. */
  cycleVersion: number;
  onChanged: () => void;
  onNotify: (message: string, kind?: "error" | "info") => void;
  /** Picked out by the address (`?target=`): outlined and scrolled into view. */
  selected?: boolean;
  onSelect?: (id: string) => void;
}

type Dialog = "edit" | "assignments" | "purge" | "delete" | "history" | "dry-run" | "drift" | "check" | null;
type Busy = "sync" | "test" | "restart";

function hasDrift(record: CycleRecord | null): record is CycleRecord & { drift: DriftReport } {
  return record?.drift !== undefined;
}

/** One provisioning target: where it points, how it speaks and when, and what can be done to it. */
export function TargetCard(props: Props) {
  const { target, groups, progress, cycleVersion, onChanged, onNotify, selected, onSelect } = props;
  const facts = useDialectFacts();
  const cardRef = useRef<HTMLElement>(null);
  // A card picked out by a link is brought into view once, when it becomes the selected one.
  useEffect(() => {
    if (selected) cardRef.current?.scrollIntoView({ block: "nearest" });
  }, [selected]);
  const { running: busy, error, run } = useAction<Busy>();
  const [summary, setSummary] = useState<CycleRecord | null>(null);
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [healthOpen, setHealthOpen] = useState(false);

  // Each action replaces the other's result: a cycle's summary and a connection test are not shown together.
  const sync = (request: SyncRequest, label: string) => {
    setTest(null);
    return run(
      "sync",
      label,
      async () => {
        const record = await api.syncTarget(target.id, request);
        setSummary(record);
        if (record.drift) setDialog("drift");
      },
      () => setSummary(null),
    );
  };

  const restart = () => {
    setTest(null);
    return run("restart", "Restart", async () => {
      setSummary(await api.restartTarget(target.id));
      onChanged();
    });
  };

  const testConnection = () => {
    setSummary(null);
    return run(
      "test",
      "Test connection",
      async () => setTest(await api.testTarget(target.id)),
      () => setTest(null),
    );
  };

  const health = target.health;

  return (
    <article
      ref={cardRef}
      className={`target-card ${selected ? "selected" : ""}`}
      aria-current={selected ? "true" : undefined}
      data-selected={selected ? "true" : undefined}
      data-testid="target-card"
      data-target-id={target.id}
      data-target-name={target.name}
      data-embedded={target.embedded ? "true" : undefined}
      data-profile={target.profile}
      data-scope={target.scope}
      data-health={health.state}
    >
      <header className="target-head">
        <h3>
          <TargetNameLink id={target.id} name={target.name} onSelect={onSelect} />
          {target.embedded && <span className="pill pill-accent">embedded</span>}
          <HealthBadge health={health} open={healthOpen} onToggle={() => setHealthOpen((o) => !o)} />
        </h3>
        <SyncMenu busy={busy !== null} onSync={sync} />
      </header>
      {healthOpen && health.state === "retrying" && (
        <p className="health-detail health-detail-retrying" data-testid="target-health-detail">
          {healthDetail(health)}
        </p>
      )}
      {health.state === "quarantined" && (
        <div className="quarantine-bar" role="alert" data-testid="quarantine-bar">
          <span>
            <b>Quarantined.</b> {healthDetail(health)}. Cycles slow to one a simulated day.
          </span>
          <button
            type="button"
            className="small danger"
            onClick={restart}
            disabled={busy !== null}
            data-testid="restart-target"
          >
            {busy === "restart" ? "Restarting…" : "Restart"}
          </button>
        </div>
      )}
      {progress && <CycleProgressBar progress={progress} />}
      <div className="mono target-url" title={target.baseUrl}>
        {target.baseUrl}
      </div>
      <TargetFacts target={target} />
      <div className="target-actions">
        <button
          type="button"
          className="small"
          onClick={testConnection}
          disabled={busy !== null}
          data-testid="test-target"
        >
          {busy === "test" ? "Testing…" : "Test connection"}
        </button>
        <button
          type="button"
          className="small"
          onClick={() => setDialog("check")}
          data-testid="check-target"
          title="Which IdPs this server works with: their whole lifecycle and their validators' tests, from a separate simulator"
        >
          Check this target
        </button>
        <button
          type="button"
          className="small"
          onClick={() => setDialog("history")}
          data-testid="cycle-history-open"
        >
          History
        </button>
        <button
          type="button"
          className="small"
          onClick={() => setDialog("dry-run")}
          data-testid="dry-run-open"
          title="What the next cycle would send, with nothing sent"
        >
          Dry run
        </button>
        {target.scope === "assigned" && (
          <button
            type="button"
            className="small"
            onClick={() => setDialog("assignments")}
            data-testid="assign-target"
          >
            Assignments
          </button>
        )}
        <button type="button" className="small" onClick={() => setDialog("edit")} data-testid="edit-target">
          Edit
        </button>
        {facts?.get(target.profile)?.defaults.softDeleteDays != null && (
          <button
            type="button"
            className="small danger-ghost"
            onClick={() => setDialog("purge")}
            data-testid="purge-target"
            title="DELETE the users it has soft-deleted, without waiting for the window"
          >
            Delete permanently
          </button>
        )}
        {!target.embedded && (
          <button
            type="button"
            className="small danger-ghost"
            onClick={() => setDialog("delete")}
            data-testid="delete-target"
          >
            Remove
          </button>
        )}
      </div>
      {test && (
        <p
          className={`test-result ${test.ok ? "test-ok" : "test-failed"}`}
          data-testid="test-result"
          data-ok={test.ok}
          role="status"
        >
          <span className="test-icon" aria-hidden="true">
            {test.ok ? "✓" : "✕"}
          </span>
          <span>
            <b>{test.ok ? "Connection OK" : "Connection failed"}</b> · {test.detail}
          </span>
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {summary && (
        <SyncSummaryView
          summary={summary}
          onShowDrift={summary.drift ? () => setDialog("drift") : undefined}
        />
      )}

      {dialog === "drift" && hasDrift(summary) && (
        <DriftDialog targetName={target.name} record={summary} onClose={() => setDialog(null)} />
      )}
      {dialog === "check" && <CheckDialog target={target} onClose={() => setDialog(null)} />}
      {dialog === "history" && (
        <CycleHistoryDialog target={target} version={cycleVersion} onClose={() => setDialog(null)} />
      )}
      {dialog === "dry-run" && <DryRunDialog target={target} onClose={() => setDialog(null)} />}

      {dialog === "edit" && (
        <TargetFormDialog target={target} onSaved={onChanged} onClose={() => setDialog(null)} />
      )}
      {dialog === "assignments" && (
        <AssignmentsDialog target={target} groups={groups} onClose={() => setDialog(null)} />
      )}
      {dialog === "purge" && (
        <ConfirmDialog
          title="Delete permanently"
          confirmLabel="Delete permanently"
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            const result = await api.purgeTarget(target.id);
            onNotify(
              `${target.name}: ${result.deleted} soft-deleted user${result.deleted === 1 ? "" : "s"} deleted` +
                (result.failed ? `, ${result.failed} failed` : ""),
              result.failed ? "error" : "info",
            );
          }}
        >
          <p>
            Send <span className="mono">DELETE /Users/&#123;id&#125;</span> now for every user{" "}
            <strong>{target.name}</strong> has soft-deleted, instead of waiting for the window to end?
          </p>
        </ConfirmDialog>
      )}
      {dialog === "delete" && (
        <ConfirmDialog
          title="Remove target"
          confirmLabel="Remove target"
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api.deleteTarget(target.id);
            onChanged();
          }}
        >
          <p>
            Stop provisioning to <strong>{target.name}</strong> and forget it?
          </p>
          <p className="muted">Nothing is sent to the target; the accounts it holds stay as they are.</p>
        </ConfirmDialog>
      )}
    </article>
  );
}

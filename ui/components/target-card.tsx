import { useState } from "react";
import type { CycleRecord, DriftReport, Group, TargetView, User } from "../../server/protocol";
import { api, type ConnectionTest, messageOf, type SyncRequest } from "../api";
import type { CycleProgress } from "../cycles";
import { isEntra } from "../dialects";
import { describeAuth, formatRun } from "../format";
import { AssignmentsDialog } from "./assignments-dialog";
import { ConfirmDialog } from "./confirm-dialog";
import { CycleHistoryDialog } from "./cycle-history-dialog";
import { CycleProgressBar } from "./cycle-progress";
import { DriftDialog } from "./drift-dialog";
import { DryRunDialog } from "./dry-run-dialog";
import { HealthBadge, healthDetail } from "./health-badge";
import { SyncMenu } from "./sync-menu";
import { SyncSummaryView } from "./sync-summary-view";
import { TargetFormDialog } from "./target-form-dialog";

interface Props {
  target: TargetView;
  users: User[];
  groups: Group[];
  /** The cycle running on this target right now, from /ws. */
  progress: CycleProgress | undefined;
  /** How many cycles of this target have ended since the page loaded; a change re-reads the history. */
  cycleVersion: number;
  onChanged: () => void;
  onNotify: (message: string, kind?: "error" | "info") => void;
}

type Dialog = "edit" | "assignments" | "purge" | "delete" | "history" | "dry-run" | "drift" | null;
type Busy = "sync" | "test" | "restart" | null;

function hasDrift(record: CycleRecord | null): record is CycleRecord & { drift: DriftReport } {
  return record?.drift !== undefined;
}

/** One provisioning target: where it points, how it speaks and when, and what can be done to it. */
export function TargetCard({ target, users, groups, progress, cycleVersion, onChanged, onNotify }: Props) {
  const [busy, setBusy] = useState<Busy>(null);
  const [summary, setSummary] = useState<CycleRecord | null>(null);
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [healthOpen, setHealthOpen] = useState(false);

  const sync = async (request: SyncRequest, label: string) => {
    setBusy("sync");
    setError(null);
    setTest(null);
    try {
      const record = await api.syncTarget(target.id, request);
      setSummary(record);
      if (record.drift) setDialog("drift");
    } catch (err) {
      setSummary(null);
      setError(`${label} failed: ${messageOf(err)}`);
    } finally {
      setBusy(null);
    }
  };

  const restart = async () => {
    setBusy("restart");
    setError(null);
    setTest(null);
    try {
      setSummary(await api.restartTarget(target.id));
      onChanged();
    } catch (err) {
      setError(`Restart failed: ${messageOf(err)}`);
    } finally {
      setBusy(null);
    }
  };

  const testConnection = async () => {
    setBusy("test");
    setError(null);
    setSummary(null);
    try {
      setTest(await api.testTarget(target.id));
    } catch (err) {
      setTest(null);
      setError(`Test connection failed: ${messageOf(err)}`);
    } finally {
      setBusy(null);
    }
  };

  const nextRun = target.mode === "schedule" ? target.nextRuns[0] : undefined;
  const health = target.health;

  return (
    <article
      className="target-card"
      data-testid="target-card"
      data-target-id={target.id}
      data-target-name={target.name}
      data-profile={target.profile}
      data-scope={target.scope}
      data-health={health.state}
    >
      <header className="target-head">
        <h3>
          <span className="cell-ellipsis">{target.name}</span>
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
      <dl className="target-facts">
        <div>
          <dt>Profile</dt>
          <dd>
            <span className="pill pill-profile" data-testid="target-profile">
              {target.profile}
            </span>
          </dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd data-testid="target-mode">
            <span className="pill">{target.mode}</span>
            {target.mode === "schedule" && target.schedule && (
              <span className="mono muted"> {target.schedule}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Scope</dt>
          <dd className="dd-wrap" data-testid="target-scope">
            {target.scope === "all" ? (
              "all users"
            ) : (
              <>
                assigned{" "}
                <span className="muted">
                  · {target.assigned.users.length} users · {target.assigned.groups.length} groups
                </span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{nextRun ? "Next run" : "Deprovision"}</dt>
          <dd>
            {nextRun ? (
              <span className="mono" data-testid="target-next-run" title={target.nextRuns.join("\n")}>
                {formatRun(nextRun)}
              </span>
            ) : (
              target.deprovision
            )}
          </dd>
        </div>
        <div className="fact-wide">
          <dt>Auth</dt>
          <dd className="mono">{describeAuth(target.auth)}</dd>
        </div>
      </dl>
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
        {isEntra(target.profile) && (
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
      {dialog === "history" && (
        <CycleHistoryDialog target={target} version={cycleVersion} onClose={() => setDialog(null)} />
      )}
      {dialog === "dry-run" && (
        <DryRunDialog target={target} users={users} groups={groups} onClose={() => setDialog(null)} />
      )}

      {dialog === "edit" && (
        <TargetFormDialog target={target} onSaved={onChanged} onClose={() => setDialog(null)} />
      )}
      {dialog === "assignments" && (
        <AssignmentsDialog target={target} users={users} groups={groups} onClose={() => setDialog(null)} />
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

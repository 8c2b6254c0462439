import { useState } from "react";
import type { Target } from "../../server/protocol";
import { api, messageOf, type SyncSummary } from "../api";
import { describeAuth } from "../format";
import { SyncSummaryView } from "./sync-summary-view";

/** One provisioning target: where it points, how it speaks and when, and a "Sync now" button. */
export function TargetCard({ target }: { target: Target }) {
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<SyncSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const sync = async () => {
    setBusy(true);
    setError(null);
    try {
      setSummary(await api.syncTarget(target.id));
    } catch (err) {
      setSummary(null);
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="target-card" data-testid="target-card" data-target-id={target.id}>
      <header className="target-head">
        <h3>
          {target.name}
          {target.embedded && <span className="pill pill-accent">embedded</span>}
        </h3>
        <button
          type="button"
          className="primary small"
          onClick={sync}
          disabled={busy}
          data-testid="sync-target"
        >
          {busy ? "Syncing…" : "Sync now"}
        </button>
      </header>
      <div className="mono target-url" title={target.baseUrl}>
        {target.baseUrl}
      </div>
      <dl className="target-facts">
        <div>
          <dt>Profile</dt>
          <dd>
            <span className="pill">{target.profile}</span>
          </dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>
            <span className="pill">{target.mode}</span>
            {target.schedule && <span className="mono muted"> {target.schedule}</span>}
          </dd>
        </div>
        <div>
          <dt>Deprovision</dt>
          <dd>{target.deprovision}</dd>
        </div>
        <div>
          <dt>Auth</dt>
          <dd className="mono">{describeAuth(target.auth)}</dd>
        </div>
      </dl>
      {error && (
        <p className="form-error" role="alert">
          Sync failed: {error}
        </p>
      )}
      {summary && <SyncSummaryView summary={summary} />}
    </article>
  );
}

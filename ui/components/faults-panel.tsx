import { useCallback, useEffect, useState } from "react";
import { api, type Fault, messageOf } from "../api";
import { FaultForm } from "./fault-form";
import { FaultList } from "./fault-list";
import { Panel } from "./panel";
import "./faults-panel.css";

const POLL_MS = 1000;

interface Props {
  strict: boolean | undefined;
  onOrgChanged: () => void;
  onClose: () => void;
}

/** Make the embedded org misbehave: faults with how often they fired, and its strict or lenient SCIM rules. */
export function FaultsPanel({ strict, onOrgChanged, onClose }: Props) {
  const [faults, setFaults] = useState<Fault[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.faults().then(
      (list) => {
        setFaults(list);
        setError(null);
      },
      (err: unknown) => setError(messageOf(err)),
    );
  }, []);

  // Polled while the panel is open: `fired` changes with every request the org receives.
  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const clear = async () => {
    setBusy(true);
    try {
      await api.clearFaults();
      load();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const setStrict = async (value: boolean) => {
    setBusy(true);
    try {
      await api.configureOrg({ strict: value });
      onOrgChanged();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel
      title="Faults"
      count={faults?.length}
      subtitle="make the embedded org misbehave, on purpose"
      className="panel-org panel-faults"
      testId="faults-panel"
      actions={
        <>
          <button
            type="button"
            className="small danger-ghost"
            onClick={clear}
            disabled={busy || !faults?.length}
            data-testid="clear-faults"
          >
            Clear all
          </button>
          <button type="button" className="small" onClick={onClose} data-testid="close-faults">
            ← Org
          </button>
        </>
      }
    >
      <div className="org-rules">
        <span className="control-label">SCIM rules</span>
        <div className="segmented">
          {([true, false] as const).map((value) => (
            <button
              key={String(value)}
              type="button"
              aria-pressed={strict === value}
              className={strict === value ? "selected" : ""}
              onClick={() => strict !== value && setStrict(value)}
              disabled={busy || strict === undefined}
              data-testid={value ? "org-strict" : "org-lenient"}
            >
              {value ? "strict" : "lenient"}
            </button>
          ))}
        </div>
        <span className="muted org-rules-hint">
          {strict
            ? "refuses what RFC 7643/7644 forbids"
            : "accepts what real apps accept (unknown attributes, loose types)"}
        </span>
      </div>
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
      <FaultForm onAdded={load} />
      <h4 className="section-title fault-list-title">In force</h4>
      {faults && <FaultList faults={faults} />}
    </Panel>
  );
}

import { useState } from "react";
import { ApiRequestError, api, type DemoReset } from "../api";
import { ConfirmDialog } from "./confirm-dialog";
import "./reset-demo.css";

interface Props {
  /** The demo is back to its first start: everything the page shows must be read again. */
  onReset: (result: DemoReset) => void;
  onError: (message: string) => void;
}

/** The header's way back to a first start, for the next class or the next test session. */
export function ResetDemo({ onReset, onError }: Props) {
  const [confirming, setConfirming] = useState(false);

  const reset = async () => {
    try {
      onReset(await api.resetDemo());
    } catch (err) {
      // A running scenario is a reason to wait, not a broken dialog: say so where the page's messages go.
      if (err instanceof ApiRequestError && err.status === 409) onError(`Reset demo: ${err.message}`);
      else throw err;
    }
  };

  return (
    <>
      <button
        type="button"
        className="header-chip reset-demo"
        onClick={() => setConfirming(true)}
        data-testid="reset-demo"
        title="Put the directory, the targets and the embedded org back to a first start"
      >
        Reset demo
      </button>
      {confirming && (
        <ConfirmDialog
          title="Reset demo"
          confirmLabel="Reset demo"
          danger
          onClose={() => setConfirming(false)}
          onConfirm={reset}
        >
          <p>
            This deletes every user, group and target, the embedded org's data and preset, faults and the
            traffic log; the 12 demo people and the Embedded org target come back.
          </p>
          <p className="muted">
            The targets go first, so nothing is deprovisioned on them; the clock goes back to real time, at
            its start-up speed.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

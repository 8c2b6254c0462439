import { type ReactNode, useState } from "react";
import { messageOf } from "../api";
import { Modal } from "./modal";

interface Props {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  children: ReactNode;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks before something that cannot be undone; stays open and shows the reason if the action fails. */
export function ConfirmDialog({ title, confirmLabel, danger, children, onConfirm, onClose }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Modal title={title} onClose={onClose} testId="confirm-dialog">
      <div className="modal-body">{children}</div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <footer className="modal-foot">
        <button type="button" className="ghost" onClick={onClose} data-testid="confirm-cancel">
          Cancel
        </button>
        <button
          type="button"
          className={danger ? "danger" : "primary"}
          onClick={confirm}
          disabled={busy}
          data-testid="confirm-ok"
        >
          {busy ? "Working…" : confirmLabel}
        </button>
      </footer>
    </Modal>
  );
}

import type { CycleRecord, DriftReport } from "../../server/protocol";
import { DriftView } from "./drift-view";
import { Modal } from "./modal";

interface Props {
  targetName: string;
  record: CycleRecord & { drift: DriftReport };
  onClose: () => void;
}

/** What a reconcile found, readable at a glance. */
export function DriftDialog({ targetName, record, onClose }: Props) {
  return (
    <Modal title={`Drift on ${targetName}`} onClose={onClose} testId="drift-dialog" wide>
      <div className="modal-body">
        <p className="muted">
          Reconcile{record.drift.fixed ? " and fix" : ""} · {new Date(record.startedAt).toLocaleString()} ·{" "}
          {record.durationMs} ms
        </p>
        <DriftView drift={record.drift} />
      </div>
      <footer className="modal-foot">
        <button type="button" className="primary" onClick={onClose} data-testid="close-drift">
          Close
        </button>
      </footer>
    </Modal>
  );
}

import { useId, useState } from "react";
import type { TargetView, User } from "../../server/protocol";
import { api } from "../api";
import { fullName } from "../format";
import { useSubmit } from "../use-submit";
import { FormDialog } from "./form-dialog";

interface Props {
  user: User;
  targets: TargetView[];
  onNotify: (message: string, kind?: "error" | "info") => void;
  onClose: () => void;
}

/** "Provision on demand": push one user to one target now, whatever the target's mode, and say what happened. */
export function ProvisionDialog({ user, targets, onNotify, onClose }: Props) {
  const [targetId, setTargetId] = useState(targets[0]?.id ?? "");
  const submit = useSubmit();
  const selectId = useId();
  const target = targets.find((t) => t.id === targetId);

  const provision = () => {
    if (!target) return;
    return submit.run(async () => {
      const result = await api.provision(target.id, user.id);
      onNotify(
        result.error
          ? `${user.userName} → ${target.name}: ${result.outcome}: ${result.error}`
          : `${user.userName} → ${target.name}: ${result.outcome}`,
        result.error || result.outcome === "failed" ? "error" : "info",
      );
      onClose();
    });
  };

  return (
    <FormDialog
      title="Provision on demand"
      onClose={onClose}
      testId="provision-dialog"
      submit={submit}
      onSubmit={provision}
      submitLabel="Provision now"
      busyLabel="Provisioning…"
      submitTestId="provision-submit"
      submitDisabled={!target}
    >
      <div className="modal-body">
        <p>
          Push <strong>{fullName(user)}</strong> <span className="mono muted">({user.userName})</span> to a
          target now, whatever its mode or scope.
        </p>
        <label className="field" htmlFor={selectId}>
          <span className="field-label">Target</span>
          <select
            id={selectId}
            value={targetId}
            onChange={(e) => setTargetId(e.target.value)}
            data-testid="provision-target"
          >
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} · {t.profile} · {t.mode}
              </option>
            ))}
          </select>
        </label>
      </div>
    </FormDialog>
  );
}

import { useState } from "react";
import type { Group, TargetView } from "../../server/protocol";
import type { CycleActivity } from "../cycles";
import { Panel } from "./panel";
import { TargetCard } from "./target-card";
import { TargetFormDialog } from "./target-form-dialog";
import "./targets-panel.css";

interface Props {
  targets: TargetView[] | undefined;
  groups: Group[] | undefined;
  error: string | null;
  cycles: CycleActivity;
  onChanged: () => void;
  onNotify: (message: string, kind?: "error" | "info") => void;
  /** The target the address picks out, and how a card is picked. */
  selection?: { id: string | undefined; select(id: string): void };
}

export function TargetsPanel({ targets, groups, error, cycles, onChanged, onNotify, selection }: Props) {
  const [adding, setAdding] = useState(false);
  return (
    <Panel
      title="Targets"
      count={targets?.length}
      subtitle="where provisioning pushes"
      className="panel-targets"
      testId="targets-panel"
      actions={
        <button
          type="button"
          className="primary small"
          onClick={() => setAdding(true)}
          data-testid="add-target"
        >
          + Add target
        </button>
      }
    >
      {error && (
        <p className="panel-error" role="alert">
          Could not load targets: {error}
        </p>
      )}
      {targets && targets.length === 0 && <p className="empty">No targets. Add one to start provisioning.</p>}
      <div className="target-list">
        {targets?.map((target) => (
          <TargetCard
            key={target.id}
            target={target}
            groups={groups ?? []}
            progress={cycles.running[target.id]}
            cycleVersion={cycles.ended[target.id] ?? 0}
            onChanged={onChanged}
            onNotify={onNotify}
            selected={selection?.id === target.id}
            onSelect={selection?.select}
          />
        ))}
      </div>
      {adding && <TargetFormDialog target={null} onSaved={onChanged} onClose={() => setAdding(false)} />}
    </Panel>
  );
}

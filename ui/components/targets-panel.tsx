import type { Target } from "../../server/protocol";
import { Panel } from "./panel";
import { TargetCard } from "./target-card";

interface Props {
  targets: Target[] | undefined;
  error: string | null;
}

export function TargetsPanel({ targets, error }: Props) {
  return (
    <Panel
      title="Targets"
      count={targets?.length}
      subtitle="where provisioning pushes"
      className="panel-targets"
      testId="targets-panel"
    >
      {error && (
        <p className="panel-error" role="alert">
          Could not load targets: {error}
        </p>
      )}
      {targets && targets.length === 0 && (
        <p className="empty">No targets. Add one with POST /api/targets.</p>
      )}
      <div className="target-list">
        {targets?.map((target) => (
          <TargetCard key={target.id} target={target} />
        ))}
      </div>
    </Panel>
  );
}

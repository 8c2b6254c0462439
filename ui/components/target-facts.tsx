import type { TargetView } from "../../server/protocol";
import { describeAuth, formatRun } from "../format";
import "./target-facts.css";

/** What a target card says about its target: how it speaks, when, to whom, and with which credentials. */
export function TargetFacts({ target }: { target: TargetView }) {
  const nextRun = target.mode === "schedule" ? target.nextRuns[0] : undefined;
  return (
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
  );
}

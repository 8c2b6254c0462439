import type { RunOrigin } from "../api";
import { formatRun } from "../format";

/** Marks a user or group a scenario run made: it stays out of every other target until removed or kept. */
export function OriginPill({ origin }: { origin: RunOrigin | null }) {
  if (!origin) return null;
  return (
    <span
      className="pill pill-scenario"
      title={`made by the run of ${origin.scenario} at ${formatRun(origin.at)}; only that run's target provisions it`}
      data-testid="origin-pill"
      data-run-id={origin.runId}
    >
      scenario
    </span>
  );
}

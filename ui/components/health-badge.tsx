import type { TargetHealth } from "../../server/protocol";
import { formatRun } from "../format";
import "./health-badge.css";

const LABELS: Record<TargetHealth["state"], string> = {
  healthy: "healthy",
  retrying: "retrying",
  failing: "failing",
  quarantined: "quarantined",
};

/** Why a target is not healthy, in a sentence; null when it is. */
export function healthDetail(health: TargetHealth): string | null {
  switch (health.state) {
    case "healthy":
      return null;
    case "retrying":
      return `${health.reason} · ${health.pending} operation${health.pending === 1 ? "" : "s"} waiting to retry`;
    case "failing":
      return `failing: ${health.reason}${health.pending > 0 ? ` · ${health.pending} operation${health.pending === 1 ? "" : "s"} held` : ""}`;
    case "quarantined":
      return `${health.reason} · since ${formatRun(health.since)} (simulated)`;
  }
}

interface Props {
  health: TargetHealth;
  /** Whether the card shows the reason beneath its head. */
  open: boolean;
  onToggle: () => void;
}

/** The target's health as a traffic light; the reason shows on hover, and a click pins it open on the card. */
export function HealthBadge({ health, open, onToggle }: Props) {
  const detail = healthDetail(health);
  return (
    <button
      type="button"
      className={`health-badge health-${health.state}`}
      title={detail ?? "every request is getting through"}
      aria-expanded={detail ? open : undefined}
      onClick={() => detail && onToggle()}
      data-testid="target-health"
      data-state={health.state}
    >
      {LABELS[health.state]}
    </button>
  );
}

import type { Target, TargetHealth } from "../protocol";
import type { CycleStore } from "./cycle-store";
import { failureKind } from "./failure-kind";
import type { Outbox } from "./outbox";
import type { Send } from "./send";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A target's health as an admin console shows it, worst first. */
export function healthOf(
  target: Target,
  deps: { outbox: Outbox; store: CycleStore; send: Send },
): TargetHealth {
  const { outbox, store, send } = deps;
  const quarantine = store.quarantine(target.id);
  if (quarantine) return { state: "quarantined", reason: quarantine.reason, since: quarantine.since };
  const entries = outbox.entries(target.id);
  const givenUp = outbox.givenUp(target.id);
  const refused = entries.find((e) => e.stopped && failureKind(e.status) === "auth");
  if (refused) {
    const reason = `${refused.status} — check the token: the target refused the credentials, so retries have stopped until the target is edited, synced or restarted (${refused.lastError ?? "refused"})`;
    return { state: "failing", reason, pending: entries.length, failed: givenUp.length };
  }
  const paused = send.pausedUntil(target.id);
  if (paused > 0) {
    const until = new Date(paused).toISOString();
    return {
      state: "retrying",
      reason: `HTTP 429: paused until ${until} as Retry-After asks`,
      pending: entries.length,
    };
  }
  const stopped = entries.filter((e) => e.stopped);
  if (givenUp.length > 0 || stopped.length > 0) {
    const latest = givenUp.at(-1);
    const reason = latest
      ? `${plural(givenUp.length, "operation")} failed for good (HTTP ${latest.status}); latest: ${latest.error}`
      : `${plural(stopped.length, "task")} stopped: ${stopped[0]?.lastError ?? "stopped"}`;
    return { state: "failing", reason, pending: entries.length, failed: givenUp.length };
  }
  const failing = entries.filter((e) => e.attempts > 0);
  if (failing.length === 0) return { state: "healthy" };
  const latest = failing.reduce((a, b) => (b.notBefore > a.notBefore ? b : a));
  const attempts = Math.max(...failing.map((e) => e.attempts));
  return { state: "retrying", reason: latest.lastError ?? "failed", pending: failing.length, attempts };
}

// Exchanges: every request SCIMulator sent and the answer it got, as the log and /ws carry them.

import type { CycleKind } from "./cycles";
import type { DirectoryEvent } from "./directory";

/** What set an exchange off, before any retry. */
export type BaseCauseType =
  | DirectoryEvent["type"]
  | `cycle:${CycleKind}`
  | "provision-on-demand"
  | "purge"
  | "test-connection"
  | "reconcile"
  | "scenario:expect"
  | "scenario:preflight"
  | "scenario:cleanup"

  /** The compatibility check's own requests: validator tests, read-backs and clean-up. */
  | "check";

/** The cause of an exchange: what set it off, prefixed by how it was run again (retry, sweep, after a restart). */
export type ExchangeCauseType = BaseCauseType | `${"retry" | "sweep" | "resume"}:${BaseCauseType}`;

export interface ExchangeCause {
  type: ExchangeCauseType;
  userId?: string;
  groupId?: string;
  /** The cycle this belongs to, when a cycle set it off. */
  cycleId?: string;
  /** Set off by another resource's change (a manager who arrived, a member who changed), not asked for itself. */
  followUp?: boolean;
}

export interface Exchange {
  id: string;
  at: string;
  targetId: string;
  cause: ExchangeCause;
  request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown } | null;
  error?: string;
  /** The simulated clock's time when the exchange started (differs from `at` when time is scaled). */
  simulatedAt?: string;
  /** Why something was left out of this request (a manager not on the target yet, say). */
  note?: string;
  durationMs: number;
}

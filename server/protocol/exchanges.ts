// Exchanges: every request SCIMulator sent and the answer it got, as the log and /ws carry them.

import type { CycleKind } from "./cycles";
import type { DirectoryEvent } from "./directory";
import type { SignInFacts } from "./signin";

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
  | "check"
  /** A browser or an app at the embedded IdP: a sign-in, a token request, a sign-out. */
  | "sign-in"
  /** The IdP ending a user's sessions when the directory deactivated or deleted them (back-channel logout). */
  | "sign-out";

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

/**
 * What an exchange is: SCIMulator provisioning a target over SCIM (the default, and what an exchange without a
 * kind is), or a step of a sign-in at the embedded IdP (OIDC or SAML), beside the SCIM calls in the same log.
 */
export const EXCHANGE_KINDS = ["scim", "sign-in"] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];

export interface Exchange {
  id: string;
  at: string;
  /** The target the SCIM call went to; for a sign-in exchange, the app's id. */
  targetId: string;
  /** Absent on SCIM exchanges (and on every exchange logged before sign-in existed). */
  kind?: ExchangeKind;
  /** For a sign-in exchange: the app, the user and what happened. */
  signIn?: SignInFacts;
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

// The compatibility check: which IdPs a SCIM server works with, check by check. This is the shape of
// `scimulator check --json`, of GET /api/checks/:checkId, and of the check messages on /ws.

import type { Exchange } from "./exchanges";
import type { Profile } from "./targets";

/** The IdPs a check speaks as: every dialect but rfc, which is the RFC itself rather than an IdP. */
export const CHECK_PROFILES = [
  "okta",
  "okta-aiw",
  "entra",
  "entra-scim062020",
  "onelogin",
] as const satisfies readonly Profile[];
export type CheckProfile = (typeof CHECK_PROFILES)[number];

/** The IdPs by the names their admins know. */
export const IDP_NAMES: Record<CheckProfile, string> = {
  okta: "Okta",
  "okta-aiw": "Okta (AIW app)",
  entra: "Microsoft Entra ID",
  "entra-scim062020": "Microsoft Entra ID (aadOptscim062020)",
  onelogin: "OneLogin",
};

/** Every check, in the order it runs. The ids are stable: JUnit test case names and CI filters are built on them. */
export const CHECK_IDS = [
  "connection",
  "user.create",
  "user.update",
  "user.rename",
  "user.deactivate",
  "user.reactivate",
  "group.create",
  "group.members.add",
  "group.members.remove",
  "group.rename",
  "list.page",
  "list.paging",
  "filter.no-match",
  "filter.case-insensitive",
  "user.missing",
  "user.duplicate",
  "auth.invalid",
  "groups.list",
  "patch.op-case",
  "discovery",
  "group.delete",
  "user.deprovision",
  "user.delete",
  "resource.id",
  "content-type",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * pass; warning: the IdP copes, but the answer is wrong; fail: the IdP's provisioning breaks; skip: not run,
 * because a check it builds on failed (or, for auth.invalid, because the server takes no credentials).
 */
export type CheckVerdict = "pass" | "warning" | "fail" | "skip";

/** yes: every check passed; with caveats: warnings only; no: at least one check failed. */
export type CheckGrade = "yes" | "with caveats" | "no";

/** One thing a check found wrong, in words that quote what was sent and what the server answered. */
export interface CheckFinding {
  level: "fail" | "warning";
  message: string;
  /** The exchange that shows it. */
  exchangeId?: string;
  /** How to put a warning right (a failure's fix is the check's own). */
  fix?: string;
  /** What caused a failure, when it picks a more precise explanation (`string-boolean`, `accepted`). */
  reason?: string;
}

export interface CheckResult {
  id: CheckId;
  title: string;
  /** Whose rule this is: the IdP's own traffic, a vendor's validator, or the RFC. */
  source: string;
  verdict: CheckVerdict;
  /** What was sent and answered, in one line; for a skip, why it did not run. */
  summary: string;
  findings: CheckFinding[];
  /** Unless the check passed or was skipped: what the IdP's admin would see. */
  consequence?: string;
  /** How the server can put it right. */
  fix?: string;
  /** Every exchange the check sent, in order (ids into the report's `exchanges`). */
  exchangeIds: string[];
  durationMs: number;
}

export interface CheckCounts {
  pass: number;
  warning: number;
  fail: number;
  skip: number;
}

/** One IdP's column of the report card. */
export interface DialectCard {
  profile: CheckProfile;
  /** The IdP by name, as its admins know it. */
  idp: string;
  grade: CheckGrade;
  counts: CheckCounts;
  checks: CheckResult[];
  durationMs: number;
}

/** A test resource the clean-up could not delete. */
export interface CleanupItem {
  resource: "User" | "Group";
  id: string;
  name: string;
  /** What the server answered to the DELETE (and to the deactivation after it). */
  reason: string;
}

export interface CheckCleanup {
  /** Test resources deleted (or already gone). */
  removed: number;
  /** Users the server would not delete, deactivated instead. */
  deactivated: CleanupItem[];
  /** Resources still on the server as they were. */
  left: CleanupItem[];
}

/**
 * compatible: every IdP checked grades yes or with caveats (exit 0); incompatible: at least one grades no
 * (exit 1); unreachable: no answer at all; refused: the server refused the credentials (both exit 3).
 */
export type CheckOutcome = "compatible" | "incompatible" | "unreachable" | "refused";

export interface CheckReport {
  format: "scimulator-check/1";
  /** The SCIMulator version that ran it. */
  version: string;
  /** The SCIM base URL checked, with any credentials in it masked. */
  baseUrl: string;
  /** The tag in every test resource's name (scimulator-check-<tag>-…). */
  tag: string;
  status: "running" | "done";
  startedAt: string;
  durationMs: number;
  /** null while running. */
  outcome: CheckOutcome | null;
  /** Why nothing could be checked (unreachable or refused), with the status. */
  problem?: string;
  requestsPerSecond: number | null;
  cards: DialectCard[];
  cleanup: CheckCleanup;
  /** Every exchange of the check, redacted, oldest first. */
  exchanges: Exchange[];
}

/** POST /api/targets/:id/check: which IdPs to check as (all by default) and how fast (10 a second by default). */
export interface CheckInput {
  profiles?: CheckProfile[];
  rate?: number;
}

/** The checks one IdP will run, as the start message lists them. */
export interface CheckPlan {
  profile: CheckProfile;
  idp: string;
  checks: Array<{ id: CheckId; title: string }>;
}

/** The /ws messages of a check run from the UI. */
export type CheckMessage =
  | { type: "check"; checkId: string; targetId: string; phase: "start"; plan: CheckPlan[] }
  | {
      type: "check";
      checkId: string;
      targetId: string;
      phase: "check";
      profile: CheckProfile;
      result: CheckResult;
    }
  | {
      type: "check";
      checkId: string;
      targetId: string;
      phase: "end";
      outcome: CheckOutcome;
      grades: Array<{ profile: CheckProfile; grade: CheckGrade }>;
    };

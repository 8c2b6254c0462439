// Provisioning cycles and their dry runs.

import type { RenderedExchange } from "./renderings";

export const CYCLE_KINDS = ["full", "incremental", "reconcile"] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

export interface CycleCounts {
  created: number;
  linked: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  deleted: number;
  unchanged: number;
  failed: number;
}

/** One provisioning cycle of one target, as kept in its history; the counts at the top are for users. */
/** The counters of a cycle, in the order a summary reads them. */
export const CYCLE_COUNTERS: ReadonlyArray<keyof CycleCounts> = [
  "created",
  "linked",
  "updated",
  "deactivated",
  "reactivated",
  "deleted",
  "unchanged",
  "failed",
];

export interface CycleRecord extends CycleCounts {
  id: string;
  targetId: string;
  kind: CycleKind;
  cause: string;
  startedAt: string;
  /** The simulated clock's time when the cycle started. */
  simulatedAt: string;
  endedAt: string;
  durationMs: number;
  /** How many users the cycle looked at. */
  users: number;
  groups: CycleCounts & { total: number };
  /**
   * What the cycle's changes set off on other resources, counted apart from the users and groups it pushed
   * itself: a report sent again once its manager was created, a group brought in line with a changed member.
   */
  followUps?: { users: CycleCounts; groups: CycleCounts };
  errors: Array<{ userId?: string; groupId?: string; error: string }>;
  drift?: DriftReport;
  quarantined: boolean;
}

export interface DriftReport {
  /** Linked in SCIMulator but not on the target. */
  missing: Array<{ userId?: string; groupId?: string; name: string; remoteId: string }>;
  /** On the target but linked to nothing in the directory. */
  unknown: Array<{ remoteId: string; name: string; resourceType: "User" | "Group" }>;
  /** On both, with attributes that differ. */
  different: Array<{
    userId?: string;
    groupId?: string;
    name: string;
    remoteId: string;
    fields: Array<{ field: string; directory: unknown; target: unknown }>;
  }>;
  fixed: boolean;
}

/** What a Sync menu entry asks for: a cycle kind, and for a reconcile whether to fix the drift it finds. */
export interface SyncRequest {
  kind: CycleKind;
  fix?: boolean;
}

export type PreviewKind = "incremental" | "full";

/** One operation a dry run says the next cycle would send, as the dialect renders it. */
export interface PreviewItem {
  userId?: string;
  groupId?: string;
  /** The userName or group name, so the preview names who it is about without a directory read. */
  name: string;
  operation: string;
  exchanges: RenderedExchange[];
}

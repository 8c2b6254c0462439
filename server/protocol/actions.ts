// What an admin's buttons answer: provision on demand, test connection, purge.

/** What one user's or group's provisioning on one target came to; provision on demand answers with it. */
export interface JobResult {
  outcome:
    | "created"
    | "linked"
    | "updated"
    | "deactivated"
    | "reactivated"
    | "deleted"
    | "unchanged"
    | "failed"
    | "skipped";
  error?: string;
  /** The HTTP status of the failure (0 when nothing answered). */
  status?: number;
  /** The dialect ended the task (Okta after a 409): kept in the outbox, but not retried on its own. */
  stop?: boolean;
}

/** The answer to "Test connection". */
export interface ConnectionTest {
  ok: boolean;
  status: number;
  detail: string;
}

/** What a purge of soft-deleted users did. */
export interface PurgeResult {
  deleted: number;
  failed: number;
}

/** POST /api/targets/:id/provision answers with the job's result. */
export type ProvisionResult = JobResult;

// Faults the embedded org can be told to inject.

export const FAULT_STATUSES = [429, 500, 503, 401, 409] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];
export const FAULT_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type FaultMethod = (typeof FAULT_METHODS)[number];

/** Requests carrying this header observe the org and pass faults by (the UI's and expectations' reads). */
export const OBSERVER_HEADER = "x-scimulator-observer";

/** What POST /api/target-org/faults takes. */
export interface FaultInput {
  status?: FaultStatus;
  retryAfterSeconds?: number;
  latencyMs?: number;
  hang?: boolean;
  drop?: boolean;
  count?: number;
  rate?: number;
  method?: FaultMethod;
  path?: string;
}

/** A fault the embedded org applies, with how many requests it has hit so far. */
export interface Fault extends FaultInput {
  id: string;
  fired: number;
  createdAt: string;
}

// The control API's one error shape.

/** The one error shape of the control API. */
export interface ApiError {
  error: string;
  details?: unknown;
}

/** One field the server refused, as listed in the `details` of a 400. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * One page of a control API list (GET /api/users, /api/groups, /api/log with `startIndex`, `count` or `filter`),
 * shaped like a SCIM ListResponse: `totalResults` counts every match, `startIndex` is 1-based.
 */
export interface Page<T> {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

/** The most rows one page of a control API list carries. */
export const MAX_PAGE_COUNT = 1000;

/** The rows a page carries when `count` is not given. */
export const DEFAULT_PAGE_COUNT = 100;

/** POST /api/reset: what the demo holds once it is back to its first-start state. */
export interface DemoReset {
  users: number;
  groups: number;
  targets: number;
}

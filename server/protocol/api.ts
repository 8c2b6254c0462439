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

/** POST /api/reset: what the demo holds once it is back to its first-start state. */
export interface DemoReset {
  users: number;
  groups: number;
  targets: number;
}

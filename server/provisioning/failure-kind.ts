/**
 * What a failed operation's last status means for its retries:
 * - `auth`: 401 or 403; no retry can succeed until someone fixes the credentials, so the target stops retrying;
 * - `permanent`: any other 4xx but 408, 409 and 429; the request itself is wrong for this target, so the
 *   operation ends as failed (its response is in the log and the target's health) instead of waiting forever;
 * - `transient`: no answer, 5xx, 408, 409 or 429; worth retrying with backoff and on the sweep.
 */
export type FailureKind = "auth" | "permanent" | "transient";

export function failureKind(status: number | undefined): FailureKind {
  if (status === 401 || status === 403) return "auth";
  if (status !== undefined && status >= 400 && status < 500 && ![408, 409, 429].includes(status))
    return "permanent";
  return "transient";
}

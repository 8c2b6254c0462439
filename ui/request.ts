import type { FieldError } from "../server/protocol";

/** A failed call: the control API's `{error, details}` (or a SCIM error body), as a value the UI can show. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: FieldError[] = [],
  ) {
    super(message);
    this.name = "ApiRequestError";
  }

  /** The first message for each field, keyed by path, for showing next to form fields. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) out[d.path] ??= d.message;
    return out;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseDetails(details: unknown): FieldError[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d): FieldError[] =>
    isRecord(d) && typeof d.path === "string" && typeof d.message === "string"
      ? [{ path: d.path, message: d.message }]
      : [],
  );
}

function errorFrom(status: number, statusText: string, body: unknown): ApiRequestError {
  if (isRecord(body)) {
    if (typeof body.error === "string")
      return new ApiRequestError(body.error, status, parseDetails(body.details));
    // RFC 7644 §3.12 error bodies, from the embedded target org.
    if (typeof body.detail === "string") return new ApiRequestError(body.detail, status);
  }
  return new ApiRequestError(`${status} ${statusText || "request failed"}`, status);
}

/** One control API (or SCIM) call; a failed status throws an ApiRequestError with what the server said. */
export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: HeadersInit = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiRequestError(
      `Cannot reach the simulator (${err instanceof Error ? err.message : String(err)}). Is it still running?`,
      0,
    );
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) throw errorFrom(res.status, res.statusText, parsed);
  return parsed as T;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

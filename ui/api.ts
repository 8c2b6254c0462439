import type { Exchange, Target, User, UserInput } from "../server/protocol";

/** One field the server refused, as listed in the `details` of a 400. */
export interface FieldError {
  path: string;
  message: string;
}

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

async function request<T>(
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

export interface Health {
  ok: boolean;
  version: string;
}

export interface TargetOrgInfo {
  baseUrl: string;
  token: string;
  strict?: boolean;
  users?: number;
  groups?: number;
}

/** The parts of a SCIM User resource the target-org panel shows. */
export interface ScimUser {
  id: string;
  userName: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  displayName?: string;
  active?: boolean;
  emails?: Array<{ value: string; primary?: boolean }>;
  meta?: { lastModified?: string };
}

interface ListResponse<T> {
  totalResults?: number;
  Resources?: T[];
}

/** What POST /api/targets/:id/sync returns: counters plus a list of errors; shown as it comes. */
export type SyncSummary = Record<string, unknown>;

/** The writable user fields; on create userName, givenName and familyName are required. */
export type UserPatch = Partial<UserInput>;

/** The org's SCIM base as a same-origin path, so the page works whichever host name it was opened with. */
function scimPath(baseUrl: string): string {
  const url = new URL(baseUrl, window.location.href);
  return url.pathname.replace(/\/+$/, "");
}

export const api = {
  health: () => request<Health>("GET", "/api/health"),
  users: () => request<User[]>("GET", "/api/users"),
  createUser: (input: UserPatch) => request<User>("POST", "/api/users", input),
  updateUser: (id: string, patch: UserPatch) =>
    request<User>("PATCH", `/api/users/${encodeURIComponent(id)}`, patch),
  deleteUser: (id: string) => request<null>("DELETE", `/api/users/${encodeURIComponent(id)}`),
  targets: () => request<Target[]>("GET", "/api/targets"),
  syncTarget: (id: string) => request<SyncSummary>("POST", `/api/targets/${encodeURIComponent(id)}/sync`),
  targetOrg: () => request<TargetOrgInfo>("GET", "/api/target-org"),
  async orgUsers(org: TargetOrgInfo): Promise<ScimUser[]> {
    const list = await request<ListResponse<ScimUser>>(
      "GET",
      `${scimPath(org.baseUrl)}/Users?count=1000`,
      undefined,
      {
        authorization: `Bearer ${org.token}`,
        accept: "application/scim+json",
      },
    );
    return list.Resources ?? [];
  },
  log: (limit = 200) => request<Exchange[]>("GET", `/api/log?limit=${limit}`),
};

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

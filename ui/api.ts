import type {
  Assignments,
  CycleKind,
  CycleRecord,
  DeprovisionAction,
  Exchange,
  Group,
  Mode,
  Profile,
  Scope,
  TargetAuth,
  TargetOptions,
  TargetView,
  User,
  UserInput,
} from "../server/protocol";

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

/** The parts of a SCIM Group resource the org-groups panel shows. */
export interface ScimGroup {
  id: string;
  displayName: string;
  members?: Array<{ value: string; display?: string }>;
  meta?: { lastModified?: string };
}

interface ListResponse<T> {
  totalResults?: number;
  Resources?: T[];
}

/** What a Sync menu entry asks for: a cycle kind, and for a reconcile whether to fix the drift it finds. */
export interface SyncRequest {
  kind: CycleKind;
  fix?: boolean;
}

/** One operation a dry run says the next cycle would send, as the dialect renders it. */
export interface PreviewItem {
  userId?: string;
  groupId?: string;
  operation: string;
  exchanges: RenderedExchange[];
}

export type PreviewKind = "incremental" | "full";

export const FAULT_STATUSES = [429, 500, 503, 401, 409] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];
export const FAULT_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type FaultMethod = (typeof FAULT_METHODS)[number];

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

/** The simulated clock: its speed and its time, with the server's real time at the moment of reading. */
export interface ClockState {
  scale: number;
  now: string;
  realNow?: string;
}

export interface ScenarioProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One scenario file, as GET /api/scenarios lists it; a broken file has problems and cannot run. */
export interface ScenarioListing {
  id: string;
  name: string;
  description: string;
  requires: string | null;
  profiles: string[];
  steps: number;
  problems: ScenarioProblem[];
}

export interface ScenarioRunInput {
  targetId?: string;
  profile?: Profile;
  stepping?: boolean;
}

export type StepStatus = "running" | "passed" | "failed" | "skipped";

/** What a step ended with (the step-end message's `step`, and each entry of a run's result). */
export interface StepResult {
  index: number;
  label: string;
  kind?: string;
  status: "passed" | "failed" | "skipped";
  durationMs?: number;
  note?: string;
  failure?: { message: string; expected?: unknown; actual?: unknown; exchangeId?: string };
}

/** GET /api/scenarios/runs/:runId: the run's status, and its whole result once it has ended. */
export interface ScenarioRunState {
  id: string;
  scenario: string;
  status: "running" | "paused" | "passed" | "failed" | "skipped";
  result: { status: string; skipReason?: string; durationMs: number; steps: StepResult[] } | null;
}

/** The writable user fields; on create userName, givenName and familyName are required. */
export type UserPatch = Partial<UserInput>;

/** The writable group fields; `members` is always the full new list of directory user ids. */
export interface GroupPatch {
  displayName?: string;
  description?: string | null;
  members?: string[];
}

/** What POST /api/targets takes; PATCH takes any subset. A masked secret sent back keeps the stored one. */
export interface TargetInput {
  name: string;
  baseUrl: string;
  auth: TargetAuth;
  profile: Profile;
  mode: Mode;
  schedule: string | null;
  deprovision: DeprovisionAction;
  scope: Scope;
  options: TargetOptions;
}
export type TargetPatch = Partial<TargetInput> & { assigned?: Partial<Assignments> };

export interface ConnectionTest {
  ok: boolean;
  status: number;
  detail: string;
}

export interface PurgeResult {
  deleted: number;
  failed: number;
}

export interface ProvisionResult {
  outcome: string;
  error?: string;
}

export const RENDER_OPERATIONS = ["create", "update", "deactivate", "reactivate", "delete"] as const;
export type RenderOperation = (typeof RENDER_OPERATIONS)[number];

export interface RenderRequest {
  operation: RenderOperation;
  userId?: string;
  changes?: UserPatch;
  profiles?: Profile[];
}

export interface RenderedExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  assumedStatus: number;
}

export interface Rendering {
  profile: Profile;
  outcome: string;
  exchanges: RenderedExchange[];
}

export interface RenderResult {
  operation: RenderOperation;
  before: User;
  after: User;
  renderings: Rendering[];
}

/** The base URL the compare view renders against (the server's default). */
export const RENDER_BASE_URL = "https://app.example.com/scim/v2";

/** The org's SCIM base as a same-origin path, so the page works whichever host name it was opened with. */
function scimPath(baseUrl: string): string {
  const url = new URL(baseUrl, window.location.href);
  return url.pathname.replace(/\/+$/, "");
}

const OBSERVER_HEADER = "x-scimulator-observer";

/** One page of up to 1000 resources from the embedded org, read over SCIM with its own token. */
async function orgList<T>(org: TargetOrgInfo, resource: "Users" | "Groups"): Promise<T[]> {
  const list = await request<ListResponse<T>>(
    "GET",
    `${scimPath(org.baseUrl)}/${resource}?count=1000`,
    undefined,
    {
      authorization: `Bearer ${org.token}`,
      accept: "application/scim+json",
      // Looking is not provisioning: injected faults are for the IdP's traffic, not for this view.
      [OBSERVER_HEADER]: "ui",
    },
  );
  return list.Resources ?? [];
}

export const api = {
  health: () => request<Health>("GET", "/api/health"),
  users: () => request<User[]>("GET", "/api/users"),
  createUser: (input: UserPatch) => request<User>("POST", "/api/users", input),
  updateUser: (id: string, patch: UserPatch) =>
    request<User>("PATCH", `/api/users/${encodeURIComponent(id)}`, patch),
  deleteUser: (id: string) => request<null>("DELETE", `/api/users/${encodeURIComponent(id)}`),
  groups: () => request<Group[]>("GET", "/api/groups"),
  createGroup: (input: GroupPatch) => request<Group>("POST", "/api/groups", input),
  updateGroup: (id: string, patch: GroupPatch) =>
    request<Group>("PATCH", `/api/groups/${encodeURIComponent(id)}`, patch),
  deleteGroup: (id: string) => request<null>("DELETE", `/api/groups/${encodeURIComponent(id)}`),
  targets: () => request<TargetView[]>("GET", "/api/targets"),
  createTarget: (input: TargetInput) => request<TargetView>("POST", "/api/targets", input),
  updateTarget: (id: string, patch: TargetPatch) =>
    request<TargetView>("PATCH", `/api/targets/${encodeURIComponent(id)}`, patch),
  deleteTarget: (id: string) => request<null>("DELETE", `/api/targets/${encodeURIComponent(id)}`),
  syncTarget: (id: string, sync: SyncRequest = { kind: "full" }) =>
    request<CycleRecord>("POST", `/api/targets/${encodeURIComponent(id)}/sync`, sync),
  previewTarget: (id: string, kind: PreviewKind) =>
    request<PreviewItem[]>("GET", `/api/targets/${encodeURIComponent(id)}/preview?kind=${kind}`),
  cycles: (id: string) => request<CycleRecord[]>("GET", `/api/targets/${encodeURIComponent(id)}/cycles`),
  restartTarget: (id: string) =>
    request<CycleRecord>("POST", `/api/targets/${encodeURIComponent(id)}/restart`, {}),
  testTarget: (id: string) =>
    request<ConnectionTest>("POST", `/api/targets/${encodeURIComponent(id)}/test`, {}),
  purgeTarget: (id: string) =>
    request<PurgeResult>("POST", `/api/targets/${encodeURIComponent(id)}/purge`, {}),
  provision: (targetId: string, userId: string) =>
    request<ProvisionResult>("POST", `/api/targets/${encodeURIComponent(targetId)}/provision`, { userId }),
  renderDialects: (input: RenderRequest) => request<RenderResult>("POST", "/api/dialects/render", input),
  targetOrg: () => request<TargetOrgInfo>("GET", "/api/target-org"),
  setOrgStrict: (strict: boolean) => request<TargetOrgInfo>("PATCH", "/api/target-org", { strict }),
  faults: () => request<Fault[]>("GET", "/api/target-org/faults"),
  addFault: (input: FaultInput) => request<Fault>("POST", "/api/target-org/faults", input),
  clearFaults: () => request<null>("DELETE", "/api/target-org/faults"),
  clock: () => request<ClockState>("GET", "/api/clock"),
  setClock: (patch: { scale?: number; advanceMs?: number }) =>
    request<ClockState>("PATCH", "/api/clock", patch),
  scenarios: () => request<ScenarioListing[]>("GET", "/api/scenarios"),
  runScenario: (id: string, input: ScenarioRunInput) =>
    request<{ runId: string }>("POST", `/api/scenarios/${encodeURIComponent(id)}/run`, input),
  scenarioRun: (runId: string) =>
    request<ScenarioRunState>("GET", `/api/scenarios/runs/${encodeURIComponent(runId)}`),
  continueRun: (runId: string) =>
    request<{ status: string }>("POST", `/api/scenarios/runs/${encodeURIComponent(runId)}/continue`, {}),
  orgUsers: (org: TargetOrgInfo) => orgList<ScimUser>(org, "Users"),
  orgGroups: (org: TargetOrgInfo) => orgList<ScimGroup>(org, "Groups"),
  log: (limit = 200) => request<Exchange[]>("GET", `/api/log?limit=${limit}`),
};

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

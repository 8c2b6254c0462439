import {
  type CheckInput,
  type CheckReport,
  type ClockState,
  type ConnectionTest,
  type CycleRecord,
  type DemoReset,
  type DialectFacts,
  type Fault,
  type FaultInput,
  type Group,
  type GroupPatch,
  type Health,
  type Leftovers,
  type LeftoversRemoved,
  type ListResponse,
  OBSERVER_HEADER,
  type OrgPresetName,
  type OrgRoles,
  type OrgSwitches,
  type Page,
  type PreviewItem,
  type PreviewKind,
  type ProvisionResult,
  type PurgeResult,
  type RenderRequest,
  type RenderResult,
  type RoleMappingRow,
  type ScenarioListing,
  type ScenarioRunInput,
  type ScenarioRunState,
  type ScimGroup,
  type ScimUser,
  type SyncRequest,
  type TargetInput,
  type TargetOrgInfo,
  type TargetPatch,
  type TargetView,
  type User,
  type UserPatch,
} from "../server/protocol";
import { ApiRequestError, messageOf, request } from "./request";

// The wire types live in server/protocol; components take them from here with the calls that carry them.
export type {
  Assignments,
  CheckGrade,
  CheckInput,
  CheckPlan,
  CheckProfile,
  CheckReport,
  CheckResult,
  CheckVerdict,
  ClockState,
  ConnectionTest,
  CycleKind,
  CycleRecord,
  DemoReset,
  DeprovisionAction,
  EffectiveRoles,
  Exchange,
  Fault,
  FaultInput,
  FaultMethod,
  FaultStatus,
  FieldError,
  Group,
  GroupPatch,
  Health,
  Leftovers,
  LeftoversRemoved,
  ListResponse,
  Mode,
  OrgPresetInfo,
  OrgPresetName,
  OrgRole,
  OrgRoles,
  OrgSwitches,
  OrgSwitchInfo,
  OrgSwitchName,
  Page,
  PreviewItem,
  PreviewKind,
  Profile,
  ProvisionResult,
  PurgeResult,
  RenderedExchange,
  Rendering,
  RenderOperation,
  RenderRequest,
  RenderResult,
  RoleMappingRow,
  RunOrigin,
  ScenarioListing,
  ScenarioProblem,
  ScenarioRunInput,
  ScenarioRunState,
  ScimGroup,
  ScimUser,
  Scope,
  StackRole,
  StepResult,
  StepStatus,
  SyncRequest,
  TargetAuth,
  TargetInput,
  TargetOptions,
  TargetOrgInfo,
  TargetPatch,
  TargetView,
  User,
  UserInput,
  UserPatch,
} from "../server/protocol";
export {
  CHECK_PROFILES,
  FAULT_METHODS,
  FAULT_STATUSES,
  IDP_NAMES,
  ORG_ROLES,
  RENDER_BASE_URL,
  RENDER_OPERATIONS,
  STACK_ROLES,
} from "../server/protocol";
export { ApiRequestError, messageOf };

/** PATCH /api/target-org: any subset; a new preset starts from its own defaults before the rest applies. */
export interface OrgSettingsPatch {
  preset?: OrgPresetName;
  strict?: boolean;
  switches?: Partial<OrgSwitches>;
  roleMapping?: RoleMappingRow[];
}

/** POST /api/target-org/accounts: an account of another organization, which an IdP's POST then attaches. */
export interface OutsideAccountInput {
  userName: string;
  givenName?: string;
  familyName?: string;
}

/** The org's SCIM base as a same-origin path, so the page works whichever host name it was opened with. */
function scimPath(baseUrl: string): string {
  const url = new URL(baseUrl, window.location.href);
  return url.pathname.replace(/\/+$/, "");
}

const orgHeaders = (org: TargetOrgInfo) => ({
  authorization: `Bearer ${org.token}`,
  accept: "application/scim+json",
  // Looking is not provisioning: injected faults are for the IdP's traffic, not for this view.
  [OBSERVER_HEADER]: "ui",
});

/** One page of up to 1000 resources from the embedded org, read over SCIM with its own token. */
async function orgList<T>(org: TargetOrgInfo, resource: "Users" | "Groups"): Promise<T[]> {
  const list = await request<ListResponse<T>>(
    "GET",
    `${scimPath(org.baseUrl)}/${resource}?count=1000`,
    undefined,
    orgHeaders(org),
  );
  return list.Resources ?? [];
}

/**
 * Users of the embedded org in userName order, one SCIM page at a time, as a control API page. The org's own
 * `startIndex` places the rows: a provider that ignores paging answers from the first whatever was asked.
 */
async function orgUsersPage(org: TargetOrgInfo, startIndex: number, count: number): Promise<Page<ScimUser>> {
  const query = new URLSearchParams({
    startIndex: String(startIndex),
    count: String(count),
    sortBy: "userName",
  });
  const list = await request<ListResponse<ScimUser>>(
    "GET",
    `${scimPath(org.baseUrl)}/Users?${query}`,
    undefined,
    orgHeaders(org),
  );
  const Resources = list.Resources ?? [];
  return {
    totalResults: list.totalResults ?? Resources.length,
    startIndex: list.startIndex ?? startIndex,
    itemsPerPage: Resources.length,
    Resources,
  };
}

/** The query string of a control API page: 1-based `startIndex`, `count`, and whatever the list narrows by. */
function pageQuery(
  startIndex: number,
  count: number,
  narrow: Record<string, string | undefined> = {},
): string {
  const query = new URLSearchParams({ startIndex: String(startIndex), count: String(count) });
  for (const [name, value] of Object.entries(narrow)) if (value) query.set(name, value);
  return query.toString();
}

export const api = {
  health: () => request<Health>("GET", "/api/health"),
  dialects: () => request<DialectFacts[]>("GET", "/api/dialects"),
  /** The users with these ids (at most 500), for naming a few people of a large directory. */
  usersByIds: (ids: readonly string[]) =>
    request<Page<User>>("GET", `/api/users?ids=${ids.map(encodeURIComponent).join(",")}`),
  /** Users in userName order; `filter` searches userName, names and email on the server. */
  usersPage: (filter: string, startIndex: number, count: number) =>
    request<Page<User>>("GET", `/api/users?${pageQuery(startIndex, count, { filter })}`),
  /** How many users there are, and how many of them are inactive, without reading any list. */
  userTotals: async () => {
    const [all, inactive] = await Promise.all([
      request<Page<User>>("GET", "/api/users?count=1"),
      request<Page<User>>("GET", "/api/users?count=1&active=false"),
    ]);
    return { total: all.totalResults, inactive: inactive.totalResults };
  },
  user: (id: string) => request<User>("GET", `/api/users/${encodeURIComponent(id)}`),
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
  checkTarget: (id: string, input: CheckInput) =>
    request<{ checkId: string }>("POST", `/api/targets/${encodeURIComponent(id)}/check`, input),
  checkReport: (checkId: string) => request<CheckReport>("GET", `/api/checks/${encodeURIComponent(checkId)}`),
  purgeTarget: (id: string) =>
    request<PurgeResult>("POST", `/api/targets/${encodeURIComponent(id)}/purge`, {}),
  provision: (targetId: string, userId: string) =>
    request<ProvisionResult>("POST", `/api/targets/${encodeURIComponent(targetId)}/provision`, { userId }),
  renderDialects: (input: RenderRequest) => request<RenderResult>("POST", "/api/dialects/render", input),
  targetOrg: () => request<TargetOrgInfo>("GET", "/api/target-org"),
  configureOrg: (patch: OrgSettingsPatch) => request<TargetOrgInfo>("PATCH", "/api/target-org", patch),
  orgRoles: () => request<OrgRoles>("GET", "/api/target-org/roles"),
  addOutsideAccount: (input: OutsideAccountInput) =>
    request<{ id: string; userName: string }>("POST", "/api/target-org/accounts", input),
  faults: () => request<Fault[]>("GET", "/api/target-org/faults"),
  addFault: (input: FaultInput) => request<Fault>("POST", "/api/target-org/faults", input),
  clearFaults: () => request<null>("DELETE", "/api/target-org/faults"),
  clock: () => request<ClockState>("GET", "/api/clock"),
  setClock: (patch: { scale?: number; advanceMs?: number; reset?: true }) =>
    request<ClockState>("PATCH", "/api/clock", patch),
  scenarios: () => request<ScenarioListing[]>("GET", "/api/scenarios"),
  runScenario: (id: string, input: ScenarioRunInput) =>
    request<{ runId: string }>("POST", `/api/scenarios/${encodeURIComponent(id)}/run`, input),
  scenarioRun: (runId: string) =>
    request<ScenarioRunState>("GET", `/api/scenarios/runs/${encodeURIComponent(runId)}`),
  continueRun: (runId: string) =>
    request<{ status: string }>("POST", `/api/scenarios/runs/${encodeURIComponent(runId)}/continue`, {}),
  removeLeftovers: () => request<LeftoversRemoved>("DELETE", "/api/scenarios/leftovers"),
  keepLeftovers: () => request<Leftovers>("POST", "/api/scenarios/leftovers/keep", {}),
  resetDemo: () => request<DemoReset>("POST", "/api/reset", { confirm: true }),
  orgUsers: (org: TargetOrgInfo) => orgList<ScimUser>(org, "Users"),
  orgUsersPage,
  orgGroups: (org: TargetOrgInfo) => orgList<ScimGroup>(org, "Groups"),
  leftovers: () => request<Leftovers>("GET", "/api/scenarios/leftovers"),
};

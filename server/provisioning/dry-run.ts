import type {
  PreviewItem,
  Profile,
  RenderedExchange,
  Rendering,
  RenderOperation,
  Target,
  TargetOptions,
  User,
} from "../protocol";
import { PROFILES } from "../protocol";
import { maskUrl } from "../targets/mask";
import { dialectFor } from "./dialects";
import type {
  Dialect,
  Flow,
  FlowContext,
  GroupOperation,
  ScimRequest,
  ScimResponse,
  UserOperation,
} from "./dialects/types";
import { changedFields } from "./plan";
import type { Provisioner } from "./provisioner";
import { buildUrl, headerRecord, wireHeaders } from "./request-wire";
import { runFlow } from "./run-flow";

export interface RenderOptions {
  baseUrl: string;
  targetOptions?: TargetOptions;
  remoteIdOf?: (id: string) => string | null;
  userOf?: (id: string) => User | undefined;
  /** The resource's id on the target, when known (a dry run of a real target); a placeholder otherwise. */
  remoteId?: string | null;
  /** Whether the target would send this user's directory password; it is rendered as a placeholder. */
  sendsPassword?: (userId: string) => boolean;
  /**
   * Answers in place of the canned ones, for a caller that follows one account through several changes: what a
   * create made is what a later read returns, so a read-modify-write PUT carries the whole account.
   */
  answer?: (request: ScimRequest) => ScimResponse;
}

/** Stands in for a synced password, so a rendering shows where it goes without holding it. */
export const RENDER_PASSWORD = "[directory password]";

export const RENDER_REMOTE_ID = "2819c223-7f76-453a-919d-413861904646";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const MAX_EXCHANGES = 20;

/**
 * Canned answers of a well-behaved target: no account on the first probe, one after it exists. Enough for every
 * dialect's flow to walk its happy path without a network.
 */
function cannedAnswer(request: ScimRequest, exists: boolean, name: string): ScimResponse {
  const isGroup = request.path.startsWith("/Groups");
  const resource = isGroup
    ? { id: RENDER_REMOTE_ID, displayName: name, meta: { resourceType: "Group", version: 'W/"1"' } }
    : { id: RENDER_REMOTE_ID, userName: name, meta: { resourceType: "User", version: 'W/"1"' } };
  const json = { "content-type": "application/scim+json" };
  switch (request.method) {
    case "GET":
      if (request.path === "/Users" || request.path === "/Groups") {
        const found = exists ? [resource] : [];
        return {
          status: 200,
          headers: json,
          body: { schemas: [LIST], totalResults: found.length, Resources: found },
        };
      }
      return { status: 200, headers: json, body: resource };
    case "POST":
      return { status: 201, headers: json, body: resource };
    case "DELETE":
      return { status: 204, headers: {}, body: null };
    case "PATCH":
      // Entra expects 204 from a group PATCH; most servers answer a user PATCH with the resource.
      return isGroup
        ? { status: 204, headers: {}, body: null }
        : { status: 200, headers: json, body: resource };
    default:
      return { status: 200, headers: json, body: resource };
  }
}

/** A pinned stand-in for randomness, so a rendering is the same every time and says what would vary. */
export const renderRandom: FlowContext["random"] = {
  uuid: () => "00000000-0000-4000-8000-000000000000",
  password: () => "[random password]",
};

/** The before and after of a compare-view change: deactivate starts active, reactivate starts inactive. */
export function beforeAndAfter(
  kind: RenderOperation,
  base: User,
  changes: Partial<User>,
): { before: User; after: User } {
  const before =
    kind === "reactivate"
      ? { ...base, active: false }
      : kind === "deactivate"
        ? { ...base, active: true }
        : base;
  const flip = kind === "deactivate" ? { active: false } : kind === "reactivate" ? { active: true } : {};
  return { before, after: { ...before, ...changes, ...flip } };
}

export function operationFor(
  kind: RenderOperation,
  before: User,
  after: User,
  profile: Profile,
): UserOperation {
  if (kind === "create") return { kind: "create", user: after };
  if (kind === "delete")
    return { kind: "deprovision", user: before, action: dialectFor(profile).defaults.deprovision };
  const changed = changedFields(before, after);
  if (kind === "update") return { kind: "update", user: after, before, changed };
  return {
    kind,
    user: after,
    before,
    changed: changed.includes("active") ? changed : [...changed, "active"],
  };
}

/** Runs a dialect's flow against canned answers and returns what it would send, request for request. */
export function renderOperation(profile: Profile, op: UserOperation, options: RenderOptions): Rendering {
  const ctx = renderContext(options, op.kind === "create" ? null : (options.remoteId ?? RENDER_REMOTE_ID));
  const dialect = dialectFor(profile);
  return drive(profile, dialect.userFlow(op, ctx), op.kind !== "create", op.user.userName, options);
}

export function renderGroupOperation(
  profile: Profile,
  op: GroupOperation,
  options: RenderOptions,
): Rendering {
  const ctx = renderContext(options, op.kind === "create" ? null : (options.remoteId ?? RENDER_REMOTE_ID));
  const dialect = dialectFor(profile);
  return drive(profile, dialect.groupFlow(op, ctx), op.kind !== "create", op.group.displayName, options);
}

function renderContext(options: RenderOptions, remoteId: string | null): FlowContext {
  return {
    remoteId,
    remoteIdOf: options.remoteIdOf ?? (() => null),
    userOf: options.userOf ?? (() => undefined),
    options: options.targetOptions ?? {},
    passwordOf: (id) => (options.sendsPassword?.(id) ? RENDER_PASSWORD : null),
    random: renderRandom,
  };
}

/** The headers the request would carry on the wire, in order, with the credential as a placeholder. */
function renderedHeaders(dialect: Dialect, request: ScimRequest, options: TargetOptions, baseUrl: string) {
  const body = request.body === undefined ? null : Buffer.byteLength(JSON.stringify(request.body));
  const host = URL.canParse(baseUrl) ? new URL(baseUrl).host : baseUrl;
  return headerRecord(
    wireHeaders(dialect, request, options, {
      host,
      auth: ["Authorization", "Bearer [redacted]"],
      bodyBytes: body,
    }),
  );
}

/** Runs a dialect's flow against canned answers and returns what it would send, request for request. */
function drive(
  profile: Profile,
  flow: Flow,
  existsAtStart: boolean,
  name: string,
  options: RenderOptions,
): Rendering {
  const dialect = dialectFor(profile);
  const targetOptions = options.targetOptions ?? {};
  const exchanges: RenderedExchange[] = [];
  let exists = existsAtStart;
  const result = runFlow(flow, (request) => {
    // A flow is a handful of requests; the bound only guards against a dialect bug looping forever.
    if (exchanges.length >= MAX_EXCHANGES)
      return { status: 0, headers: {}, body: null, error: "too many requests" };
    const answer = options.answer?.(request) ?? cannedAnswer(request, exists, name);
    if (request.method === "POST") exists = true;
    exchanges.push({
      method: request.method,
      url: buildUrl(options.baseUrl, request, dialect.querySpaces),
      headers: renderedHeaders(dialect, request, targetOptions, options.baseUrl),
      body: request.body ?? null,
      assumedStatus: answer.status,
    });
    return answer;
  });
  return { profile, exchanges, outcome: result.outcome };
}

/** The request an admin's "Test connection" sends, as the dialect renders it. */
export function renderTestConnection(
  profile: Profile,
  baseUrl: string,
  targetOptions: TargetOptions = {},
): RenderedExchange {
  const dialect = dialectFor(profile);
  const ctx: FlowContext = {
    remoteId: null,
    remoteIdOf: () => null,
    userOf: () => undefined,
    options: targetOptions,
    passwordOf: () => null,
    random: renderRandom,
  };
  const request = dialect.testConnection(ctx);
  return {
    method: request.method,
    url: buildUrl(baseUrl, request, dialect.querySpaces),
    headers: renderedHeaders(dialect, request, targetOptions, baseUrl),
    body: request.body ?? null,
    assumedStatus: 200,
  };
}

export function renderAll(
  kind: RenderOperation,
  before: User,
  after: User,
  options: RenderOptions,
  profiles: readonly Profile[] = PROFILES,
): Rendering[] {
  return profiles.map((profile) =>
    renderOperation(profile, operationFor(kind, before, after, profile), options),
  );
}

/** What the next cycle of a target would send, rendered by its dialect; nothing is sent. */
export function previewCycle(
  deps: {
    provisioner: Provisioner;
    keys(target: Target, kind: "full" | "incremental", resource: "user" | "group"): string[];
  },
  target: Target,
  kind: "full" | "incremental",
): PreviewItem[] {
  const { provisioner } = deps;
  const ctx = provisioner.flowContext(target, null);
  const options = {
    baseUrl: maskUrl(target.baseUrl),
    targetOptions: target.options ?? {},
    remoteIdOf: ctx.remoteIdOf,
    userOf: ctx.userOf,
    sendsPassword: (id: string) => ctx.passwordOf(id) !== null,
  };
  const items: PreviewItem[] = [];
  for (const userId of deps.keys(target, kind, "user")) {
    const { op, link } = provisioner.planUserOn(target, userId);
    if (!op) continue;
    const rendering = renderOperation(target.profile, op, { ...options, remoteId: link?.remoteId ?? null });
    const name = ("user" in op ? op.user.userName : undefined) ?? link?.pushed.userName ?? userId;
    items.push({ userId, name, operation: op.kind, exchanges: rendering.exchanges });
  }
  for (const groupId of deps.keys(target, kind, "group")) {
    const { op, link } = provisioner.planGroupOn(target, groupId);
    if (!op) continue;
    const rendering = renderGroupOperation(target.profile, op, {
      ...options,
      remoteId: link?.remoteId ?? null,
    });
    const name = ("group" in op ? op.group.displayName : undefined) ?? link?.pushed.displayName ?? groupId;
    items.push({ groupId, name, operation: `group.${op.kind}`, exchanges: rendering.exchanges });
  }
  return items;
}

import type {
  DeprovisionAction,
  Group,
  Mode,
  Profile,
  TargetOptionName,
  TargetOptions,
  User,
} from "../../protocol";
import type { WireRule } from "./wire-rules";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One request as a dialect wants it sent; the sender adds the base URL, auth and transport. */
export interface ScimRequest {
  method: HttpMethod;
  /** Path below the target's base URL, starting with "/". */
  path: string;
  /** Kept in order: some IdPs are recognisable by the order of their query parameters. */
  query?: Array<[string, string]>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What an IdP's Test connection accepts as an answer, beyond a 2xx JSON ListResponse. */
export interface TestAcceptance {
  /** OneLogin's test passes on a 404 for its made-up userName (OneLogin docs, test-your-scim). */
  notFound?: boolean;
  /** Entra's random-GUID filter must match nothing: a server that ignores filters fails it. */
  emptyList?: boolean;
}

export interface ScimResponse {
  /** 0 when no response came; `error` then says why (refused, timed out, a port fetch will not use…). */
  status: number;
  headers: Record<string, string>;
  body: unknown;
  error?: string;
}

export type UserOperation =
  | { kind: "create"; user: User }
  | { kind: "update"; user: User; before: User; changed: string[] }
  | { kind: "deactivate"; user: User; before: User; changed: string[] }
  | { kind: "reactivate"; user: User; before: User; changed: string[] }
  | { kind: "deprovision"; user: User; action: DeprovisionAction };

/** A group member as the target knows it. */
export interface MemberRef {
  userId: string;
  remoteId: string;
  display: string;
}

export type GroupOperation =
  | { kind: "create"; group: Group; members: MemberRef[] }
  | {
      kind: "update";
      group: Group;
      renamed: boolean;
      add: MemberRef[];
      remove: MemberRef[];
      /** Every member the group should hold now, for IdPs that PUT the whole group. */
      members?: MemberRef[];
    }
  | { kind: "delete"; group: Pick<Group, "id" | "displayName"> };

export type FlowResult =
  /** `incomplete` says what part of the work after the create failed (the members of a new group, say). */
  /** `found`: the existing resource a probe linked to, so the caller can bring it in line with the directory. */
  /** `passwordSent`: a request that landed carried the directory password (password sync). */
  | {
      outcome: "created" | "linked" | "recreated";
      remoteId: string;
      incomplete?: string;
      found?: Record<string, unknown>;
      passwordSent?: boolean;
    }
  /**
   * `referenceFailed`: the change landed, but the reference attributes sent after it (Entra's manager) were
   * refused; they are tried again with the next change, and never ride along in its other requests.
   */
  | {
      outcome: "updated" | "deactivated" | "reactivated" | "unchanged";
      referenceFailed?: { error: string; status: number };
      passwordSent?: boolean;
    }
  | { outcome: "deleted" }
  /** `stop`: the IdP gives up on this object until someone acts (Okta's task after a 409), so no retry. */
  | { outcome: "failed"; error: string; status?: number; stop?: boolean };

/**
 * A provisioning flow is a generator: it yields each request and receives the response, so the dialect decides
 * the sequence (probe, then POST or link; 404 on update, then re-create) while staying free of HTTP. The same
 * flow can be driven by the real sender or by a renderer that feeds it canned answers.
 */
export type Flow = Generator<ScimRequest, FlowResult, ScimResponse>;

export interface FlowContext {
  /** The user's id on the target, when linked. */
  remoteId: string | null;
  /** Another directory user's id on the target (for the manager reference); null if not provisioned there. */
  remoteIdOf(userId: string): string | null;
  /** Another directory user, for display names in references. */
  userOf(userId: string): User | undefined;
  options: TargetOptions;
  /**
   * The directory password to send for a user, when the target syncs passwords and the user has one; null
   * otherwise. A rendering gets a placeholder, so no preview ever holds the secret.
   */
  passwordOf(userId: string): string | null;
  /** Randomness comes from outside so that golden tests can pin it. */
  random: { uuid(): string; password(): string };
}

/**
 * Every header the IdP's client puts on a request, in its order. Host, Authorization, Content-Type,
 * Content-Length and Connection are filled in by the sender; the rest are the values here.
 */
export interface DialectHeaders {
  userAgent: string;
  contentType: string;
  accept: string;
  /** Headers the client always sends beyond these (Accept-Charset, Accept-Encoding), by canonical name. */
  extra?: Record<string, string>;
  /** The Connection header's value. */
  connection: string;
  /** Canonical names in the order the client writes them; names not listed follow in the order given. */
  order: readonly string[];
}

/** The order when nothing better is known: the request line's own Host, then content headers, then auth. */
export const DEFAULT_HEADER_ORDER = [
  "Host",
  "User-Agent",
  "Accept",
  "Content-Type",
  "Content-Length",
  "Authorization",
  "Connection",
] as const;

/** How a target of this profile behaves unless it says otherwise. */
export interface DialectDefaults {
  /** What a directory delete becomes. */
  deprovision: DeprovisionAction;
  mode: Mode;
  schedule: string | null;
  /**
   * Entra's soft delete: a deleted user is disabled at once and DELETEd only after this many days (or when an
   * admin deletes it permanently). null: the deprovision action is final.
   */
  softDeleteDays: number | null;
  /**
   * What losing the assignment does: Okta and Entra only ever disable such a user, whatever the deprovision
   * action; OneLogin and rfc follow the target's choice.
   */
  unassigned: "deactivate-only" | "as-deprovision";
  /** Entra's escrow: the failure count and ratio of a cycle that quarantine the target; null for none. */
  quarantine: { minFailures: number; ratio: number } | null;
  /** Okta's "unlink pushed group": the target option deleteGroups:false leaves the group on the app. */
  groupUnlinkOption: boolean;
}

export interface Dialect {
  profile: Profile;
  defaults: DialectDefaults;
  /** How attribute updates travel unless the target's updateMethod option says otherwise. */
  updateMethod: "PUT" | "PATCH";
  /** The target options this dialect reads beyond the common ones. */
  options: readonly TargetOptionName[];
  /** How spaces in query values are written: `%20`, or `+` as Entra's captured requests show. */
  querySpaces: "%20" | "+";
  /** Headers on every request (with the target's overrides applied by the sender). */
  headers: DialectHeaders;
  userFlow(op: UserOperation, ctx: FlowContext): Flow;
  groupFlow(op: GroupOperation, ctx: FlowContext): Flow;
  /** The request an IdP sends when an admin presses "Test connection". */
  testConnection(ctx: FlowContext): ScimRequest;
  /** What else that test sends, in order (Okta's group list, Entra's random group). */
  alsoOnTest(ctx: FlowContext): ScimRequest[];
  /** Which answers to its test the IdP accepts, beyond a 2xx SCIM ListResponse. */
  testAccepts: TestAcceptance;
  /** What the IdP sends as each provisioning cycle begins. */
  atCycleStart(ctx: FlowContext): ScimRequest[];
  /** The spec's rules, for explaining a request after the fact. */
  rules: readonly WireRule[];
}

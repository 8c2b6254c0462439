import type { Profile, TargetOptionName, User } from "../../protocol";
import type { ScimObject } from "../scim-user";
import type { GroupSpec } from "./group-flow";
import type {
  DialectDefaults,
  DialectHeaders,
  FlowContext,
  HttpMethod,
  ScimRequest,
  TestAcceptance,
} from "./types";
import type { WireRule } from "./wire-rules";

/** A change to a linked user, as the spec's renderers see it. */
export interface UserChange {
  user: User;
  before: User;
  /** Changed directory fields, without `active`. */
  changed: string[];
}

/**
 * What distinguishes one IdP on the wire, as data and small pure renderers. The generic flow in user-flow.ts
 * turns a spec into request sequences, so a new dialect is a spec, not a new engine.
 */
export interface DialectSpec {
  profile: Profile;
  headers: DialectHeaders;
  testConnection(ctx: FlowContext): ScimRequest;
  /** Which answers to its test the IdP accepts, beyond a 2xx SCIM ListResponse. */
  testAccepts?: TestAcceptance;
  /** Requests the IdP's test (or settings save) sends after the first one. */
  alsoOnTest?(ctx: FlowContext): ScimRequest[];
  /** Requests the IdP sends as a provisioning cycle begins, before any object (Entra's random-GUID query). */
  atCycleStart?(ctx: FlowContext): ScimRequest[];
  /** The create-time lookup; also the match query before an update when readBeforeUpdate is "probe". */
  probe(user: User, ctx: FlowContext): ScimRequest;
  createBody(user: User, ctx: FlowContext): ScimObject;
  /** Requests sent right after a create, such as Entra's separate manager PATCH. */
  afterCreate?(user: User, remoteId: string, ctx: FlowContext): ScimRequest[];
  /** On a 409 to the POST: probe again and link (RFC, Entra), or stop and report (Okta). */
  onConflict: "link" | "fail";
  /** What the IdP reads before it writes an update. */
  readBeforeUpdate: "none" | "get-by-id" | "probe";
  /** Reference attributes (the manager) go in their own PATCH after the main update, as Entra's cycle does. */
  referencesApart?: boolean;
  updateMethod: Extract<HttpMethod, "PUT" | "PATCH">;
  /** The full resource for a PUT; `current` is what the read before the update returned, if anything. */
  putBody(change: UserChange, remoteId: string, current: ScimObject | null, ctx: FlowContext): ScimObject;
  /**
   * What a 404 on the read or write of a linked user means: the IdP re-creates the account (rfc, Entra, OneLogin)
   * or stops the task and reports it, with no search and no POST (Okta).
   */
  onMissing: "recreate" | "stop";
  /** How spaces in query values are written (default `%20`). */
  querySpaces?: "%20" | "+";
  /** The PatchOp body for attribute changes, or null when nothing needs sending. */
  patchBody(change: UserChange, ctx: FlowContext): ScimObject | null;
  /**
   * How `active` travels: inside the attribute PATCH (rfc, Entra), as Okta's separate path-less PATCH, or as
   * part of a full PUT (Okta AIW, OneLogin).
   */
  active: "in-patch" | "pathless-patch" | "in-put";
  /** The PatchOp for `active` alone. */
  activeOp(active: boolean, ctx: FlowContext): ScimObject;
  /**
   * Password sync, for a dialect that has it: its createBody and putBody carry `ctx.passwordOf(user)` whenever
   * that is not null, and a password change with nothing else to PUT travels as `alone` says: in a PUT of the
   * object read (Okta AIW) or as the PatchOp `op` (Okta OIN).
   */
  password?: { alone: "put" | "patch"; op(password: string): ScimObject };
  defaults: DialectDefaults;
  /** The target options this dialect reads beyond the common ones. */
  options: readonly TargetOptionName[];
  groups: GroupSpec;
  /** Why its requests look as they do, as data: what the explain view shows beside each exchange. */
  rules: readonly WireRule[];
}

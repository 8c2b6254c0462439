import { CHECK_PROFILES, type CheckId, type CheckPlan, type CheckProfile, IDP_NAMES } from "../protocol";

export interface CheckDef {
  id: CheckId;
  title: string;
  /** Whose rule it is. */
  source: string;
  /** The IdPs it applies to; all of them when unset. */
  only?: readonly CheckProfile[];
  /** Skipped when any of these did not pass or warn: it builds on what they set up. */
  needs?: readonly CheckId[];
  /** IdPs that never send this request, so a failure is only a warning for them. */
  tolerated?: readonly CheckProfile[];
}

const ENTRA = ["entra", "entra-scim062020"] as const;
const OKTA = ["okta", "okta-aiw"] as const;
const NOT_OKTA = CHECK_PROFILES.filter((p) => !(OKTA as readonly string[]).includes(p));

/** Every check, in run order: the IdP's own lifecycle first, then the validators' requests, then the whole. */
export const CATALOGUE: readonly CheckDef[] = [
  { id: "connection", title: "Test connection", source: "the IdP's own connection test" },
  { id: "user.create", title: "Create a user (look up, then POST)", source: "the IdP's create flow" },
  {
    id: "user.update",
    title: "Update a user's attributes",
    source: "the IdP's update flow",
    needs: ["user.create"],
  },
  {
    id: "user.rename",
    title: "Change a user's userName",
    source: "the IdP's update flow",
    needs: ["user.create"],
  },
  {
    id: "user.deactivate",
    title: "Deactivate a user",
    source: "the IdP's deactivation",
    needs: ["user.create"],
  },
  {
    id: "user.reactivate",
    title: "Reactivate a user",
    source: "the IdP's reactivation",
    needs: ["user.deactivate"],
  },
  {
    id: "group.create",
    title: "Push a group with a member",
    source: "the IdP's group push",
    needs: ["user.create"],
  },
  {
    id: "group.members.add",
    title: "Add a member to a group",
    source: "the IdP's group push",
    needs: ["group.create"],
  },
  {
    id: "group.members.remove",
    title: "Remove a member from a group",
    source: "the IdP's group push",
    needs: ["group.create"],
  },
  { id: "group.rename", title: "Rename a group", source: "the IdP's group push", needs: ["group.create"] },
  {
    id: "list.page",
    title: "List users a page at a time (count=1&startIndex=1)",
    source: "Okta OIN SPEC test 1; RFC 7644 §3.4.2",
    needs: ["user.create"],
    tolerated: NOT_OKTA,
  },
  {
    id: "list.paging",
    title: "Honour startIndex and count",
    source: "RFC 7644 §3.4.2.4; Okta's user import",
    needs: ["user.create"],
    tolerated: NOT_OKTA,
  },
  {
    id: "filter.no-match",
    title: "Answer a filter that matches no one with an empty ListResponse",
    source: "Okta OIN SPEC tests 3 and 5; Entra's Test Connection",
  },
  {
    id: "filter.case-insensitive",
    title: "Match userName case-insensitively",
    source: "Okta OIN SPEC test 9; RFC 7643 §4.1.1",
    needs: ["user.create"],
  },
  {
    id: "user.missing",
    title: "Answer 404 with an Error for a user that does not exist",
    source: "Okta OIN SPEC tests 4 and 12; Entra's Get User; RFC 7644 §3.12",
  },
  {
    id: "user.duplicate",
    title: "Refuse a duplicate userName with 409",
    source: "Okta OIN SPEC test 8; RFC 7644 §3.3",
    needs: ["user.create"],
  },
  {
    id: "auth.invalid",
    title: "Refuse a wrong credential with 401 and an Error",
    source: "Okta OIN SPEC test 11; RFC 7644 §3.12",
  },
  {
    id: "groups.list",
    title: "List groups (within 600 ms)",
    source: "Okta OIN SPEC test 10",
    tolerated: NOT_OKTA,
  },
  {
    id: "patch.op-case",
    title: "Accept PATCH ops in any letter case",
    source: "Microsoft's SCIM rules for Entra",
    only: ENTRA,
    needs: ["user.create"],
  },
  {
    id: "discovery",
    title: "Serve /ServiceProviderConfig, /Schemas and /ResourceTypes",
    source: "scim2-tester discovery checks; Microsoft's SCIM Validator; RFC 7644 §4",
    tolerated: CHECK_PROFILES,
  },
  { id: "group.delete", title: "Delete a group", source: "the IdP's group push", needs: ["group.create"] },
  {
    id: "user.deprovision",
    title: "Deprovision a user deleted in the IdP",
    source: "the IdP's deprovisioning",
    needs: ["user.create"],
  },
  {
    id: "user.delete",
    title: "Delete a soft-deleted user permanently",
    source: "Entra's delete after the soft-delete window",
    only: ENTRA,
    needs: ["user.deprovision"],
  },
  {
    id: "resource.id",
    title: "Give every returned resource an id",
    source: "Microsoft's SCIM rules; RFC 7643 §3.1",
  },
  {
    id: "content-type",
    title: "Answer with a SCIM JSON content type",
    source: "RFC 7644 §3.1 and §8.1",
  },
];

export function checksFor(profile: CheckProfile): CheckDef[] {
  return CATALOGUE.filter((c) => !c.only || c.only.includes(profile));
}

export function planOf(profiles: readonly CheckProfile[]): CheckPlan[] {
  return profiles.map((profile) => ({
    profile,
    idp: IDP_NAMES[profile],
    checks: checksFor(profile).map(({ id, title }) => ({ id, title })),
  }));
}

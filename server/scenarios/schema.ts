import { z } from "zod";
import { CYCLE_KINDS, ORG_PRESETS } from "../protocol";
import { faultSchema } from "../target-org/faults";
import { accountInput, settingsInput } from "../target-org/settings";
import { optionsSchema } from "../targets/target-schema";

const handle = z
  .string("must be a handle such as alice")
  .regex(/^[A-Za-z][\w-]*$/, "must be a handle: a letter, then letters, digits, _ or -");
const handles = z.array(handle, "must be a list of handles");
const text = z.string("must be a string").min(1, "must not be empty");
/** "31d", "40m", "90s", "500ms", or a number of seconds. */
export const duration = z.union(
  [
    z.number().nonnegative(),
    z.string().regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, "must be a duration such as 90s, 40m or 31d"),
  ],
  { error: "must be a duration such as 90s, 40m or 31d, or a number of seconds" },
);

const userFields = {
  userName: text.optional(),
  givenName: text.optional(),
  familyName: text.optional(),
  displayName: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  department: z.string().nullable().optional(),
  employeeNumber: z.string().nullable().optional(),
  manager: handle.nullable().optional(),
  phone: z.string().nullable().optional(),
  locale: z.string().nullable().optional(),
  /** The directory password (write-only; shown as [redacted] in every report); null clears it. */
  password: z.string("must be a string").min(1, "must not be empty").max(256).nullable().optional(),
};

const PROFILE_NAMES = ["rfc", "okta", "okta-aiw", "entra", "entra-scim062020", "onelogin"] as const;
const profileList = z.array(z.enum(PROFILE_NAMES, `must be one of ${PROFILE_NAMES.join(", ")}`)).min(1);

const scimValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Each step is a one-key mapping: the verb, then its arguments. */
export const STEPS = {
  "create user": z.strictObject({ as: handle, ...userFields, active: z.boolean().optional() }),
  "update user": z.strictObject({ user: handle, ...userFields }),
  "deactivate user": handle,
  "reactivate user": handle,
  "delete user": handle,
  "create users": z.strictObject({
    count: z.int("must be a whole number").min(1).max(100_000),
    prefix: handle.optional(),
    department: z.string().optional(),
  }),
  "create group": z.strictObject({ as: handle, displayName: text, members: handles.optional() }),
  "rename group": z.strictObject({ group: handle, displayName: text }),
  "set members": z.strictObject({ group: handle, members: handles }),
  "delete group": handle,
  assign: z.strictObject({ users: handles.optional(), groups: handles.optional() }),
  unassign: z.strictObject({ users: handles.optional(), groups: handles.optional() }),
  sync: z
    .strictObject({
      kind: z.enum(CYCLE_KINDS, "must be full, incremental or reconcile").optional(),
      fix: z.boolean().optional(),
    })
    .nullable(),
  provision: handle,
  "wait for cycle": z.strictObject({ within: duration.optional() }).nullable(),
  "set fault": faultSchema,
  "clear faults": z.null(),
  "advance clock": duration,
  "set time scale": z.number("must be a number").positive("must be above 0"),
  pause: text,
  "expect user": z.strictObject({
    user: handle,
    exists: z.boolean().optional(),
    active: z.boolean().optional(),
    attributes: z.record(z.string(), scimValue).optional(),
    within: duration.optional(),
  }),
  "expect group": z.strictObject({
    group: handle,
    exists: z.boolean().optional(),
    members: handles.optional(),
    within: duration.optional(),
  }),
  "expect traffic": z.strictObject({
    method: z
      .enum(["GET", "POST", "PUT", "PATCH", "DELETE"], "must be GET, POST, PUT, PATCH or DELETE")
      .optional(),
    path: z.string().optional(),
    bodyContains: z.unknown().optional(),
    count: z
      .union([
        z.int().min(0),
        z.strictObject({ min: z.int().min(0).optional(), max: z.int().min(0).optional() }),
      ])
      .optional(),
    status: z.int().optional(),
    within: duration.optional(),
    /** Only checked when the run's dialect is one of these (for scenarios that run under several). */
    only: profileList.optional(),
  }),
  "expect no traffic": z.strictObject({
    method: z
      .enum(["GET", "POST", "PUT", "PATCH", "DELETE"], "must be GET, POST, PUT, PATCH or DELETE")
      .optional(),
    path: z.string().optional(),
    only: profileList.optional(),
  }),
  "expect deprovisioned": z.strictObject({ user: handle, within: duration }),
  /** Registers an app at the embedded IdP for this run; its profile follows the run's dialect unless given. */
  "create app": z.strictObject({
    as: handle,
    protocol: z.enum(["oidc", "saml"], "must be oidc or saml"),
    profile: z.enum(["okta", "entra", "onelogin", "rfc"], "must be okta, entra, onelogin or rfc").optional(),
    /** Only these users and the members of these groups may sign in (Entra's "assignment required"). */
    users: handles.optional(),
    groups: handles.optional(),
    nameId: z
      .enum(
        ["userName", "email", "persistent", "transient"],
        "must be userName, email, persistent or transient",
      )
      .optional(),
  }),
  /** Signs the user in to the app, as a browser would, headlessly; fails if the IdP refuses. */
  "sign in": z.strictObject({ user: handle, app: handle }),
  "expect sign-in": z.strictObject({
    user: handle,
    app: handle,
    /** Claims (OIDC: ID token and userinfo) or attributes (SAML, with NameID) and the values they must have. */
    claims: z.record(z.string(), z.union([scimValue, z.array(scimValue)])).optional(),
    /** Claims that must equal an attribute of the user's account on the target: { sub: externalId }. */
    sameAs: z.record(z.string(), z.string("must be a SCIM attribute path")).optional(),
    only: profileList.optional(),
  }),
  "expect sign-in refused": z.strictObject({
    user: handle,
    app: handle,
    /** The IdP's error code or words the refusal must carry (AADSTS50057, "User is not assigned"). */
    error: text.optional(),
    only: profileList.optional(),
  }),
  /** The user's sessions at the IdP are over and the refresh tokens of their sign-ins no longer work. */
  "expect signed out": z.strictObject({ user: handle, app: handle.optional(), within: duration.optional() }),
} as const;

export type Verb = keyof typeof STEPS;
export const VERBS = Object.keys(STEPS) as Verb[];

/** Steps that only make sense against the embedded org. */
export const EMBEDDED_ONLY: readonly Verb[] = ["set fault", "clear faults"];

/** Steps played at SCIMulator's embedded IdP: a scenario with them declares `requires: sign-in`. */
export const SIGN_IN_STEPS: readonly Verb[] = [
  "create app",
  "sign in",
  "expect sign-in",
  "expect sign-in refused",
  "expect signed out",
];

/** What a scenario can require; `requires` names one or a list. */
export const REQUIREMENTS = ["embedded", "lenient", "sign-in"] as const;
export type Requirement = (typeof REQUIREMENTS)[number];
const requirement = z.enum(REQUIREMENTS, `must be one of ${REQUIREMENTS.join(", ")}`);

export const targetSettingsSchema = z.strictObject({
  profile: z.enum(["rfc", "okta", "okta-aiw", "entra", "entra-scim062020", "onelogin"]).optional(),
  mode: z.enum(["on-edit", "schedule", "manual"]).optional(),
  schedule: z.string().optional(),
  scope: z.enum(["all", "assigned"]).optional(),
  deprovision: z.enum(["deactivate", "delete", "none"]).optional(),
  timeoutMs: z.int().min(100).optional(),
  options: optionsSchema.optional(),
  /** Sets the embedded org lenient (false) or strict (true) for this scenario. */
  strict: z.boolean().optional(),
  /** Puts the embedded org on a preset (strict, lenient, contentstack) for this scenario. */
  preset: z.enum(ORG_PRESETS).optional(),
  /** Overrides the preset's switches (the behaviours its SaaS does not document). */
  switches: settingsInput.shape.switches,
  /** Replaces the preset's Group Mapping (group → organization and stack roles). */
  roleMapping: settingsInput.shape.roleMapping,
  /** Accounts that exist outside the organization before the run (a contentstack preset's other orgs). */
  accounts: z.array(accountInput).optional(),
});

export const scenarioHeadSchema = z.strictObject({
  name: text,
  description: z.string().optional(),
  /**
   * `embedded`: needs the embedded org (faults, the simulated clock, presets). `lenient`: sends IdP quirks that
   * RFC 7643 forbids (Entra's "False" strings), so it runs on a lenient org and is skipped against an external
   * target unless `--lenient` says that target accepts them. `sign-in`: signs people in at SCIMulator's embedded
   * IdP (OIDC, SAML), so it is skipped where the run has no IdP. One requirement, or a list of them.
   */
  requires: z.union([requirement, z.array(requirement).min(1)]).optional(),
  /** Runs the whole scenario once per dialect, each in a fresh simulator. */
  profiles: profileList.optional(),
  target: targetSettingsSchema.optional(),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  steps: z
    .array(z.record(z.string(), z.unknown()), "must be a list of steps")
    .min(1, "needs at least one step"),
});

export type TargetSettings = z.infer<typeof targetSettingsSchema>;
export type Step = {
  [V in Verb]: {
    verb: V;
    args: z.infer<(typeof STEPS)[V]>;
    line: number /** position in the file's list */;
    at: number;
    /** The arguments as the file writes them, `${variables}` and all: the step's name, stable across runs. */
    written: unknown;
  };
}[Verb];

export interface Scenario {
  name: string;
  description: string;
  /** Every requirement the file declares (none: an empty list). */
  requires: Requirement[];
  profiles: Array<(typeof PROFILE_NAMES)[number]>;
  target: TargetSettings;
  steps: Step[];
  file: string;
  /** The names the file declares under `variables`, which `run --var` may replace. */
  variables: string[];
}

/** A JSON Schema of the format, for editors' autocomplete; generated from the same definitions the loader uses. */
export function scenarioJsonSchema(): object {
  const bare = VERBS.filter((verb) => STEPS[verb].safeParse(null).success);
  const step = z.union([
    ...VERBS.map((verb) => z.strictObject({ [verb]: STEPS[verb] })),
    z.enum(bare as [Verb, ...Verb[]]),
  ]);
  const full = scenarioHeadSchema.extend({ steps: z.array(step).min(1) });
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "SCIMulator scenario",
    ...z.toJSONSchema(full, { unrepresentable: "any", io: "input" }),
  };
}

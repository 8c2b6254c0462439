import { validateDetailed } from "node-cron";
import { z } from "zod";
import { DEPROVISION_ACTIONS, MODES, PROFILES } from "../protocol";

const secret = (what: string) => z.string(`must be a string`).min(1, `${what} must not be empty`);

export const authSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("bearer"), token: secret("token") }),
    z.strictObject({ type: z.literal("basic"), username: secret("username"), password: secret("password") }),
    z.strictObject({
      type: z.literal("header"),
      name: z.string().regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name"),
      value: secret("value"),
    }),
    z.strictObject({ type: z.literal("none") }),
  ],
  {
    error:
      'must be {type:"bearer",token} or {type:"basic",username,password} or {type:"header",name,value} or {type:"none"}',
  },
);

const baseUrl = z
  .url({
    protocol: /^https?$/,
    error: "must be an http:// or https:// URL such as https://app.example.com/scim/v2",
  })
  .refine((url) => !/^https?:\/\/[^/?#]*@/.test(url), {
    message: 'must not carry credentials (user:password@); put them in auth, e.g. {"type":"basic",…}',
  })
  .transform((url) => url.replace(/\/+$/, ""));

const cron = z.string("must be a cron expression").superRefine((expr, ctx) => {
  const { errors } = validateDetailed(expr);
  if (errors.length === 0) return;
  const why = errors.map((e) => e.message).join("; ");
  ctx.addIssue({
    code: "custom",
    message: `is not a valid cron expression (${why}); use 5 or 6 fields, e.g. */40 * * * *`,
  });
});

export const optionsSchema = z.strictObject(
  {
    userAgent: z.string().trim().min(1).max(256).optional(),
    contentType: z.string().trim().min(1).max(128).optional(),
    updateMethod: z.enum(["PUT", "PATCH"], "must be PUT or PATCH").optional(),
    matchAttribute: z
      .enum(["userName", "externalId", "email"], "must be userName, externalId or email")
      .optional(),
    activeAs: z.enum(["string", "boolean"], "must be string or boolean").optional(),
    managerForm: z.enum(["urn-string", "legacy-array"], "must be urn-string or legacy-array").optional(),
    softDeleteDays: z.union([z.number("must be a number of days").min(0).max(3650), z.null()]).optional(),
    on429: z.enum(["wait", "next-cycle"], "must be wait or next-cycle").optional(),
    quarantine: z
      .union([
        z.strictObject({
          minFailures: z.int("must be a whole number").min(1).max(1_000_000),
          ratio: z.number("must be a number").gt(0).max(1),
        }),
        z.null(),
      ])
      .optional(),
    deleteGroups: z.boolean("must be true or false").optional(),
    renameGroups: z.boolean("must be true or false").optional(),
    passwordSync: z.boolean("must be true or false").optional(),
    sweepMinutes: z.number("must be a number of simulated minutes").min(1).max(1440).optional(),
    concurrency: z
      .int("must be a whole number of requests")
      .min(1, "must be 1 or more")
      .max(64, "must be 64 or less")
      .optional(),
    template: z
      .enum(["v2-enterprise", "v1-core", "v1-enterprise"], "must be v2-enterprise, v1-core or v1-enterprise")
      .optional(),
  },
  "must be an object",
);

const fields = {
  name: z.string("must be a string").trim().min(1, "must not be empty").max(128),
  baseUrl,
  auth: authSchema,
  profile: z.enum(PROFILES, `must be one of ${PROFILES.join(", ")}`),
  mode: z.enum(MODES, `must be one of ${MODES.join(", ")}`).optional(),
  schedule: z.union([cron, z.null()]).optional(),
  deprovision: z.enum(DEPROVISION_ACTIONS, `must be one of ${DEPROVISION_ACTIONS.join(", ")}`).optional(),
  timeoutMs: z.int("must be a whole number of milliseconds").min(100).max(600_000).optional(),
  options: optionsSchema.optional(),
  scope: z.enum(["all", "assigned"], 'must be "all" or "assigned"').optional(),
  assigned: z
    .strictObject(
      {
        users: z.array(z.string("must be a user id")).max(100_000).optional(),
        groups: z.array(z.string("must be a group id")).max(10_000).optional(),
      },
      "must be {users:[ids], groups:[ids]}",
    )
    .optional(),
};

function scheduleFitsMode(t: { mode?: string; schedule?: string | null }): boolean {
  return t.mode !== "schedule" || typeof t.schedule === "string";
}
const scheduleNeeded = { message: 'is required when mode is "schedule"', path: ["schedule"] };

export const createTargetSchema = z.strictObject(fields).refine(scheduleFitsMode, scheduleNeeded);
export const updateTargetSchema = z.strictObject({
  name: fields.name.optional(),
  baseUrl: fields.baseUrl.optional(),
  auth: fields.auth.optional(),
  profile: fields.profile.optional(),
  mode: fields.mode,
  schedule: fields.schedule,
  deprovision: fields.deprovision,
  timeoutMs: fields.timeoutMs,
  options: fields.options,
  scope: fields.scope,
  assigned: fields.assigned,
});

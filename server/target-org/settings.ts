import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  ORG_PRESETS,
  ORG_ROLES,
  type OrgPresetName,
  type OrgSwitches,
  type RoleMappingRow,
  STACK_ROLES,
} from "../protocol";
import { presetNamed } from "./presets/catalog";

/** The org's preset, its switches and its Group Mapping, persisted with its data. */
export interface OrgSettings {
  preset: OrgPresetName;
  strict: boolean;
  /** The organization uid in a Contentstack-shaped base path. */
  orgUid: string;
  switches: OrgSwitches;
  roleMapping: RoleMappingRow[];
}

const name = z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters");
const switchesShape = z.strictObject(
  {
    refusedEditStatus: z.union([z.literal(400), z.literal(403)], { error: "must be 400 or 403" }),
    deactivate: z.enum(["keep", "remove", "refuse"], { error: 'must be "keep", "remove" or "refuse"' }),
    duplicate: z.enum(["conflict", "attach"], { error: 'must be "conflict" or "attach"' }),
    errorBody: z.enum(["scim", "contentstack"], { error: 'must be "scim" or "contentstack"' }),
    paging: z.enum(["honoured", "ignored"], { error: 'must be "honoured" or "ignored"' }),
    writesPerMinute: z.int("must be a whole number").min(0, "must be 0 or more").max(100_000),
  },
  "must be an object of switches",
);
const mappingShape = z
  .array(
    z.strictObject(
      {
        group: name,
        orgRole: z.enum(ORG_ROLES, { error: `must be one of ${ORG_ROLES.join(", ")}` }),
        stacks: z
          .record(
            z.string().min(1).max(128),
            z.enum(STACK_ROLES, { error: `must be one of ${STACK_ROLES.join(", ")}` }),
          )
          .optional(),
      },
      'each row must be {group, orgRole, stacks?}, e.g. {"group":"Engineering","orgRole":"member","stacks":{"Website":"developer"}}',
    ),
    "must be an array of rows",
  )
  .max(200, "must have at most 200 rows");
const presetShape = z.enum(ORG_PRESETS, { error: `must be one of ${ORG_PRESETS.join(", ")}` });

export const settingsShape = z.object({
  preset: presetShape,
  strict: z.boolean(),
  orgUid: z.string().regex(/^blt[0-9a-f]{16}$/),
  switches: switchesShape,
  roleMapping: mappingShape,
});

/** PATCH /api/target-org: any subset; a new preset starts from its own defaults, then the rest applies. */
export const settingsInput = z.strictObject(
  {
    preset: presetShape.optional(),
    strict: z.boolean("must be true or false").optional(),
    switches: switchesShape.partial().optional(),
    roleMapping: mappingShape.optional(),
  },
  'must be a JSON object such as {"preset":"contentstack"}',
);
export type SettingsInput = z.infer<typeof settingsInput>;

/** Contentstack's uids: `blt` and 16 hex digits. */
export function bltId(): string {
  return `blt${randomBytes(8).toString("hex")}`;
}

export function presetSettings(preset: OrgPresetName, orgUid: string): OrgSettings {
  const p = presetNamed(preset);
  return {
    preset,
    strict: p.strict,
    orgUid,
    switches: { ...p.defaults },
    roleMapping: structuredClone(p.roleMapping ?? []),
  };
}

export function applySettings(current: OrgSettings, input: SettingsInput): OrgSettings {
  const base =
    input.preset !== undefined && input.preset !== current.preset
      ? presetSettings(input.preset, current.orgUid)
      : structuredClone(current);
  // The generic presets differ only in strictness, so toggling it is choosing the other one.
  const strict = input.strict ?? base.strict;
  const preset =
    input.strict !== undefined && (base.preset === "strict" || base.preset === "lenient")
      ? strict
        ? "strict"
        : "lenient"
      : base.preset;
  return {
    ...base,
    preset,
    strict,
    switches: { ...base.switches, ...input.switches },
    roleMapping: input.roleMapping ?? base.roleMapping,
  };
}

/** POST /api/target-org/accounts: an account that exists outside this organization. */
export const accountInput = z.strictObject(
  { userName: name, givenName: name.optional(), familyName: name.optional() },
  'must be a JSON object such as {"userName":"grace@example.com","givenName":"Grace","familyName":"Hopper"}',
);

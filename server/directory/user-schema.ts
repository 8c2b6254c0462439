import { z } from "zod";

const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`);
// null or "" clears an optional field, so a form can send what it holds without special-casing blanks.
const optional = (schema: z.ZodType<string>) =>
  z.union([schema, z.literal("").transform(() => null), z.null()]).optional();

const email = z.email("must be an email address such as ada@example.com");
const locale = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, "must be a language tag such as en-US");
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{3,32}$/, "must be a phone number such as +1 555 0100");

// Write-only and taken exactly as given: a password's spaces are part of it, so nothing is trimmed, and "" is
// refused rather than read as "clear" (a form that sends a blank box must mean "keep", not "remove").
const password = z
  .string("must be a string, or null to clear it")
  .min(1, "must not be empty (null clears the password)")
  .max(256, "must be at most 256 characters")
  .nullable()
  .optional();

const fields = {
  userName: text(256),
  givenName: text(128),
  familyName: text(128),
  displayName: optional(text(256)),
  email: optional(email),
  title: optional(text(128)),
  department: optional(text(128)),
  employeeNumber: optional(text(64)),
  managerId: optional(text(64)),
  phone: optional(phone),
  locale: optional(locale),
  active: z.boolean("must be true or false").optional(),
};

export const createUserSchema = z.strictObject({ ...fields, password }, "must be a JSON object");
/** The profile fields a change may name, without the password: what a rendering of a change takes. */
export const userChangesSchema = z.strictObject(
  {
    ...fields,
    userName: fields.userName.optional(),
    givenName: fields.givenName.optional(),
    familyName: fields.familyName.optional(),
  },
  "must be a JSON object",
);
export const updateUserSchema = userChangesSchema.extend({ password });

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

import { z } from "zod";

const displayName = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
  .trim()
  .min(1, "must not be empty")
  .max(256, "must be at most 256 characters");
const description = z
  .union([z.string().trim().max(1024), z.literal("").transform(() => null), z.null()])
  .optional();
const members = z.array(z.string("must be a user id"), "must be an array of user ids").max(10_000).optional();

export const createGroupSchema = z.strictObject(
  { displayName, description, members },
  "must be a JSON object",
);
export const updateGroupSchema = z.strictObject(
  { displayName: displayName.optional(), description, members },
  "must be a JSON object",
);

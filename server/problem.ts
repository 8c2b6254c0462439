import type { z } from "zod";
import type { FieldError } from "./protocol";

export type ProblemKind = "invalid" | "not_found" | "conflict";

/** A refused field, as the wire's `details` carry it. */
export type FieldProblem = FieldError;

/**
 * A refused request, as a value the domain can raise without knowing HTTP; the control API maps the kind to a
 * status code in one place.
 */
export class Problem extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
    this.name = "Problem";
  }
}

/** Validates input against a schema and raises one Problem that lists every bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((issue): FieldProblem[] => {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: "unknown field" }));
    }
    return [{ path: base || "(body)", message: issue.message }];
  });
  const summary = details.map((d) => `${d.path}: ${d.message}`).join("; ");
  throw new Problem("invalid", `Invalid ${what}: ${summary}`, details);
}

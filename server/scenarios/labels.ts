import type { Step } from "./schema";

/** A step in words, as the CLI and the UI show it. */
export function labelOf(step: Step): string {
  return describe(step.verb, step.args);
}

/** The step in words as its file writes it, `${run}` and all, so CI sees the same test case on every run. */
export function nameOf(step: Step): string {
  return describe(step.verb, step.written);
}

function describe(verb: Step["verb"], a: unknown): string {
  if (verb === "pause") return "pause";
  if (typeof a === "string" || typeof a === "number") return `${verb} ${a}`;
  if (!a || typeof a !== "object") return verb;
  const o = a as Record<string, unknown>;
  const who = o.as ?? o.user ?? o.group ?? "";
  const details = Object.entries(o)
    .filter(([k]) => !["as", "user", "group", "within"].includes(k))
    // Labels reach the terminal, /ws and every report; a password is named, never shown.
    .map(([k, v]) => (k === "password" && typeof v === "string" ? [k, "[redacted]"] : [k, v]))
    .map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
  return [verb, who, details].filter(Boolean).join(" ");
}

import { readFile } from "node:fs/promises";
import type { ScenarioProblem } from "../protocol";

export type { ScenarioProblem };

import { isMap, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { checkHandles } from "./handles";
import {
  EMBEDDED_ONLY,
  type Requirement,
  type Scenario,
  SIGN_IN_STEPS,
  STEPS,
  type Step,
  scenarioHeadSchema,
  targetSettingsSchema,
  VERBS,
  type Verb,
} from "./schema";
import { plainYamlError } from "./yaml-errors";

/** Everything wrong with a scenario file, each with its place; a broken file is refused whole, never half-run. */
export class ScenarioError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join("\n"));
    this.name = "ScenarioError";
  }
}

type Path = Array<string | number>;

export async function loadScenarioFile(
  file: string,
  builtins: Record<string, string> = {},
  overrides: Record<string, string> = {},
): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new ScenarioError([
      { file, line: 1, column: 1, message: `cannot read the file (${(err as Error).message})` },
    ]);
  }
  return parseScenario(text, file, builtins, overrides);
}

/**
 * Parses, interpolates `${variables}` and validates. Positions come from the YAML document, so every problem
 * points at the line and column an editor shows.
 */
/**
 * `overrides` (from `run --var name=value`) replace variables the file declares, so one file serves a quick CI
 * run and a full-size one; a value keeps the type the file declared (`count: ${users}` stays a number).
 */
export function parseScenario(
  text: string,
  file: string,
  builtins: Record<string, string> = {},
  overrides: Record<string, string> = {},
): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    // One syntax slip sets off a cascade of token errors; the first on each line says what is wrong.
    const seen = new Set<number>();
    const first = doc.errors.filter((e) => {
      const line = at(e.pos[0]).line;
      if (seen.has(line)) return false;
      seen.add(line);
      return true;
    });
    const sourceLines = text.split("\n");
    throw new ScenarioError(
      first.slice(0, 5).map((e) => {
        const where = at(e.pos[0]);
        return { file, ...where, message: plainYamlError(e, sourceLines[where.line - 1] ?? "") };
      }),
    );
  }
  const problems: ScenarioProblem[] = [];
  const place = (path: Path, message: string) => {
    // The deepest node that exists along the path is the best place to point at.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      const range =
        node?.range ??
        (n === 0 ? (doc.contents as { range?: [number, number, number] } | null)?.range : undefined);
      if (range) {
        problems.push({ file, ...at(range[0]), message });
        return;
      }
    }
    problems.push({ file, line: 1, column: 1, message });
  };
  const issues = (error: z.ZodError, base: Path) => {
    for (const issue of error.issues) {
      const path = [...base, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
      const where = path.length > 0 ? path.join(".") : "the file";
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys)
          place([...path, key], `${[...path, key].join(".")}: unknown field "${key}"`);
      } else if (issue.code === "invalid_type" && doc.getIn(path) === undefined) {
        place(path, `${where}: is required (${issue.expected})`);
      } else place(path, `${where}: ${issue.message.replace(/^Invalid (input|option): /, "")}`);
    }
  };

  if (!isMap(doc.contents)) {
    throw new ScenarioError([
      {
        file,
        line: 1,
        column: 1,
        message: "a scenario is a mapping with name, steps and optional target, variables",
      },
    ]);
  }
  const js = doc.toJS() as { steps?: unknown };
  // A verb that takes no arguments may stand alone: `- clear faults` reads as `- clear faults: null`.
  if (Array.isArray(js.steps))
    js.steps = js.steps.map((step: unknown) => (typeof step === "string" ? { [step]: null } : step));
  const head = scenarioHeadSchema.safeParse(js);
  if (!head.success) {
    issues(head.error, []);
    throw new ScenarioError(problems);
  }

  const variables: Record<string, string> = { ...builtins };
  const numeric = new Set<string>();
  for (const [k, v] of Object.entries(head.data.variables ?? {})) {
    variables[k] = String(v);
    if (typeof v === "number") numeric.add(k);
  }
  const declaredVars = Object.keys(head.data.variables ?? {});
  for (const [k, v] of Object.entries(overrides)) {
    // A file that does not declare the variable is not its concern; the CLI checks that some file does.
    if (!declaredVars.includes(k)) continue;
    if (numeric.has(k) && !Number.isFinite(Number(v))) {
      place(["variables", k], `--var ${k}: must be a number, got "${v}"`);
    } else variables[k] = v;
  }
  const interpolate = (value: unknown, path: Path): unknown => {
    const whole = typeof value === "string" ? /^\$\{\s*([^}]*?)\s*\}$/.exec(value) : null;
    if (whole?.[1] !== undefined && numeric.has(whole[1])) return Number(variables[whole[1]]);
    if (typeof value === "string") {
      return value.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
        const found = variables[name.trim()];
        if (found === undefined) {
          const known = Object.keys(variables).join(", ") || "none";
          place(path, `${path.join(".")}: unknown variable \${${name}} (known: ${known})`);
          return whole;
        }
        return found;
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => interpolate(v, [...path, i]));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, [...path, k])]));
    }
    return value;
  };

  const steps: Step[] = [];
  // Handles named by create steps that are themselves invalid: later steps using them are not blamed too.
  const declared = new Set<string>();
  head.data.steps.forEach((raw, index) => {
    const path: Path = ["steps", index];
    const keys = Object.keys(raw);
    if (keys.length !== 1) {
      place(
        path,
        `steps.${index}: a step has exactly one verb (got ${keys.length === 0 ? "none" : keys.join(", ")})`,
      );
      return;
    }
    const verb = keys[0] as string;
    if (!(VERBS as string[]).includes(verb)) {
      place(path, `steps.${index}: unknown step "${verb}"; steps are: ${VERBS.join(", ")}`);
      return;
    }
    const schema = STEPS[verb as Verb];
    const parsed = schema.safeParse(interpolate(raw[verb], [...path, verb]));
    if (!parsed.success) {
      issues(parsed.error, [...path, verb]);
      const as = (raw[verb] as { as?: unknown } | null)?.as;
      if (typeof as === "string") declared.add(as);
      return;
    }
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    steps.push({
      verb,
      args: parsed.data,
      line: node?.range ? at(node.range[0]).line : 0,
      at: index,
      written: raw[verb],
    } as Step);
  });
  checkHandles(steps, declared, place);
  const requires = [head.data.requires ?? []].flat();
  const needs = (what: Requirement, verbs: readonly Verb[], why: string) => {
    if (requires.includes(what)) return;
    steps.forEach((step, index) => {
      if (verbs.includes(step.verb))
        place(
          ["steps", index],
          `steps.${index}: "${step.verb}" needs ${why}; declare \`requires: ${what}\` at the top`,
        );
    });
  };
  needs("embedded", EMBEDDED_ONLY, "the embedded org");
  needs("sign-in", SIGN_IN_STEPS, "SCIMulator's embedded IdP");
  const orgSettings = (["preset", "switches", "accounts", "roleMapping"] as const).filter(
    (k) => head.data.target?.[k],
  );
  if (orgSettings.length > 0 && !requires.includes("embedded")) {
    place(
      ["target"],
      `target.${orgSettings[0]} sets up the embedded org; declare \`requires: embedded\` at the top`,
    );
  }
  // Accounts made before the run carry ${run} in their userNames, like the users its steps create.
  const interpolated = targetSettingsSchema.safeParse(interpolate(head.data.target ?? {}, ["target"]));
  if (!interpolated.success) place(["target"], `target: ${interpolated.error.issues[0]?.message}`);
  const target = interpolated.data ?? {};
  if (problems.length > 0) throw new ScenarioError(problems);
  return {
    name: String(interpolate(head.data.name, ["name"])),
    description: head.data.description ?? "",
    requires,
    profiles: head.data.profiles ?? [],
    target,
    steps,
    file,
    variables: declaredVars,
  };
}

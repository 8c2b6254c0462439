import { writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { version } from "../config";
import type { Profile } from "../protocol";
import { loadScenarioFile, ScenarioError } from "../scenarios/load";
import type { Scenario } from "../scenarios/schema";
import { artilleryScript, BASE_URL_VARIABLE, TOKEN_VARIABLE } from "./artillery-script";
import type { ExportOptions } from "./export-args";
import { lifecycleOf, RUN_MARKER } from "./lifecycle";
import { renderLifecycle } from "./render-lifecycle";

/** The scenario cannot be exported as given: the CLI exits 2, as for a usage error. */
export class ExportError extends Error {}
/** The script could not be written: the CLI exits 1. */
export class WriteError extends Error {}

export interface ExportSummary {
  /** The script's absolute path. */
  out: string;
  scenario: string;
  profile: Profile;
  /** The steps replayed, in words as the file writes them. */
  replayed: string[];
  /** The steps with nothing to send. */
  skipped: string[];
  /** Requests each virtual user sends. */
  requests: number;
}

/** A path as one would type it: relative below the working directory, absolute elsewhere. */
export function shown(file: string): string {
  const path = relative(process.cwd(), resolve(file));
  return path && !path.startsWith("..") ? path : resolve(file);
}

/** The variables the script reads when it runs: the token always, the base URL unless --target fixed it. */
export const runVariables = (options: ExportOptions) =>
  options.target ? [TOKEN_VARIABLE] : [TOKEN_VARIABLE, BASE_URL_VARIABLE];

export const localRun = (options: ExportOptions) =>
  `${runVariables(options)
    .map((v) => `${v}=${v === TOKEN_VARIABLE ? "…" : "https://app.example.com/scim/v2"}`)
    .join(" ")} npx artillery run ${shown(options.out)}`;

/** What the file says at its top: where it came from, what each virtual user does, how to run it. */
function headerComment(
  scenario: Scenario,
  profile: Profile,
  options: ExportOptions,
  labels: string[],
): string {
  const reads = runVariables(options).map((v) => `$${v}`);
  return [
    ` SCIMulator ${version}: "${scenario.name}" (${shown(scenario.file)}) as the ${profile} dialect sends it.`,
    " Each virtual user is one directory user with a userName of its own, going through:",
    ...labels.map((l) => `   - ${l}`),
    " The id each create returns is captured and used in the requests that follow.",
    ` It reads ${reads.join(" and ")} when it runs, and holds no credential:`,
    `   ${localRun(options)}`,
    " Written by `scimulator export artillery`; export again rather than edit.",
  ].join("\n");
}

async function loadScenario(file: string): Promise<Scenario> {
  try {
    return await loadScenarioFile(file, { run: RUN_MARKER });
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    throw new ExportError(`${err.message}\n\n${err.problems.length} problem(s) in the scenario file.`);
  }
}

/**
 * Renders the scenario's user lifecycle with the profile's dialect and writes it as an Artillery script. The
 * profile is --profile, else the scenario's own (the first of several), else rfc.
 */
export async function exportArtillery(options: ExportOptions): Promise<ExportSummary> {
  const scenario = await loadScenario(options.scenario);
  const profile: Profile = options.profile ?? scenario.target.profile ?? scenario.profiles[0] ?? "rfc";
  const lifecycle = lifecycleOf(scenario);
  const steps = renderLifecycle(profile, lifecycle, {
    targetOptions: scenario.target.options ?? {},
    ...(scenario.target.deprovision ? { deprovision: scenario.target.deprovision } : {}),
  });
  if (steps.length === 0)
    throw new ExportError(
      `${options.scenario}: no user lifecycle to replay; export needs a create user (or create users) step, then any of update, deactivate, reactivate or delete user`,
    );
  const replayed = steps.map((s) => s.label);
  const text = artilleryScript(steps, {
    scenario: scenario.name,
    profile,
    handles: [...lifecycle.ids.keys()],
    users: options.users,
    rate: options.rate,
    ...(options.target ? { target: options.target } : {}),
    comment: headerComment(scenario, profile, options, replayed),
  });
  const out = resolve(options.out);
  await writeFile(out, text).catch((err: Error) => {
    throw new WriteError(`cannot write ${out}: ${err.message}`);
  });
  return {
    out,
    scenario: scenario.name,
    profile,
    replayed,
    skipped: lifecycle.skipped,
    requests: steps.reduce((n, s) => n + s.requests.length, 0),
  };
}

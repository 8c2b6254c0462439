import { randomBytes } from "node:crypto";
import { readdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CREDENTIAL_OPTIONS, credentialsOf, readArgs, UsageError } from "./cli-args";
import { version } from "./config";
import { PROFILES, type Profile, type TargetAuth } from "./protocol";
import { loadScenarioFile, ScenarioError, type ScenarioProblem } from "./scenarios/load";
import { toHar } from "./scenarios/report-har";
import { toHtmlReport } from "./scenarios/report-html";
import { toJUnitXml } from "./scenarios/report-junit";
import type { ScenarioResult, StepResult } from "./scenarios/result";
import { runScenario } from "./scenarios/runner";
import type { Scenario } from "./scenarios/schema";
import { prepareTarget } from "./scenarios/setup";
import { createScratchSimulator } from "./simulator";

export interface RunOptions {
  inputs: string[];
  target?: string;
  auth?: TargetAuth;
  profile?: Profile;
  junit?: string;
  har?: string;
  report?: string;
  /** `--var name=value`: replaces a variable the scenario files declare. */
  vars: Record<string, string>;
}

export function parseRunArgs(args: string[]): RunOptions {
  const { values, positionals } = readArgs(
    args,
    {
      target: { type: "string" },
      ...CREDENTIAL_OPTIONS,
      embedded: { type: "boolean" },
      profile: { type: "string" },
      junit: { type: "string" },
      har: { type: "string" },
      report: { type: "string" },
      var: { type: "string", multiple: true },
    },
    true,
  );
  const options: RunOptions = { inputs: positionals, vars: {} };
  // --embedded undoes an earlier --target, so whichever comes last wins.
  const lastTarget = Math.max(
    args.lastIndexOf("--target"),
    ...args.map((a, i) => (a.startsWith("--target=") ? i : -1)),
  );
  const embedded = Math.max(args.lastIndexOf("--embedded"), -1);
  if (values.target !== undefined && lastTarget > embedded)
    options.target = values.target.replace(/\/+$/, "");
  const auth = credentialsOf(values);
  if (auth) options.auth = auth;
  if (values.profile !== undefined) {
    if (!(PROFILES as readonly string[]).includes(values.profile))
      throw new UsageError(`--profile must be one of ${PROFILES.join(", ")}`);
    options.profile = values.profile as Profile;
  }
  options.junit = values.junit;
  options.har = values.har;
  options.report = values.report;
  for (const v of values.var ?? []) {
    const eq = v.indexOf("=");
    if (eq < 1) throw new UsageError("--var takes name=value, e.g. --var users=200");
    options.vars[v.slice(0, eq)] = v.slice(eq + 1);
  }
  if (options.inputs.length === 0) throw new UsageError("name at least one scenario file, folder or glob");
  if (options.target && !options.auth)
    throw new UsageError(
      '--target needs credentials: --token T (bearer), --basic user:password or --header "Name: value"',
    );
  if (options.target && !/^https?:\/\//.test(options.target))
    throw new UsageError("--target must be an http(s) URL");
  return options;
}

/** Files, folders (their .yaml/.yml files) and simple globs (`*` in the file name). */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    if (input.includes("*")) {
      const dir = dirname(input);
      const pattern = new RegExp(
        `^${basename(input)
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")}$`,
      );
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => pattern.test(n)).sort();
      if (names.length === 0) throw new UsageError(`no scenario file matches ${input}`);
      files.push(...names.map((n) => join(dir, n)));
      continue;
    }
    const info = await stat(input).catch(() => null);
    if (!info) throw new UsageError(`no such file or folder: ${input}`);
    if (info.isDirectory()) {
      const names = (await readdir(input)).filter((n) => /\.ya?ml$/.test(n)).sort();
      files.push(...names.map((n) => join(input, n)));
    } else files.push(input);
  }
  return files;
}

const mark = { passed: "✔", failed: "✘", skipped: "–" } as const;
const secs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`);

function printStep(step: StepResult, result: ScenarioResult | null): void {
  const line = `  ${mark[step.status]} ${String(step.index).padStart(2, "0")} ${step.label}  ${secs(step.durationMs)}`;
  console.log(line);
  if (step.note) console.log(`       ${step.note}`);
  if (step.failure) {
    console.log(`       ${step.failure.message}`);
    if (step.failure.expected !== undefined)
      console.log(`       expected: ${JSON.stringify(step.failure.expected)}`);
    if (step.failure.actual !== undefined)
      console.log(`       actual:   ${JSON.stringify(step.failure.actual)}`);
    const ex = result?.exchanges.find((e) => e.id === step.failure?.exchangeId);
    if (ex)
      console.log(
        `       see exchange ${ex.id}: ${ex.request.method} ${ex.request.url} → ${ex.response?.status ?? ex.error}`,
      );
  }
}

/**
 * `scimulator run`: each scenario in a fresh in-process SCIMulator with a temporary data directory, against the
 * embedded org or an external SCIM URL. Every file is validated before anything runs. Exit 0 only if all passed.
 */
export async function runCommand(args: string[]): Promise<number> {
  const options = parseRunArgs(args);
  const files = await expandInputs(options.inputs);
  const runTag = randomBytes(3).toString("hex");
  const scenarios: Scenario[] = [];
  const problems: ScenarioProblem[] = [];
  for (const file of files) {
    try {
      const scenario = await loadScenarioFile(file, { run: runTag }, options.vars);
      // Each dialect's run gets its own ${run}, so runs against one long-lived server never share accounts.
      for (const [i, profile] of scenario.profiles.entries()) {
        const own = await loadScenarioFile(file, { run: `${runTag}${i}` }, options.vars);
        scenarios.push({ ...own, name: `${own.name} [${profile}]`, target: { ...own.target, profile } });
      }
      if (scenario.profiles.length === 0) scenarios.push(scenario);
    } catch (err) {
      if (err instanceof ScenarioError) problems.push(...err.problems);
      else throw err;
    }
  }
  // A --var applies to each file that declares it; a name that no file declares at all is a typo.
  for (const name of Object.keys(options.vars)) {
    if (!scenarios.some((s) => s.variables.includes(name)) && problems.length === 0) {
      throw new UsageError(`--var ${name}: none of the scenario files declares a variable "${name}"`);
    }
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`${p.file}:${p.line}:${p.column}: ${p.message}`);
    console.error(`\n${problems.length} problem(s) in scenario files; nothing was run.`);
    return 2;
  }
  const external = options.target && options.auth ? { url: options.target, auth: options.auth } : undefined;
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const { host, close } = await createScratchSimulator();
    try {
      const target = await prepareTarget(host, host.orgUrl, scenario, {
        external,
        profile: options.profile,
      });
      console.log(
        `\n▶ ${scenario.name}  (${scenario.file}; ${target.profile} → ${external ? external.url : "embedded org"})`,
      );
      const result = await runScenario(scenario, {
        host,
        target,
        external: Boolean(external),
        seed: 42,
        runTag,
        hooks: { onStep: (e) => e.phase === "end" && e.result && printStep(e.result, null) },
      });
      for (const step of result.steps.filter((s) => s.status === "failed" && s.failure?.exchangeId)) {
        const ex = result.exchanges.find((e) => e.id === step.failure?.exchangeId);
        if (ex)
          console.log(
            `       (step ${step.index}) exchange ${ex.id}: ${ex.request.method} ${ex.request.url} → ${ex.response?.status ?? ex.error}`,
          );
      }
      if (result.status === "skipped") console.log(`  – skipped: ${result.skipReason}`);
      if (result.cleanup) console.log(`  ${result.cleanup}`);
      console.log(`  ${mark[result.status]} ${result.status} in ${secs(result.durationMs)}`);
      results.push(result);
    } finally {
      await close();
    }
  }
  const count = (s: string) => results.filter((r) => r.status === s).length;
  if (options.junit) await writeFile(options.junit, toJUnitXml(results));
  if (options.har)
    await writeFile(options.har, JSON.stringify(toHar(results, { name: "SCIMulator", version }), null, 2));
  if (options.report) await writeFile(options.report, toHtmlReport(results));
  console.log(
    `\nscenarios: ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`,
  );
  return count("failed") > 0 ? 1 : 0;
}

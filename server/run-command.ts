import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "./cli-args";
import { version } from "./config";
import { expandInputs, parseRunArgs, RUN_HELP } from "./run-args";
import { loadScenarioFile, ScenarioError, type ScenarioProblem } from "./scenarios/load";
import { toHar } from "./scenarios/report-har";
import { toHtmlReport } from "./scenarios/report-html";
import { toJUnitXml } from "./scenarios/report-junit";
import type { ScenarioResult, StepResult } from "./scenarios/result";
import { runScenario } from "./scenarios/runner";
import type { Scenario } from "./scenarios/schema";
import { prepareTarget } from "./scenarios/setup";
import { createScratchSimulator } from "./simulator";

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
  if (options.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
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
        lenientTarget: options.lenient,
        cleanUp: Boolean(external) && !options.keep,
        adopt: options.adopt,
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
  const written: string[] = [];
  const write = async (file: string | undefined, what: string, text: () => string) => {
    if (!file) return;
    await writeFile(file, text());
    written.push(`  ${what.padEnd(12)}${resolve(file)}`);
  };
  await write(options.junit, "JUnit XML", () => toJUnitXml(results));
  await write(options.har, "HAR", () =>
    JSON.stringify(toHar(results, { name: "SCIMulator", version }), null, 2),
  );
  await write(options.report, "HTML report", () => toHtmlReport(results));
  console.log(
    `\nscenarios: ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`,
  );
  if (written.length > 0) console.log(`reports written:\n${written.join("\n")}`);
  return count("failed") > 0 ? 1 : 0;
}

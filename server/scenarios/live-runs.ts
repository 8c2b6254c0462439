import { randomBytes, randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { Problem } from "../problem";
import type { LiveMessage, Profile, ScenarioListing } from "../protocol";
import type { ScenarioHost } from "./host";
import { loadScenarioFile, ScenarioError } from "./load";
import type { ScenarioResult } from "./result";
import { runScenario } from "./runner";
import type { Scenario } from "./schema";
import { prepareTarget } from "./setup";

interface LiveRun {
  id: string;
  scenario: string;
  status: "running" | "paused" | "passed" | "failed" | "skipped";
  resume: (() => void) | null;
  result: ScenarioResult | null;
}

/**
 * Scenarios run from the UI or the API, in the running simulator, step by step on /ws. In trainer mode a run
 * stops before each step (or only at pause steps) until the trainer continues.
 */
export function createLiveRuns(deps: {
  dir: string;
  host: ScenarioHost;
  orgUrl: () => string;
  broadcast(m: LiveMessage): void;
}) {
  const runs = new Map<string, LiveRun>();

  async function files(): Promise<string[]> {
    const names = await readdir(deps.dir).catch(() => [] as string[]);
    return names.filter((n) => /\.ya?ml$/.test(n)).sort();
  }

  async function load(id: string, runTag: string): Promise<Scenario> {
    const name = (await files()).find((f) => f.replace(/\.ya?ml$/, "") === id);
    if (!name) throw new Problem("not_found", `No scenario "${id}". GET /api/scenarios lists them.`);
    try {
      return await loadScenarioFile(join(deps.dir, name), { run: runTag });
    } catch (err) {
      if (err instanceof ScenarioError) {
        throw new Problem(
          "invalid",
          `Scenario "${id}" is not valid: ${err.message}`,
          err.problems.map((p) => ({ path: `${p.line}:${p.column}`, message: p.message })),
        );
      }
      throw err;
    }
  }

  return {
    /** Whether any run is still going (running or paused at a step). */
    busy: (): boolean => [...runs.values()].some((r) => r.status === "running" || r.status === "paused"),

    async list(): Promise<ScenarioListing[]> {
      const out: ScenarioListing[] = [];
      for (const name of await files()) {
        const id = name.replace(/\.ya?ml$/, "");
        try {
          const s = await loadScenarioFile(join(deps.dir, name), { run: "preview" });
          out.push({
            id,
            name: s.name,
            description: s.description,
            requires: s.requires.length > 0 ? s.requires.join(", ") : null,
            profiles: s.profiles,
            steps: s.steps.length,
            problems: [],
          });
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          out.push({
            id,
            name: id,
            description: "",
            requires: null,
            profiles: [],
            steps: 0,
            problems: err.problems,
          });
        }
      }
      return out;
    },

    async start(
      id: string,
      options: { targetId?: string; profile?: Profile; stepping?: boolean; holdClock?: boolean },
    ): Promise<{ runId: string }> {
      const host = deps.host;
      const runTag = randomBytes(3).toString("hex");
      const loaded = await load(id, runTag);
      const profile = options.profile ?? loaded.profiles[0];
      const scenario: Scenario = profile ? { ...loaded, target: { ...loaded.target, profile } } : loaded;
      const target = options.targetId
        ? host.targets.get(options.targetId)
        : await prepareTarget(host, deps.orgUrl, scenario, { own: true });
      const run: LiveRun = {
        id: randomUUID(),
        scenario: scenario.name,
        status: "running",
        resume: null,
        result: null,
      };
      runs.set(run.id, run);
      const say = (
        m: Omit<Extract<LiveMessage, { type: "scenario" }>, "type" | "runId" | "scenario" | "scenarioId">,
      ) => deps.broadcast({ type: "scenario", runId: run.id, scenarioId: id, scenario: scenario.name, ...m });
      say({ phase: "start", status: "running" });
      void runScenario(scenario, {
        host,
        target,
        external: !target.embedded && !target.baseUrl.startsWith(deps.orgUrl()),
        seed: 42,
        runTag,
        ownsTarget: !options.targetId,
        liveRun: { scenario: scenario.name, runId: run.id },
        hooks: {
          stepping: options.stepping ?? false,
          onStep: (e) =>
            say({
              phase: e.phase === "start" ? "step-start" : "step-end",
              index: e.index,
              label: e.label,
              step: e.result,
            }),
          pause: (index, label, caption) =>
            new Promise<void>((resolve) => {
              run.status = "paused";
              // While the trainer talks, schedules and soft-delete windows wait too, unless the run said not to.
              const release = options.holdClock === false ? () => undefined : host.clock.hold();
              run.resume = () => {
                release();
                run.status = "running";
                run.resume = null;
                resolve();
              };
              say({ phase: "paused", index, label, caption, status: "paused" });
            }),
        },
      })
        .then((result) => {
          run.result = result;
          run.status = result.status;
        })
        .catch((err: unknown) => {
          console.error(`scimulator: scenario ${scenario.name} stopped:`, err);
          run.status = "failed";
        })
        .finally(async () => {
          // The run's own target would otherwise go on pushing every later edit to the org beside the default
          // target; in manual mode it stays for its history and for the next run, which switches it back.
          if (!options.targetId) {
            host.claims.release(target.id);
            await host.targets.update(target.id, { mode: "manual" }).catch(() => undefined);
          }
          say({ phase: "end", status: run.status });
        });
      return { runId: run.id };
    },

    resume(runId: string): { status: string } {
      const run = runs.get(runId);
      if (!run) throw new Problem("not_found", `No scenario run "${runId}"`);
      if (!run.resume) throw new Problem("conflict", `Run "${runId}" is ${run.status}, not paused`);
      run.resume();
      return { status: run.status };
    },

    get(runId: string) {
      const run = runs.get(runId);
      if (!run) throw new Problem("not_found", `No scenario run "${runId}"`);
      return { id: run.id, scenario: run.scenario, status: run.status, result: run.result };
    },
  };
}

export type LiveRuns = ReturnType<typeof createLiveRuns>;

import { Problem } from "../problem";
import type { Exchange, StepFailure, Target } from "../protocol";
import * as act from "./actions";
import { type RunContext, rememberRemoteIds, StepFailed, type StepOutcome } from "./context";
import * as expect from "./expectations";
import type { ScenarioHost } from "./host";
import { durationMs } from "./match";
import type { ScenarioResult, StepResult } from "./result";
import type { Scenario, Step } from "./schema";
import { EMBEDDED_ONLY } from "./schema";
import { describeServerAnswer, serverAnswerOf } from "./server-answer";
import { createTargetReader } from "./target-reader";

export interface RunHooks {
  onStep?(event: { phase: "start" | "end"; index: number; label: string; result?: StepResult }): void;
  /** Trainer mode: resolves when the trainer says go on. Called at pause steps, and at every step when stepping. */
  pause?(index: number, label: string, caption: string | null): Promise<void>;
  stepping?: boolean;
}

export interface RunSettings {
  host: ScenarioHost;
  target: Target;
  /** True when the target is not the embedded org. */
  external: boolean;
  seed: number;
  runTag: string;
  /** The run owns its target: what it creates is provisioned by that target alone, not by others on the org. */
  ownsTarget?: boolean;
  hooks?: RunHooks;
}

/** A step in words, as the CLI, JUnit and the UI show it. */
export function labelOf(step: Step): string {
  const a = step.args as unknown;
  if (step.verb === "pause") return "pause";
  if (typeof a === "string" || typeof a === "number") return `${step.verb} ${a}`;
  if (!a || typeof a !== "object") return step.verb;
  const o = a as Record<string, unknown>;
  const who = o.as ?? o.user ?? o.group ?? "";
  const details = Object.entries(o)
    .filter(([k]) => !["as", "user", "group", "within"].includes(k))
    // Labels reach the terminal, /ws and every report; a password is named, never shown.
    .map(([k, v]) => (k === "password" && typeof v === "string" ? [k, "[redacted]"] : [k, v]))
    .map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
  return [step.verb, who, details].filter(Boolean).join(" ");
}

function needsEmbedded(scenario: Scenario): boolean {
  return scenario.requires === "embedded" || scenario.steps.some((s) => EMBEDDED_ONLY.includes(s.verb));
}

async function perform(ctx: RunContext, step: Step): Promise<StepOutcome> {
  switch (step.verb) {
    case "create user":
      return act.createUser(ctx, step.args);
    case "update user":
      return act.updateUser(ctx, step.args);
    case "deactivate user":
      return act.setActive(ctx, step.args, false);
    case "reactivate user":
      return act.setActive(ctx, step.args, true);
    case "delete user":
      return act.deleteUser(ctx, step.args);
    case "create users":
      return act.createUsers(ctx, step.args);
    case "create group":
      return act.createGroup(ctx, step.args);
    case "rename group":
      return act.renameGroup(ctx, step.args);
    case "set members":
      return act.setMembers(ctx, step.args);
    case "delete group":
      return act.deleteGroup(ctx, step.args);
    case "assign":
      return act.assign(ctx, step.args, true);
    case "unassign":
      return act.assign(ctx, step.args, false);
    case "sync":
      return act.sync(ctx, step.args);
    case "provision":
      return act.provision(ctx, step.args);
    case "wait for cycle":
      return act.waitForCycle(ctx, step.args);
    case "set fault":
      ctx.host.faults.add(step.args);
      return {};
    case "clear faults":
      ctx.host.faults.clear();
      return {};
    case "advance clock":
      ctx.host.clock.advance(durationMs(step.args, 0));
      return { note: `simulated time is now ${new Date(ctx.host.clock.now()).toISOString()}` };
    case "set time scale":
      ctx.host.clock.setScale(step.args);
      return {};
    case "pause":
      return { note: step.args };
    case "expect user":
      return expect.expectUser(ctx, step.args);
    case "expect group":
      return expect.expectGroup(ctx, step.args);
    case "expect traffic":
      return expect.expectTraffic(ctx, step.args);
    case "expect no traffic":
      return expect.expectNoTraffic(ctx, step.args);
    case "expect deprovisioned":
      return expect.expectDeprovisioned(ctx, step.args);
  }
}

/**
 * Runs a scenario's steps against one target, in order. The first failing step ends the run (later steps would
 * only report its consequences); expectations poll until their deadline instead of sleeping.
 */
export async function runScenario(scenario: Scenario, settings: RunSettings): Promise<ScenarioResult> {
  const { host, target, hooks } = settings;
  const startedAt = Date.now();
  const result: ScenarioResult = {
    name: scenario.name,
    description: scenario.description,
    file: scenario.file,
    status: "passed",
    startedAt: new Date(startedAt).toISOString(),
    durationMs: 0,
    profile: target.profile,
    targetUrl: target.baseUrl,
    steps: [],
    exchanges: [],
  };
  const finish = () => {
    result.durationMs = Date.now() - startedAt;
    const since = result.startedAt;
    result.exchanges = host.log.list().filter((e) => e.targetId === target.id && e.at >= since);
    return result;
  };
  if (settings.external && needsEmbedded(scenario)) {
    result.status = "skipped";
    result.skipReason =
      "needs the embedded org (faults or the simulated clock); skipped against an external target";
    return finish();
  }

  const connection = await host.actions.testConnection(target.id);
  // The same test the IdP runs, judged as the IdP judges it: a wrong URL fails here, not ten seconds per step later.
  if (!connection.ok) {
    result.status = "failed";
    const step: StepResult = {
      index: 0,
      label: `connect to ${target.baseUrl}`,
      kind: "connect",
      status: "failed",
      durationMs: Date.now() - startedAt,
      exchangeIds: [],
      failure: {
        message:
          connection.status === 0
            ? `the target did not answer: ${connection.detail}`
            : connection.status === 401 || connection.status === 403
              ? `the target answered ${connection.status}: it refused the credentials; check the token (--token, --basic or --header) and that it is valid for ${target.baseUrl}`
              : `the connection test failed: ${connection.detail}`,
        expected: "a 2xx SCIM ListResponse",
        actual: connection.status,
        exchangeId: host.log
          .list()
          .filter((e) => e.targetId === target.id)
          .at(-1)?.id,
      },
    };
    result.steps.push(step);
    hooks?.onStep?.({ phase: "end", index: 0, label: step.label, result: step });
    return finish();
  }

  const ctx: RunContext = {
    host,
    target,
    reader: createTargetReader(host.send, host.links),
    users: new Map(),
    groups: new Map(),
    offboardedAt: new Map(),
    remote: new Map(),
    startedAt,
    seed: settings.seed,
    runTag: settings.runTag,
    ...(settings.ownsTarget ? { claimFor: target.id } : {}),
  };
  const scaleBefore = host.clock.scale();
  let failed = false;
  for (const [index, step] of scenario.steps.entries()) {
    const label = labelOf(step);
    const stepResult: StepResult = {
      index: index + 1,
      label,
      kind: step.verb,
      status: "skipped",
      durationMs: 0,
      exchangeIds: [],
    };
    if (failed) {
      result.steps.push(stepResult);
      hooks?.onStep?.({ phase: "end", index: index + 1, label, result: stepResult });
      continue;
    }
    if (hooks?.pause && (hooks.stepping || step.verb === "pause")) {
      await hooks.pause(index + 1, label, step.verb === "pause" ? step.args : null);
    }
    const only = (step.verb === "expect traffic" || step.verb === "expect no traffic") && step.args.only;
    if (only && !only.includes(target.profile)) {
      stepResult.note = `only checked under ${only.join(", ")}`;
      result.steps.push(stepResult);
      hooks?.onStep?.({ phase: "end", index: index + 1, label, result: stepResult });
      continue;
    }
    hooks?.onStep?.({ phase: "start", index: index + 1, label });
    rememberRemoteIds(ctx);
    const started = Date.now();
    const fromIso = new Date(started).toISOString();
    let outcome: StepOutcome;
    try {
      outcome = await perform(ctx, step);
    } catch (err) {
      if (err instanceof StepFailed) outcome = { failure: err.failure };
      else if (err instanceof Problem) outcome = { failure: { message: err.message, actual: err.details } };
      else throw err;
    }
    rememberRemoteIds(ctx);
    stepResult.durationMs = Date.now() - started;
    stepResult.status = outcome.failure ? "failed" : "passed";
    if (outcome.note) stepResult.note = outcome.note;
    if (outcome.failure) stepResult.failure = withServerAnswer(outcome.failure, host.log.list());
    stepResult.exchangeIds = host.log
      .list()
      .filter((e) => e.targetId === target.id && e.at >= fromIso)
      .map((e) => e.id);
    result.steps.push(stepResult);
    hooks?.onStep?.({ phase: "end", index: index + 1, label, result: stepResult });
    if (outcome.failure) {
      failed = true;
      result.status = "failed";
    }
  }
  if (failed) undoOrgChanges(ctx, scenario, scaleBefore, result);
  return finish();
}

/** A failure whose evidence is a refused exchange also says what the server said, in its own words. */
function withServerAnswer(failure: StepFailure, exchanges: Exchange[]): StepFailure {
  if (!failure.exchangeId || failure.server) return failure;
  const server = serverAnswerOf(exchanges.find((e) => e.id === failure.exchangeId));
  return server
    ? { ...failure, message: `${failure.message}; ${describeServerAnswer(server)}`, server }
    : failure;
}

/**
 * A failed run skips its own clean-up steps, so a fault or a fast clock it set would go on disturbing whatever
 * runs next in the same simulator. Put back what the scenario changed on the embedded org.
 */
function undoOrgChanges(ctx: RunContext, scenario: Scenario, scaleBefore: number, result: ScenarioResult) {
  const undone: string[] = [];
  if (scenario.steps.some((s) => s.verb === "set fault") && ctx.host.faults.clear() > 0) {
    undone.push("cleared the faults it set");
  }
  if (ctx.host.clock.scale() !== scaleBefore) {
    ctx.host.clock.setScale(scaleBefore);
    undone.push(`set the time scale back to ${scaleBefore}`);
  }
  if (undone.length > 0) result.cleanup = `After the failure, the run ${undone.join(" and ")}.`;
}

import { Problem } from "../problem";
import type { Exchange, StepFailure } from "../protocol";
import * as act from "./actions";
import { describeRemoval, removeRunResources } from "./cleanup";
import { type RunContext, rememberRemoteIds, StepFailed, type StepOutcome } from "./context";
import * as expect from "./expectations";
import { type GateSettings, gateRun } from "./gate";
import { labelOf, nameOf } from "./labels";
import { durationMs } from "./match";
import type { ScenarioResult, StepResult } from "./result";
import type { Scenario, Step } from "./schema";
import { describeServerAnswer, serverAnswerOf } from "./server-answer";
import * as signIn from "./sign-in-steps";
import { createTargetReader } from "./target-reader";

export interface RunHooks {
  onStep?(event: { phase: "start" | "end"; index: number; label: string; result?: StepResult }): void;
  /** Trainer mode: resolves when the trainer says go on. Called at pause steps, and at every step when stepping. */
  pause?(index: number, label: string, caption: string | null): Promise<void>;
  stepping?: boolean;
}

export interface RunSettings extends GateSettings {
  seed: number;
  /** The run owns its target: what it creates is provisioned by that target alone, not by others on the org. */
  ownsTarget?: boolean;
  /** Remove what the run created from the target when it ends, pass or fail (external targets; not `--keep`). */
  cleanUp?: boolean;
  /** A live run in the app: what it creates is marked with this run (the scenario's name and the run's id). */
  liveRun?: { scenario: string; runId: string };
  hooks?: RunHooks;
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
    case "create app":
      return signIn.createApp(ctx, step.args);
    case "sign in":
      return signIn.signIn(ctx, step.args);
    case "expect sign-in":
      return signIn.expectSignIn(ctx, step.args);
    case "expect sign-in refused":
      return signIn.expectSignInRefused(ctx, step.args);
    case "expect signed out":
      return signIn.expectSignedOut(ctx, step.args);
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
  // The run's exchanges: its SCIM calls to the target, and the sign-ins at the apps it registered.
  const appIds = new Set<string>();
  const ours = (id: string) => id === target.id || appIds.has(id);
  const finish = () => {
    result.durationMs = Date.now() - startedAt;
    const since = result.startedAt;
    result.exchanges = host.log.list().filter((e) => ours(e.targetId) && e.at >= since);
    return result;
  };
  const gate = await gateRun(scenario, settings);
  if (gate.skipReason) {
    result.status = "skipped";
    result.skipReason = gate.skipReason;
    return finish();
  }
  if (gate.failed) {
    result.status = "failed";
    result.steps.push(gate.failed);
    hooks?.onStep?.({ phase: "end", index: 0, label: gate.failed.label, result: gate.failed });
    return finish();
  }

  const ctx: RunContext = {
    host,
    target,
    reader: createTargetReader(host.send, host.links),
    users: new Map(),
    groups: new Map(),
    offboardedAt: new Map(),
    apps: new Map(),
    browsers: new Map(),
    remote: new Map(),
    startedAt,
    seed: settings.seed,
    runTag: settings.runTag,
    ...(settings.ownsTarget ? { claimFor: target.id } : {}),
    ...(settings.liveRun
      ? { origin: { ...settings.liveRun, targetId: target.id, at: new Date(startedAt).toISOString() } }
      : {}),
  };
  const scaleBefore = host.clock.scale();
  let failed = false;
  for (const [index, step] of scenario.steps.entries()) {
    const label = labelOf(step);
    const stepResult: StepResult = {
      index: index + 1,
      label,
      name: nameOf(step),
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
    const args = step.args as { only?: string[] } | null;
    const only = args && typeof args === "object" ? args.only : undefined;
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
    for (const { app } of ctx.apps.values()) appIds.add(app.id);
    stepResult.durationMs = Date.now() - started;
    stepResult.status = outcome.failure ? "failed" : "passed";
    if (outcome.note) stepResult.note = outcome.note;
    if (outcome.failure) stepResult.failure = withServerAnswer(outcome.failure, host.log.list());
    stepResult.exchangeIds = host.log
      .list()
      .filter((e) => ours(e.targetId) && e.at >= fromIso)
      .map((e) => e.id);
    result.steps.push(stepResult);
    hooks?.onStep?.({ phase: "end", index: index + 1, label, result: stepResult });
    if (outcome.failure) {
      failed = true;
      result.status = "failed";
    }
  }
  if (failed) undoOrgChanges(ctx, scenario, scaleBefore, result);
  // The apps a run registered at the IdP go with it, pass or fail: they name only this run's redirect URIs.
  for (const { app } of ctx.apps.values()) await host.signin?.apps.remove(app.id).catch(() => undefined);
  if (settings.cleanUp) result.cleanup = describeRemoval(await removeRunResources(ctx));
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

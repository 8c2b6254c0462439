import { randomBytes } from "node:crypto";
import {
  type CheckFinding,
  type CheckId,
  type CheckPlan,
  type CheckProfile,
  type CheckReport,
  type CheckResult,
  type DialectCard,
  type Exchange,
  IDP_NAMES,
  type TargetAuth,
} from "../protocol";
import { dialectFor } from "../provisioning/dialects";
import { maskUrl } from "../targets/mask";
import { type CheckDef, checksFor, planOf } from "./catalogue";
import { cleanUp } from "./cleanup";
import { blockerOf, connection } from "./connection-check";
import {
  type CheckRun,
  type DialectRun,
  newExchanges,
  type Outcome,
  provision,
  seenNow,
  type TestNames,
} from "./context";
import { derivedChecks } from "./derived-checks";
import { errorChecks } from "./error-checks";
import { failed, outline } from "./evidence";
import { explain } from "./explain";
import { countsOf, gradeOf, outcomeOf, tolerate, verdictOf } from "./grading";
import { groupChecks } from "./group-checks";
import type { CheckHost } from "./host";
import { userChecks } from "./user-checks";
import { validatorChecks } from "./validator-checks";

const RUNS: Partial<Record<CheckId, CheckRun>> = {
  connection,
  ...userChecks,
  ...groupChecks,
  ...validatorChecks,
  ...errorChecks,
  ...derivedChecks,
};

/** A lifecycle step skipped after a failure still has to happen in the directory, or the next steps start wrong. */
const CATCH_UP: Partial<Record<CheckId, (run: DialectRun) => Promise<unknown>>> = {
  "user.reactivate": (run) =>
    run.ids.a
      ? provision(run, () => run.host.directory.updateUser(run.ids.a ?? "", { active: true }))
      : Promise.resolve(),
};

export interface CheckHooks {
  /** The plan, and the report the run fills in as it goes. */
  onStart?(plan: CheckPlan[], report: CheckReport): void;
  onDialect?(profile: CheckProfile): void;
  onCheck?(profile: CheckProfile, result: CheckResult): void;
}

export interface CheckSettings {
  /** A throwaway simulator: the check fills its directory with test users. */
  host: CheckHost;
  baseUrl: string;
  auth: TargetAuth;
  profiles: readonly CheckProfile[];
  requestsPerSecond: number | null;
  version: string;
  /** In every test resource's name; random by default. */
  tag?: string;
  /** Stops the run after the check in progress; the IdP being checked still cleans up. */
  signal?: AbortSignal;
  hooks?: CheckHooks;
}

function namesFor(tag: string, profile: CheckProfile): TestNames {
  const base = `scimulator-check-${tag}-${profile}`;
  const group = `SCIMulator check ${tag} ${profile}`;
  return {
    a: `${base}-a@example.com`,
    aEmail: `${base}-a.mail@example.com`,
    aRenamed: `${base}-a.renamed@example.com`,
    b: `${base}-b@example.com`,
    group,
    groupRenamed: `${group} renamed`,
  };
}

function dedupe(findings: CheckFinding[]): CheckFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.message) && Boolean(seen.add(f.message)));
}

function resultOf(
  def: CheckDef,
  on: { profile: CheckProfile; baseUrl: string },
  outcome: Outcome,
  exchanges: Exchange[],
  ms: number,
): CheckResult {
  const base = {
    id: def.id,
    title: def.title,
    source: def.source,
    exchangeIds: exchanges.map((e) => e.id),
    durationMs: ms,
  };
  if (outcome.skip) return { ...base, verdict: "skip", summary: outcome.skip, findings: [] };
  let findings = dedupe(outcome.findings);
  const failing = findings.find((f) => f.level === "fail");
  const explanation = explain(def.id, on.profile, failing?.reason);
  if (def.tolerated?.includes(on.profile)) findings = tolerate(findings, explanation.fix);
  return {
    ...base,
    verdict: verdictOf(findings),
    summary: outcome.summary ?? outline(exchanges, on.baseUrl),
    findings,
    ...(failing ? { consequence: explanation.admin, fix: explanation.fix } : {}),
  };
}

/** Why a check cannot run yet: something it builds on failed, or the server could not be used at all. */
function blockedBy(def: CheckDef, run: DialectRun, stopped: string | null): string | null {
  if (stopped) return stopped;
  for (const need of def.needs ?? []) {
    const result = run.results.get(need);
    if (!result || result.verdict === "fail" || result.verdict === "skip")
      return `not run: it builds on ${need}, which ${result?.verdict === "fail" ? "failed" : "did not run"}`;
  }
  return null;
}

async function checkAs(
  settings: CheckSettings,
  report: CheckReport,
  profile: CheckProfile,
  card: DialectCard,
) {
  const { host } = settings;
  const target = await host.targets.create({
    name: `Check: ${IDP_NAMES[profile]}`,
    baseUrl: settings.baseUrl,
    auth: settings.auth,
    profile,
    mode: "manual",
    schedule: null,
  });
  // The run owns its target before it is switched on, so it provisions only the check's own people.
  host.claims.own(target.id);
  const run: DialectRun = {
    host,
    profile,
    dialect: dialectFor(profile),
    target,
    names: namesFor(report.tag, profile),
    ids: {},
    remote: {},
    results: new Map(),
    noAuth: settings.auth.type === "none",
  };
  // What the IdP sends as provisioning starts (Entra's first query) belongs with its connection test.
  let seen = seenNow(run);
  run.target = await host.targets.update(target.id, { mode: "on-edit" });
  await host.idle();
  let stopped: string | null = null;
  try {
    for (const def of checksFor(profile)) {
      const started = Date.now();
      if (def.id !== "connection") seen = seenNow(run);
      if (settings.signal?.aborted) stopped ??= "not run: the check was stopped";
      const blocked = blockedBy(def, run, stopped);
      let outcome: Outcome;
      if (blocked) {
        await CATCH_UP[def.id]?.(run);
        outcome = { findings: [], skip: blocked };
      } else {
        try {
          outcome = await (RUNS[def.id] ?? (async () => ({ findings: [failed("no such check")] })))(run);
        } catch (err) {
          outcome = { findings: [failed(`the check could not finish: ${(err as Error).message}`)] };
        }
      }
      const result = resultOf(
        def,
        { profile, baseUrl: run.target.baseUrl },
        outcome,
        newExchanges(run, seen),
        Date.now() - started,
      );
      run.results.set(def.id, result);
      card.checks.push(result);
      settings.hooks?.onCheck?.(profile, result);
      if (def.id === "connection" && blockerOf(run)) stopped = "not run: the server cannot be used at all";
    }
  } finally {
    // Pass or fail, the test resources go; while the server is unusable there is nothing to remove.
    if (!blockerOf(run)) await cleanUp(run, report.cleanup);
    await host.targets.remove(target.id);
    host.claims.release(target.id);
  }
  return { blocker: blockerOf(run), targetId: target.id };
}

function finishCard(card: DialectCard, started: number): void {
  card.counts = countsOf(card.checks.map((c) => c.verdict));
  card.grade = gradeOf(card.counts);
  card.durationMs = Date.now() - started;
}

/**
 * Checks a SCIM server as each IdP chosen: the IdP's whole lifecycle through SCIMulator's engine, then the
 * requests its validators send, one IdP after the other, each cleaning up after itself. When the server cannot be
 * reached or refuses the credentials, the first IdP finds out and the others are not tried.
 */
export async function runCheck(settings: CheckSettings): Promise<CheckReport> {
  const started = Date.now();
  const report: CheckReport = {
    format: "scimulator-check/1",
    version: settings.version,
    baseUrl: maskUrl(settings.baseUrl),
    tag: settings.tag ?? randomBytes(3).toString("hex"),
    status: "running",
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    outcome: null,
    requestsPerSecond: settings.requestsPerSecond,
    cards: [],
    cleanup: { removed: 0, deactivated: [], left: [] },
    exchanges: [],
  };
  settings.hooks?.onStart?.(planOf(settings.profiles), report);
  const targetIds = new Set<string>();
  let blocker: ReturnType<typeof blockerOf> = null;
  for (const profile of settings.profiles) {
    const card: DialectCard = {
      profile,
      idp: IDP_NAMES[profile],
      grade: "yes",
      counts: countsOf([]),
      checks: [],
      durationMs: 0,
    };
    const cardStarted = Date.now();
    report.cards.push(card);
    settings.hooks?.onDialect?.(profile);
    if (blocker || settings.signal?.aborted) {
      for (const def of checksFor(profile)) {
        const outcome: Outcome =
          def.id === "connection" && blocker
            ? {
                findings: [
                  failed(blocker.problem, undefined, blocker.outcome === "refused" ? "refused" : "no-answer"),
                ],
              }
            : {
                findings: [],
                skip: blocker
                  ? "not run: the server cannot be used at all"
                  : "not run: the check was stopped",
              };
        const result = resultOf(def, { profile, baseUrl: settings.baseUrl }, outcome, [], 0);
        card.checks.push(result);
        settings.hooks?.onCheck?.(profile, result);
      }
    } else {
      const done = await checkAs(settings, report, profile, card);
      targetIds.add(done.targetId);
      blocker = done.blocker;
    }
    finishCard(card, cardStarted);
  }
  report.exchanges = settings.host.log.list().filter((e) => targetIds.has(e.targetId));
  report.outcome = blocker?.outcome ?? outcomeOf(report.cards);
  if (blocker) report.problem = blocker.problem;
  report.durationMs = Date.now() - started;
  report.status = "done";
  return report;
}

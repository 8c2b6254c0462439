import type {
  CheckGrade,
  CheckMessage,
  CheckOutcome,
  CheckPlan,
  CheckProfile,
  CheckReport,
  CheckResult,
} from "../server/protocol";
import { useLiveSignals } from "./live-bus";

/** A check as the dialog follows it: the plan from the start message, each result as it comes. */
export interface CheckRun {
  checkId: string;
  plan: CheckPlan[];
  results: Partial<Record<CheckProfile, CheckResult[]>>;
  grades: Partial<Record<CheckProfile, CheckGrade>>;
  outcome: CheckOutcome | null;
  problem?: string;
}

export const startedRun = (checkId: string): CheckRun => ({
  checkId,
  plan: [],
  results: {},
  grades: {},
  outcome: null,
});

export function applyCheck(run: CheckRun, message: CheckMessage): CheckRun {
  if (message.checkId !== run.checkId) return run;
  switch (message.phase) {
    case "start":
      return { ...run, plan: message.plan };
    case "check": {
      const done = (run.results[message.profile] ?? []).filter((r) => r.id !== message.result.id);
      return { ...run, results: { ...run.results, [message.profile]: [...done, message.result] } };
    }
    case "end":
      return {
        ...run,
        outcome: message.outcome,
        grades: Object.fromEntries(message.grades.map((g) => [g.profile, g.grade])),
      };
  }
}

/** The finished report replaces what the messages built, so a message lost while offline costs nothing. */
export function applyReport(run: CheckRun, report: CheckReport): CheckRun {
  if (report.status !== "done") return run;
  return {
    ...run,
    plan:
      run.plan.length > 0
        ? run.plan
        : report.cards.map((c) => ({
            profile: c.profile,
            idp: c.idp,
            checks: c.checks.map(({ id, title }) => ({ id, title })),
          })),
    results: Object.fromEntries(report.cards.map((c) => [c.profile, c.checks])),
    grades: Object.fromEntries(report.cards.map((c) => [c.profile, c.grade])),
    outcome: report.outcome,
    ...(report.problem ? { problem: report.problem } : {}),
  };
}

/** Calls `onMessage` with each message of a running check, from the page's one /ws connection. */
export function useCheckMessages(onMessage: (message: CheckMessage) => void): void {
  useLiveSignals((signal) => {
    if (signal.type === "check") onMessage(signal);
  });
}

import { randomUUID } from "node:crypto";
import { Problem } from "../problem";
import {
  CHECK_PROFILES,
  type CheckInput,
  type CheckMessage,
  type CheckReport,
  type LiveMessage,
} from "../protocol";
import { maskUrl } from "../targets/mask";
import type { Targets } from "../targets/targets";
import type { SpawnCheckHost } from "./host";
import { runCheck } from "./runner";

const DEFAULT_RATE = 10;

/** A check message as the run says it: the live channel adds the type and the ids. */
type CheckEvent = CheckMessage extends infer M
  ? M extends CheckMessage
    ? Omit<M, "type" | "checkId" | "targetId">
    : never
  : never;
/** Reports kept for GET /api/checks/:checkId; older ones are dropped. */
const KEPT = 20;

/**
 * Checks started from the UI, against a target's URL with its credentials. Each runs in a throwaway simulator of
 * its own, so its test users never enter the live directory; progress goes out on /ws, check by check.
 */
export function createLiveChecks(deps: {
  targets: Pick<Targets, "get">;
  spawn: SpawnCheckHost;
  broadcast(message: LiveMessage): void;
  version: string;
}) {
  const reports = new Map<string, CheckReport>();
  const running = new Map<string, { stop: AbortController; done: Promise<void> }>();

  const keep = (checkId: string, report: CheckReport) => {
    reports.set(checkId, report);
    for (const id of [...reports.keys()].slice(0, Math.max(0, reports.size - KEPT))) reports.delete(id);
  };

  async function run(checkId: string, targetId: string, input: CheckInput, signal: AbortSignal) {
    const target = deps.targets.get(targetId);
    const rate = input.rate ?? DEFAULT_RATE;
    const profiles = CHECK_PROFILES.filter((p) => !input.profiles?.length || input.profiles.includes(p));
    const say = (m: CheckEvent) => deps.broadcast({ type: "check", checkId, targetId, ...m } as LiveMessage);
    let report: CheckReport | undefined;
    try {
      const scratch = await deps.spawn(rate);
      try {
        report = await runCheck({
          host: scratch.host,
          baseUrl: target.baseUrl,
          auth: target.auth,
          profiles,
          requestsPerSecond: rate,
          version: deps.version,
          signal,
          hooks: {
            onStart: (plan, started) => {
              keep(checkId, started);
              say({ phase: "start", plan });
            },
            onCheck: (profile, result) => say({ phase: "check", profile, result }),
          },
        });
      } finally {
        await scratch.close();
      }
    } catch (err) {
      // Whatever stopped the run, the report says so rather than staying "running" for ever.
      const failed = reports.get(checkId);
      report = failed ? { ...failed } : undefined;
      if (report) {
        report.status = "done";
        report.outcome = "unreachable";
        report.problem = `the check stopped: ${(err as Error).message}`;
      }
    }
    if (report) {
      keep(checkId, report);
      say({
        phase: "end",
        outcome: report.outcome ?? "unreachable",
        grades: report.cards.map((c) => ({ profile: c.profile, grade: c.grade })),
      });
    }
  }

  return {
    /** Starts a check of the target; the answer comes before the first request is sent. */
    start(targetId: string, input: CheckInput): { checkId: string } {
      const target = deps.targets.get(targetId);
      const checkId = randomUUID();
      keep(checkId, {
        format: "scimulator-check/1",
        version: deps.version,
        baseUrl: maskUrl(target.baseUrl),
        tag: "",
        status: "running",
        startedAt: new Date().toISOString(),
        durationMs: 0,
        outcome: null,
        requestsPerSecond: input.rate ?? DEFAULT_RATE,
        cards: [],
        cleanup: { removed: 0, deactivated: [], left: [] },
        exchanges: [],
      });
      const stop = new AbortController();
      const done = run(checkId, targetId, input, stop.signal).finally(() => running.delete(checkId));
      running.set(checkId, { stop, done });
      return { checkId };
    },

    get(checkId: string): CheckReport {
      const report = reports.get(checkId);
      if (!report)
        throw new Problem("not_found", `No check "${checkId}"; POST /api/targets/:id/check starts one`);
      return report;
    },

    /** Stops every running check after the check it is in, with its test resources cleaned up. */
    async close(): Promise<void> {
      for (const { stop } of running.values()) stop.abort();
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}

export type LiveChecks = ReturnType<typeof createLiveChecks>;

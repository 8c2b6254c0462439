import { useEffect, useRef, useState } from "react";
import type { CheckMessage } from "../../server/protocol";
import {
  api,
  CHECK_PROFILES,
  type CheckPlan,
  type CheckProfile,
  type CheckReport,
  type CheckResult,
  IDP_NAMES,
  messageOf,
  type TargetView,
} from "../api";
import { applyCheck, applyReport, type CheckRun, startedRun, useCheckMessages } from "../check-run";
import { Modal } from "./modal";
import "./check-dialog.css";

interface Props {
  target: TargetView;
  onClose: () => void;
}

const MARK = { pass: "✓", warning: "!", fail: "✕", skip: "–", pending: "…" } as const;

const isCheckProfile = (p: string): p is CheckProfile => (CHECK_PROFILES as readonly string[]).includes(p);

function CheckRow({ planned, result }: { planned: CheckPlan["checks"][number]; result?: CheckResult }) {
  const verdict = result?.verdict ?? "pending";
  const detailed = result && result.verdict !== "pass";
  return (
    <li
      className={`check-row check-${verdict}`}
      data-testid="check-row"
      data-check={planned.id}
      data-verdict={verdict}
    >
      <div className="check-row-head">
        <span className="check-mark" aria-hidden="true">
          {MARK[verdict]}
        </span>
        <span className="check-title">{planned.title}</span>
        <span className="mono muted check-id">{planned.id}</span>
      </div>
      {detailed && (
        <div className="check-detail">
          {result.findings.length === 0 && <p className="muted">{result.summary}</p>}
          {result.findings.map((f) => (
            <p key={f.message} className={`check-finding check-finding-${f.level}`}>
              {f.message}
              {f.fix && f.level === "warning" && <span className="check-fix"> Fix: {f.fix}</span>}
            </p>
          ))}
          {result.consequence && (
            <p className="check-consequence">
              <b>What the admin sees:</b> {result.consequence}
              <br />
              <b>Fix:</b> {result.fix}
            </p>
          )}
        </div>
      )}
    </li>
  );
}

function IdpCard({ plan, run }: { plan: CheckPlan; run: CheckRun }) {
  const results = run.results[plan.profile] ?? [];
  const grade = run.grades[plan.profile];
  const byId = new Map(results.map((r) => [r.id, r]));
  return (
    <section
      className="check-idp"
      data-testid="check-idp"
      data-profile={plan.profile}
      data-grade={grade ?? "running"}
    >
      <h4>
        Works with {plan.idp}:{" "}
        <span className={`check-grade check-grade-${grade ? grade.replace(" ", "-") : "running"}`}>
          {grade ?? `checking… ${results.length}/${plan.checks.length}`}
        </span>
      </h4>
      <ol className="check-rows">
        {plan.checks.map((c) => (
          <CheckRow key={c.id} planned={c} result={byId.get(c.id)} />
        ))}
      </ol>
    </section>
  );
}

/** "Check this target": the compatibility check of the target's server, as each IdP chosen, filled in live. */
export function CheckDialog({ target, onClose }: Props) {
  const [chosen, setChosen] = useState<CheckProfile[]>(
    isCheckProfile(target.profile) ? [target.profile] : [...CHECK_PROFILES],
  );
  const [run, setRun] = useState<CheckRun | null>(null);
  const [report, setReport] = useState<CheckReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Messages of a check whose id the POST has not answered with yet: the run may be quicker than the answer.
  const early = useRef<CheckMessage[]>([]);
  const current = useRef<string | null>(null);

  const finish = (checkId: string) =>
    api.checkReport(checkId).then(
      (full) => {
        setReport(full);
        setRun((r) => (r && r.checkId === checkId ? applyReport(r, full) : r));
      },
      (err: unknown) => setError(messageOf(err)),
    );

  useCheckMessages((message) => {
    if (message.checkId !== current.current) {
      early.current.push(message);
      return;
    }
    setRun((r) => (r ? applyCheck(r, message) : r));
    if (message.phase === "end") void finish(message.checkId);
  });

  const start = async (profiles: CheckProfile[]) => {
    setError(null);
    setReport(null);
    try {
      const { checkId } = await api.checkTarget(target.id, { profiles });
      current.current = checkId;
      const mine = early.current.filter((m) => m.checkId === checkId);
      early.current = [];
      setRun(mine.reduce(applyCheck, startedRun(checkId)));
      if (mine.some((m) => m.phase === "end")) void finish(checkId);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the check starts once, when the dialog opens
  useEffect(() => {
    void start(chosen);
  }, []);

  const running = run !== null && run.outcome === null && error === null;
  const toggle = (p: CheckProfile) =>
    setChosen((list) => (list.includes(p) ? list.filter((x) => x !== p) : [...list, p]));

  return (
    <Modal title={`Check ${target.name}`} onClose={onClose} testId="check-dialog" wide>
      <div className="modal-body check-body">
        <p className="muted">
          Runs what each IdP sends for a whole lifecycle, then its validators' tests, against{" "}
          <span className="mono">{target.baseUrl}</span> with this target's credentials, from a separate
          simulator: test users and groups are named <span className="mono">scimulator-check-…</span> and
          removed at the end.
        </p>
        <fieldset className="check-profiles" disabled={running}>
          <legend>Check as</legend>
          {CHECK_PROFILES.map((p) => (
            <label key={p}>
              <input type="checkbox" checked={chosen.includes(p)} onChange={() => toggle(p)} /> {IDP_NAMES[p]}
            </label>
          ))}
          <button
            type="button"
            className="small primary"
            disabled={running || chosen.length === 0}
            onClick={() => void start(chosen)}
            data-testid="check-run"
          >
            {running ? "Checking…" : "Run again"}
          </button>
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {run && (
          <div className="check-card" data-testid="check-card" data-outcome={run.outcome ?? "running"}>
            {run.problem && <p className="form-error">{run.problem}</p>}
            <ul className="check-summary" data-testid="check-summary">
              {run.plan.map((plan) => (
                <li
                  key={plan.profile}
                  className={`pill check-grade-${run.grades[plan.profile]?.replace(" ", "-") ?? "running"}`}
                >
                  {plan.idp}: {run.grades[plan.profile] ?? "…"}
                </li>
              ))}
            </ul>
            {run.plan.map((plan) => (
              <IdpCard key={plan.profile} plan={plan} run={run} />
            ))}
          </div>
        )}
        {report && (
          <p className="muted check-footer" data-testid="check-cleanup">
            Clean-up: {report.cleanup.removed} test resource{report.cleanup.removed === 1 ? "" : "s"} removed
            {report.cleanup.left.length > 0 && `, ${report.cleanup.left.length} left on the server`}.{" "}
            <a
              href={`/api/checks/${encodeURIComponent(run?.checkId ?? "")}`}
              target="_blank"
              rel="noreferrer"
            >
              JSON report
            </a>
          </p>
        )}
      </div>
    </Modal>
  );
}

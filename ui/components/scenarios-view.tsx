import { useEffect, useState } from "react";
import type { TargetView } from "../../server/protocol";
import { api, messageOf, type ScenarioListing } from "../api";
import type { ScenarioRun } from "../scenario-run";
import { Panel } from "./panel";
import { ScenarioRunForm } from "./scenario-run-form";
import { ScenarioRunView } from "./scenario-run-view";
import "./scenarios-view.css";

interface Props {
  run: ScenarioRun | null;
  targets: TargetView[] | undefined;
  /** The scenario the address names, if any: it outlives a switch to another view. */
  selected: string | undefined;
  onSelect: (id: string) => void;
  onError: (message: string) => void;
}

/** The scenario files, one chosen with how to run it, and the run the class is watching. */
export function ScenariosView({ run, targets, selected: chosen, onSelect, onError }: Props) {
  const [scenarios, setScenarios] = useState<ScenarioListing[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.scenarios().then(setScenarios, (err: unknown) => setError(messageOf(err)));
  }, []);

  // What the address names, else the run on show, else the first scenario that loads.
  const byRun = scenarios?.find((s) => s.id === run?.scenarioId || s.name === run?.scenario)?.id;
  const selected = chosen ?? byRun ?? scenarios?.find((s) => s.problems.length === 0)?.id;
  const setSelected = onSelect;
  const scenario = scenarios?.find((s) => s.id === selected);
  const running = run !== null && (run.status === "running" || run.status === "paused");
  const runTotal = scenarios?.find((s) => s.name === run?.scenario)?.steps;

  return (
    <Panel
      title="Scenarios"
      count={scenarios?.length}
      subtitle="scripted lifecycles, run live against the simulator"
      className="panel-scenarios"
      testId="scenarios-panel"
    >
      {error && (
        <p className="panel-error" role="alert">
          Could not list the scenarios: {error}
        </p>
      )}
      <div className={`scenarios-split ${running ? "run-active" : ""}`}>
        <ul className="scenario-list" data-testid="scenario-list">
          {scenarios?.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={`scenario-item ${s.id === selected ? "selected" : ""} ${s.problems.length ? "broken" : ""}`}
                onClick={() => setSelected(s.id)}
                aria-pressed={s.id === selected}
                data-testid="scenario-item"
                data-scenario-id={s.id}
              >
                <span className="scenario-id mono">{s.id}</span>
                <span className="scenario-name">{s.name}</span>
                <span className="scenario-meta">
                  {s.problems.length > 0 ? (
                    <span className="pill pill-warn">
                      {s.problems.length} problem{s.problems.length === 1 ? "" : "s"}
                    </span>
                  ) : (
                    <span className="muted">{s.steps} steps</span>
                  )}
                  {s.requires && <span className="pill">{s.requires}</span>}
                  {s.profiles.length > 0 && (
                    <span className="pill pill-profile">{s.profiles.join(" · ")}</span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <div className="scenario-detail">
          {scenario && (
            <div className="scenario-chosen" data-testid="scenario-detail" data-scenario-id={scenario.id}>
              <h3>{scenario.name}</h3>
              {scenario.description && <p className="scenario-description">{scenario.description}</p>}
              {scenario.problems.length > 0 && (
                <ul className="scenario-problems" data-testid="scenario-problems" role="alert">
                  {scenario.problems.map((p) => (
                    <li key={`${p.file}:${p.line}:${p.column}:${p.message}`} className="mono">
                      {p.file.split("/").at(-1)}:{p.line}:{p.column}: {p.message}
                    </li>
                  ))}
                </ul>
              )}
              <ScenarioRunForm
                key={scenario.id}
                scenario={scenario}
                targets={targets}
                busy={running}
                onError={onError}
              />
            </div>
          )}
          {run ? (
            <ScenarioRunView run={run} totalSteps={runTotal} onError={onError} />
          ) : (
            <p className="empty">Pick a scenario and run it; its steps appear here as they happen.</p>
          )}
        </div>
      </div>
    </Panel>
  );
}

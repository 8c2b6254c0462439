import { type FormEvent, useState } from "react";
import { PROFILES, type Profile, type TargetView } from "../../server/protocol";
import { api, messageOf, type ScenarioListing } from "../api";
import "./scenario-run-form.css";

interface Props {
  scenario: ScenarioListing;
  targets: TargetView[] | undefined;
  /** A run is in progress; another would interleave with it on the same org. */
  busy: boolean;
  onError: (message: string) => void;
}

const OWN_TARGET = "";

interface Draft {
  targetId: string;
  profile: string;
  stepping: boolean;
  holdClock: boolean;
}

// What was chosen for each scenario, for the page's life: switching views and back finds the form as it was left.
const drafts = new Map<string, Draft>();
const FRESH: Draft = { targetId: OWN_TARGET, profile: "", stepping: false, holdClock: true };

function isProfile(value: string): value is Profile {
  return (PROFILES as readonly string[]).includes(value);
}

/** Where and how to run the chosen scenario: its target, its dialect, and whether to pause before every step. */
export function ScenarioRunForm({ scenario, targets, busy, onError }: Props) {
  const [draft, setDraft] = useState<Draft>(() => drafts.get(scenario.id) ?? FRESH);
  const { targetId, profile, stepping, holdClock } = draft;
  const change = (patch: Partial<Draft>) =>
    setDraft((current) => {
      const next = { ...current, ...patch };
      drafts.set(scenario.id, next);
      return next;
    });
  const [starting, setStarting] = useState(false);
  const broken = scenario.problems.length > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStarting(true);
    try {
      await api.runScenario(scenario.id, {
        ...(targetId ? { targetId } : {}),
        ...(isProfile(profile) ? { profile } : {}),
        stepping,
        holdClock,
      });
    } catch (err) {
      onError(`Run ${scenario.name}: ${messageOf(err)}`);
    } finally {
      setStarting(false);
    }
  };

  return (
    <form className="scenario-form" onSubmit={submit} data-testid="scenario-form">
      <label className="control-group">
        <span className="control-label">Target</span>
        <select
          value={targetId}
          onChange={(e) => change({ targetId: e.target.value })}
          data-testid="scenario-target"
        >
          <option value={OWN_TARGET}>its own target on the embedded org</option>
          {targets?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.profile})
            </option>
          ))}
        </select>
      </label>
      {scenario.profiles.length > 0 && (
        <label className="control-group">
          <span className="control-label">Profile</span>
          <select
            value={profile}
            onChange={(e) => change({ profile: e.target.value })}
            data-testid="scenario-profile"
          >
            <option value="">{scenario.profiles[0]} (first listed)</option>
            {scenario.profiles.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      )}
      {(
        [
          ["stepping", "Trainer mode: pause before every step"],
          ["holdClock", "Hold the simulated clock while a step waits"],
        ] as const
      ).map(([key, label]) => (
        <label key={key} className="control-check scenario-trainer">
          <input
            type="checkbox"
            checked={draft[key]}
            onChange={(e) => change({ [key]: e.target.checked })}
            data-testid={key === "stepping" ? "scenario-stepping" : "scenario-hold-clock"}
          />
          {label}
        </label>
      ))}
      <button
        type="submit"
        className="primary"
        disabled={broken || busy || starting}
        title={broken ? "Fix the problems in the file first" : busy ? "A run is in progress" : undefined}
        data-testid="run-scenario"
      >
        {starting ? "Starting…" : "▶ Run"}
      </button>
    </form>
  );
}

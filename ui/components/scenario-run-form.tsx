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

function isProfile(value: string): value is Profile {
  return (PROFILES as readonly string[]).includes(value);
}

/** Where and how to run the chosen scenario: its target, its dialect, and whether to pause before every step. */
export function ScenarioRunForm({ scenario, targets, busy, onError }: Props) {
  const [targetId, setTargetId] = useState(OWN_TARGET);
  const [profile, setProfile] = useState("");
  const [stepping, setStepping] = useState(false);
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
        <select value={targetId} onChange={(e) => setTargetId(e.target.value)} data-testid="scenario-target">
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
          <select value={profile} onChange={(e) => setProfile(e.target.value)} data-testid="scenario-profile">
            <option value="">{scenario.profiles[0]} (first listed)</option>
            {scenario.profiles.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="control-check scenario-trainer">
        <input
          type="checkbox"
          checked={stepping}
          onChange={(e) => setStepping(e.target.checked)}
          data-testid="scenario-stepping"
        />
        Trainer mode: pause before every step
      </label>
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

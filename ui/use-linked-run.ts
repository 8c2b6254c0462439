import { useEffect } from "react";
import { api } from "./api";
import { runFromState, type ScenarioRun } from "./scenario-run";

/**
 * Reopens the run the address names when the page does not follow it already (a reload, a shared link), and keeps
 * the address on the run the page follows, so a reload finds it again.
 */
export function useLinkedRun(
  linked: string | undefined,
  run: ScenarioRun | null,
  setRun: (run: ScenarioRun) => void,
  link: (runId: string) => void,
  onError: (message: string) => void,
): void {
  const followed = run?.runId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new link is read; the callbacks need not be stable
  useEffect(() => {
    if (!linked || linked === followed) return;
    let alive = true;
    api.scenarioRun(linked).then(
      (state) => alive && setRun(runFromState(state)),
      () =>
        alive &&
        onError(`The linked run ${linked} is not known to this simulator (it forgets runs on restart).`),
    );
    return () => {
      alive = false;
    };
  }, [linked]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the run, not the address
  useEffect(() => {
    if (followed && followed !== linked) link(followed);
  }, [followed]);
}

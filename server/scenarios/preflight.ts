import type { ExchangeCause } from "../protocol";
import { dialectFor } from "../provisioning/dialects";
import type { ScenarioHost } from "./host";
import type { Scenario } from "./schema";

const CAUSE: ExchangeCause = { type: "scenario:preflight" };

/** The userNames a run will create, as far as they are known before it starts (a bulk step's first one). */
export function userNamesOf(scenario: Scenario, runTag: string): string[] {
  return scenario.steps.flatMap((step) => {
    if (step.verb === "create user") return step.args.userName ? [step.args.userName] : [];
    if (step.verb === "create users") return [`${step.args.prefix ?? "user"}1.${runTag}@example.com`];
    return [];
  });
}

/**
 * The accounts already on the target under a userName the run would create. A run that went ahead would link to
 * them, change them, and clean them up at the end: someone else's data. Returns "userName (id)" for each.
 */
export async function collisions(
  host: Pick<ScenarioHost, "send">,
  target: Parameters<ScenarioHost["send"]>[0],
  userNames: string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const userName of userNames) {
    const response = await host.send(
      target,
      dialectFor(target.profile),
      { method: "GET", path: "/Users", query: [["filter", `userName eq ${JSON.stringify(userName)}`]] },
      CAUSE,
    );
    const list = (response.body as { Resources?: unknown } | null)?.Resources;
    const first = Array.isArray(list) ? (list[0] as { id?: unknown } | undefined) : undefined;
    if (response.status === 200 && first) found.push(`${userName} (${String(first.id ?? "?")})`);
  }
  return found;
}

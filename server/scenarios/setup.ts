import type { Profile, Target, TargetAuth } from "../protocol";
import type { ScenarioHost } from "./host";
import type { Scenario } from "./schema";

export interface TargetChoice {
  /** An external SCIM base URL and its credentials; without it, the simulator's embedded org. */
  external?: { url: string; auth: TargetAuth };
  /** The dialect for scenarios that do not fix their own. */
  profile?: Profile;
  /**
   * The run owns the target: it provisions only what the run creates, and other targets leave that alone. Set
   * before the target is switched on, so its first cycle does not sweep up the rest of the directory.
   */
  own?: boolean;
}

/**
 * The target a scenario runs against: its own settings (dialect, mode, scope, options) on the embedded org or on
 * the external URL given. Reused by name, so running a scenario again in the UI does not pile up targets.
 */
export async function prepareTarget(
  host: ScenarioHost,
  orgUrl: () => string,
  scenario: Scenario,
  choice: TargetChoice,
): Promise<Target> {
  const settings = scenario.target;
  if (!choice.external) await prepareOrg(host, settings, scenario.requires);
  const name = `Scenario: ${scenario.name}`;
  const body = {
    name,
    baseUrl: choice.external?.url ?? orgUrl(),
    auth: choice.external?.auth ?? { type: "bearer", token: host.org.token },
    profile: settings.profile ?? choice.profile ?? "rfc",
    mode: settings.mode ?? "on-edit",
    ...(settings.schedule ? { schedule: settings.schedule } : {}),
    scope: settings.scope ?? "all",
    ...(settings.deprovision ? { deprovision: settings.deprovision } : {}),
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
    options: settings.options ?? {},
  };
  const existing =
    host.targets.list().find((t) => t.name === name) ??
    (choice.own ? await host.targets.create({ ...body, mode: "manual", schedule: null }) : null);
  if (!existing) return host.targets.create(body);
  if (choice.own) host.claims.own(existing.id);
  return host.targets.update(existing.id, { ...body, assigned: { users: [], groups: [] } });
}

/** The embedded org as the scenario wants it: its preset and switches, and any accounts outside it. */
async function prepareOrg(host: ScenarioHost, settings: Scenario["target"], requires: Scenario["requires"]) {
  const { preset, switches, roleMapping } = settings;
  if (preset !== undefined || switches !== undefined || roleMapping !== undefined) {
    await host.org.configure({ preset, switches, roleMapping });
    await host.orgMoved();
  }
  if (settings.strict !== undefined) host.org.setStrict(settings.strict);
  else if (requires.includes("lenient")) host.org.setStrict(false);
  for (const account of settings.accounts ?? []) await host.org.addAccount(account);
}

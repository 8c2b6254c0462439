import type { StepResult, Target } from "../protocol";
import type { ScenarioHost } from "./host";
import { collisions, userNamesOf } from "./preflight";
import type { Scenario } from "./schema";
import { EMBEDDED_ONLY } from "./schema";

function needsEmbedded(scenario: Scenario): boolean {
  return scenario.requires.includes("embedded") || scenario.steps.some((s) => EMBEDDED_ONLY.includes(s.verb));
}

/**
 * What decides, before the first step, whether a run can go ahead: what the scenario needs of its target, the
 * IdP's own connection test, and (against an external target) accounts the run would otherwise take over.
 */
export interface GateSettings {
  host: ScenarioHost;
  target: Target;
  /** True when the target is not the embedded org. */
  external: boolean;
  runTag: string;
  /** The external target accepts the IdPs' quirks (`run --lenient`), so `requires: lenient` scenarios run. */
  lenientTarget?: boolean;
  /** Run even when a userName the run creates already exists on the target (`--adopt`). */
  adopt?: boolean;
}

export async function gateRun(
  scenario: Scenario,
  settings: GateSettings,
): Promise<{ skipReason?: string; failed?: StepResult }> {
  const { host, target } = settings;
  if (settings.external && needsEmbedded(scenario)) {
    return {
      skipReason:
        "needs the embedded org (faults, the simulated clock or a preset); skipped against an external target",
    };
  }
  if (scenario.requires.includes("sign-in") && !host.signin) {
    return {
      skipReason:
        "needs SCIMulator's embedded IdP to sign people in (OIDC, SAML), and this run has none; run it with scimulator run or in the app",
    };
  }
  if (settings.external && scenario.requires.includes("lenient") && !settings.lenientTarget) {
    return {
      skipReason:
        'needs a lenient server: it sends IdP quirks that RFC 7643 forbids (Entra\'s "False" strings); pass --lenient if yours accepts them',
    };
  }
  const started = Date.now();
  const failed = (label: string, failure: NonNullable<StepResult["failure"]>): { failed: StepResult } => ({
    failed: {
      index: 0,
      label,
      kind: "connect",
      status: "failed",
      durationMs: Date.now() - started,
      exchangeIds: [],
      failure,
    },
  });
  const connection = await host.actions.testConnection(target.id);
  // The same test the IdP runs, judged as the IdP judges it: a wrong URL fails here, not ten seconds per step later.
  if (!connection.ok) {
    return failed(`connect to ${target.baseUrl}`, {
      message:
        connection.status === 0
          ? `the target did not answer: ${connection.detail}`
          : connection.status === 401 || connection.status === 403
            ? `the target answered ${connection.status}: it refused the credentials; check the token (--token, --basic or --header) and that it is valid for ${target.baseUrl}`
            : `the connection test failed: ${connection.detail}`,
      expected: "a 2xx SCIM ListResponse",
      actual: connection.status,
      exchangeId: host.log
        .list()
        .filter((e) => e.targetId === target.id)
        .at(-1)?.id,
    });
  }
  const clashes =
    settings.external && !settings.adopt
      ? await collisions(host, target, userNamesOf(scenario, settings.runTag))
      : [];
  if (clashes.length > 0) {
    return failed(`check ${target.baseUrl} for accounts the run would create`, {
      message: `the target already holds ${clashes.join(", ")}: the run would take over and then remove accounts it did not create; pass --adopt to run anyway`,
    });
  }
  return {};
}

import { afterEach, describe, expect, it } from "vitest";
import { parseScenario, ScenarioError } from "../server/scenarios/load";
import type { ScenarioResult } from "../server/scenarios/result";
import { runScenario } from "../server/scenarios/runner";
import { prepareTarget } from "../server/scenarios/setup";
import { createScratchSimulator } from "../server/simulator";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A scenario played as `scimulator run` plays it: a scratch simulator, its embedded org, the embedded IdP. */
async function play(text: string, opts: { profile?: "okta" | "entra" | "rfc"; withoutIdp?: boolean } = {}) {
  const scenario = parseScenario(text, "test.yaml", { run: "t1" });
  const scratch = await createScratchSimulator();
  close = scratch.close;
  const host = opts.withoutIdp ? { ...scratch.host, signin: undefined } : scratch.host;
  const target = await prepareTarget(host, scratch.host.orgUrl, scenario, { profile: opts.profile });
  return runScenario(scenario, { host, target, external: false, seed: 1, runTag: "t1" });
}

const failures = (r: ScenarioResult) =>
  r.steps.filter((s) => s.status === "failed").map((s) => `${s.label}: ${s.failure?.message}`);

describe("sign-in steps in scenarios", () => {
  it("refuse a file that signs in without declaring requires: sign-in, naming the step", () => {
    const text = "name: x\nsteps:\n  - create app: { as: a, protocol: oidc }\n";
    expect(() => parseScenario(text, "x.yaml")).toThrow(ScenarioError);
    try {
      parseScenario(text, "x.yaml");
    } catch (err) {
      expect((err as ScenarioError).problems[0]?.message).toBe(
        'steps.0: "create app" needs SCIMulator\'s embedded IdP; declare `requires: sign-in` at the top',
      );
    }
    expect(() => parseScenario(`requires: [sign-in, lenient]\n${text}`, "x.yaml")).not.toThrow();
  });

  it("are skipped, with the reason, where the run has no embedded IdP", async () => {
    const result = await play(
      "name: x\nrequires: sign-in\nsteps:\n  - create app: { as: a, protocol: oidc }\n",
      { withoutIdp: true },
    );
    expect(result.status).toBe("skipped");
    expect(result.skipReason).toContain("needs SCIMulator's embedded IdP");
  });

  it("sign in over SAML with the dialect's NameID and attributes, and refuse an unassigned user", async () => {
    const result = await play(
      [
        "name: saml",
        "requires: sign-in",
        "steps:",
        `  - create user: { as: ann, userName: "ann.\${run}@example.com", givenName: Ann, familyName: Ash }`,
        `  - create user: { as: bo, userName: "bo.\${run}@example.com", givenName: Bo, familyName: Bay }`,
        "  - create app: { as: wiki, protocol: saml, users: [ann] }",
        "  - expect sign-in:",
        "      user: ann",
        "      app: wiki",
        `      claims: { NameID: "ann.\${run}@example.com", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname": Ann }`,
        "  - expect sign-in refused: { user: bo, app: wiki, error: AADSTS50105 }",
      ].join("\n"),
      { profile: "entra" },
    );
    expect(failures(result)).toEqual([]);
    expect(result.status).toBe("passed");
  });

  it("fail expect signed out while the user is still signed in (scenario 11 shows it passing after a deactivation)", async () => {
    const result = await play(
      [
        "name: out",
        "requires: sign-in",
        "steps:",
        `  - create user: { as: cy, userName: "cy.\${run}@example.com", givenName: Cy, familyName: Cole }`,
        "  - create app: { as: hr, protocol: oidc }",
        "  - sign in: { user: cy, app: hr }",
        "  - expect signed out: { user: cy, app: hr, within: 300ms }",
      ].join("\n"),
    );
    expect(result.status).toBe("failed");
    expect(failures(result)[0]).toMatch(/still works|without asking/);
  });

  it("remove the apps a run registered when it ends", async () => {
    const scenario = parseScenario(
      "name: x\nrequires: sign-in\nsteps:\n  - create app: { as: a, protocol: oidc }\n",
      "x.yaml",
      { run: "t2" },
    );
    const scratch = await createScratchSimulator();
    close = scratch.close;
    const target = await prepareTarget(scratch.host, scratch.host.orgUrl, scenario, {});
    const result = await runScenario(scenario, {
      host: scratch.host,
      target,
      external: false,
      seed: 1,
      runTag: "t2",
    });
    expect(result.status).toBe("passed");
    expect(scratch.host.signin.apps.list()).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { CATALOGUE } from "../server/check/catalogue";
import { explain } from "../server/check/explain";
import { runCheck } from "../server/check/runner";
import { CHECK_PROFILES, type CheckProfile, type CheckReport, type TargetAuth } from "../server/protocol";
import { createScratchSimulator } from "../server/simulator";
import { startBrokenScimServer } from "./support/broken-scim-server";
import { startScimmyServer } from "./support/scimmy-server";
import { type Running, start } from "./support/simulator";

// The report card of real servers, each checked as all five IdPs: SCIMulator's own embedded org (strict and
// lenient), SCIMMY, and a server broken on purpose. Each card is asserted whole: what fails, what warns, and that
// everything else passes.

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function check(baseUrl: string, auth: TargetAuth): Promise<CheckReport> {
  const scratch = await createScratchSimulator();
  closers.push(scratch.close);
  return runCheck({
    host: scratch.host,
    baseUrl,
    auth,
    profiles: CHECK_PROFILES,
    requestsPerSecond: null,
    version: "test",
  });
}

async function embeddedOrg(strict: boolean): Promise<Running> {
  const run = await start();
  closers.push(() => run.stop(true));
  if (!strict) expect((await run.api("PATCH", "/target-org", { strict: false })).status).toBe(200);
  return run;
}

interface Card {
  grade: string;
  fail: string[];
  warning: string[];
  skip: string[];
}

/** Each IdP's grade and the ids of the checks that did not pass. */
function cardOf(report: CheckReport): Record<string, Card> {
  return Object.fromEntries(
    report.cards.map((c) => [
      c.profile,
      {
        grade: c.grade,
        fail: c.checks.filter((x) => x.verdict === "fail").map((x) => x.id),
        warning: c.checks.filter((x) => x.verdict === "warning").map((x) => x.id),
        skip: c.checks.filter((x) => x.verdict === "skip").map((x) => x.id),
      },
    ]),
  );
}

const clean: Card = { grade: "yes", fail: [], warning: [], skip: [] };
const everyIdp = (card: (p: CheckProfile) => Card) =>
  Object.fromEntries(CHECK_PROFILES.map((p) => [p, card(p)]));

describe("the report card", () => {
  it("gives the strict embedded org all green except Entra's string booleans, which fail where Entra sends them", async () => {
    const run = await embeddedOrg(true);
    const report = await check(run.sim.orgUrl(), { type: "bearer", token: run.sim.org.token });
    expect(cardOf(report)).toEqual({
      ...everyIdp(() => clean),
      entra: {
        grade: "no",
        fail: ["user.deactivate", "user.deprovision"],
        warning: [],
        skip: ["user.reactivate", "user.delete"],
      },
    });
    expect(report.outcome).toBe("incompatible");
    const deactivate = report.cards
      .find((c) => c.profile === "entra")
      ?.checks.find((c) => c.id === "user.deactivate");
    expect(deactivate?.findings[0]).toMatchObject({
      level: "fail",
      reason: "string-boolean",
      message: expect.stringMatching(
        /"op":"Replace","path":"active","value":"False".*answered 400 invalidValue/,
      ),
    });
    expect(deactivate?.consequence).toContain("would stay enabled");
    expect(deactivate?.fix).toContain("aadOptscim062020");
    expect(report.cleanup).toMatchObject({ deactivated: [], left: [] });
    const left = await run.scim<{ totalResults: number }>("GET", "/Users");
    expect(left.body.totalResults).toBe(0);
  });

  it("gives the lenient preset all green, Entra included", async () => {
    const run = await embeddedOrg(false);
    const report = await check(run.sim.orgUrl(), { type: "bearer", token: run.sim.org.token });
    expect(cardOf(report)).toEqual(everyIdp(() => clean));
    expect(report.outcome).toBe("compatible");
  });

  it("grades SCIMMY no for its case-sensitive userName filter, and notes its missing Location headers", async () => {
    const scimmy = await startScimmyServer();
    closers.push(scimmy.close);
    const report = await check(scimmy.baseUrl, { type: "bearer", token: scimmy.token });
    const usual = {
      grade: "no",
      fail: ["filter.case-insensitive"],
      warning: ["user.create", "group.create"],
      skip: [],
    };
    expect(cardOf(report)).toEqual({
      ...everyIdp(() => usual),
      entra: {
        ...usual,
        fail: ["user.deactivate", "filter.case-insensitive", "user.deprovision"],
        skip: ["user.reactivate", "user.delete"],
      },
    });
    expect(scimmy.users.size + scimmy.groups.size).toBe(0);
  });

  it("fails a broken server on exactly its three faults, and on nothing else", async () => {
    const run = await embeddedOrg(false);
    const broken = await startBrokenScimServer(run.sim.orgUrl());
    closers.push(broken.close);
    const report = await check(broken.baseUrl, { type: "bearer", token: run.sim.org.token });
    // Only Okta pages through users, so for the other IdPs an ignored startIndex is a warning.
    expect(cardOf(report)).toEqual(
      everyIdp((p) =>
        p.startsWith("okta")
          ? {
              grade: "no",
              fail: ["list.paging", "filter.case-insensitive", "user.duplicate"],
              warning: [],
              skip: [],
            }
          : {
              grade: "no",
              fail: ["filter.case-insensitive", "user.duplicate"],
              warning: ["list.paging"],
              skip: [],
            },
      ),
    );
    const okta = report.cards[0]?.checks ?? [];
    expect(okta.find((c) => c.id === "user.duplicate")?.findings[0]?.message).toContain("answered 200");
    expect(okta.find((c) => c.id === "list.paging")?.findings[0]?.message).toContain(
      "startIndex=2 was ignored",
    );
  });

  it("has words for every check: what the admin sees and the fix, for every IdP", () => {
    for (const def of CATALOGUE)
      for (const profile of CHECK_PROFILES) {
        const { admin, fix } = explain(def.id, profile);
        expect(admin, `${def.id} as ${profile}`).not.toBe("");
        expect(fix, `${def.id} as ${profile}`).not.toBe("");
        expect(admin + fix).not.toContain("{idp}");
      }
  });
});

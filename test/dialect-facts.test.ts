import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { COMMON_TARGET_OPTIONS, type DialectFacts, PROFILES, type Target } from "../server/protocol";
import { createUser, exchangesOf, type Running, start } from "./support/simulator";

describe("GET /api/dialects", () => {
  let run: Running;
  let facts: DialectFacts[];
  beforeAll(async () => {
    run = await start();
    facts = (await run.api<DialectFacts[]>("GET", "/dialects")).body;
  });
  afterAll(() => run.stop(true));

  it("lists every profile with the common options and its own", () => {
    expect(facts.map((f) => f.profile)).toEqual([...PROFILES]);
    for (const f of facts) expect(f.options).toEqual(expect.arrayContaining([...COMMON_TARGET_OPTIONS]));
    expect(facts.find((f) => f.profile === "entra")?.options).toEqual(
      expect.arrayContaining(["activeAs", "softDeleteDays"]),
    );
    expect(facts.find((f) => f.profile === "onelogin")?.options).toContain("template");
    expect(facts.find((f) => f.profile === "rfc")?.options).not.toContain("template");
  });

  it("states the defaults a new target of each profile really gets", async () => {
    for (const f of facts) {
      const res = await run.api<Target>("POST", "/targets", {
        name: `defaults ${f.profile}`,
        baseUrl: "http://127.0.0.1:9/scim",
        auth: { type: "bearer", token: "tok-1234" },
        profile: f.profile,
      });
      expect(res.status).toBe(201);
      expect(
        { mode: res.body.mode, schedule: res.body.schedule, deprovision: res.body.deprovision },
        f.profile,
      ).toEqual({
        mode: f.defaults.mode,
        schedule: f.defaults.schedule,
        deprovision: f.defaults.deprovision,
      });
    }
  });

  it("states the User-Agent and Accept headers that really go out", async () => {
    for (const profile of ["okta", "entra", "onelogin"] as const) {
      const target = await run.api<Target>("POST", "/targets", {
        name: `headers ${profile}`,
        baseUrl: `${run.url}/target/scim/v2`,
        auth: { type: "bearer", token: run.sim.org.token },
        profile,
        mode: "on-edit",
      });
      const user = await createUser(run);
      await vi.waitFor(() =>
        expect(exchangesOf(run, target.body.id).some((e) => e.cause.userId === user.id)).toBe(true),
      );
      const sent = exchangesOf(run, target.body.id).find((e) => e.cause.userId === user.id);
      const stated = facts.find((f) => f.profile === profile)?.headers;
      expect(sent?.request.headers["user-agent"], profile).toBe(stated?.userAgent);
      expect(sent?.request.headers.accept, profile).toBe(stated?.accept);
      await run.api("DELETE", `/targets/${target.body.id}`);
    }
  });
});

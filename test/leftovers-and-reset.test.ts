import { afterEach, describe, expect, it, vi } from "vitest";
import type {
  DemoReset,
  Leftovers,
  LeftoversRemoved,
  ScenarioRunState,
  Target,
  TargetOrgInfo,
  User,
} from "../server/protocol";
import { exchangesOf, type Running, start } from "./support/simulator";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

async function runScenario(r: Running, name: string): Promise<void> {
  const started = await r.api<{ runId: string }>("POST", `/scenarios/${name}/run`, {});
  expect(started.status).toBe(202);
  await vi.waitFor(
    async () => {
      const state = await r.api<ScenarioRunState>("GET", `/scenarios/runs/${started.body.runId}`);
      expect(state.body.status).toBe("passed");
    },
    { timeout: 30_000 },
  );
}

const orgHas = async (r: Running, userName: string) =>
  (
    await r.scim<{ totalResults: number }>(
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
    )
  ).body.totalResults;

describe("what scenario runs leave in the live app", () => {
  it("is marked with its run, never pushed by another target, even after a restart", async () => {
    run = await start({ seed: true, scenariosDir: "scenarios" });
    const embedded = (await run.api<Target[]>("GET", "/targets")).body.find((t) => t.embedded);
    if (!embedded) throw new Error("the seed has an embedded target");
    await run.sim.provisioner.idle();
    await runScenario(run, "01-joiner-mover-leaver");
    const left = (await run.api<Leftovers>("GET", "/scenarios/leftovers")).body;
    expect(left.users).toHaveLength(1);
    const bob = left.users[0] as User;
    expect(bob.origin).toMatchObject({ scenario: "Joiner, mover, leaver", targetId: expect.any(String) });
    expect(bob.origin?.targetId).not.toBe(embedded.id);
    await run.api("PATCH", `/users/${bob.id}`, { title: "Builder" });
    await run.stop();
    run = await start({ dataDir: run.dataDir, scenariosDir: "scenarios" });
    await run.sim.provisioner.idle();
    expect(exchangesOf(run, embedded.id).filter((e) => e.cause.userId === bob.id)).toEqual([]);
  });

  it("is removed in one action, from the directory and from the org its run pushed it to", async () => {
    run = await start({ seed: false, scenariosDir: "scenarios" });
    await runScenario(run, "01-joiner-mover-leaver");
    const [bob] = (await run.api<Leftovers>("GET", "/scenarios/leftovers")).body.users;
    if (!bob) throw new Error("the run left bob");
    expect(await orgHas(run, bob.userName)).toBe(1);
    const removed = await run.api<LeftoversRemoved>("DELETE", "/scenarios/leftovers");
    expect(removed.body).toEqual({ users: 1, groups: 0, onTargets: 1, leftBehind: [] });
    expect((await run.api("GET", `/users/${bob.id}`)).status).toBe(404);
    expect(await orgHas(run, bob.userName)).toBe(0);
    expect((await run.api<Leftovers>("GET", "/scenarios/leftovers")).body.users).toEqual([]);
  });

  it("becomes ordinary when kept, and every on-edit target then provisions it", async () => {
    run = await start({ seed: true, scenariosDir: "scenarios" });
    await run.sim.provisioner.idle();
    const embedded = (await run.api<Target[]>("GET", "/targets")).body.find((t) => t.embedded);
    await runScenario(run, "04-group-push");
    const kept = await run.api<Leftovers>("POST", "/scenarios/leftovers/keep");
    expect(kept.body.users).toHaveLength(3);
    const ana = kept.body.users[0] as User;
    expect((await run.api<User>("GET", `/users/${ana.id}`)).body.origin).toBeNull();
    await vi.waitFor(() =>
      expect(
        exchangesOf(run as Running, embedded?.id ?? "").some(
          (e) => e.cause.userId === ana.id && e.response !== null && e.response.status < 300,
        ),
      ).toBe(true),
    );
    expect((await run.api<Leftovers>("GET", "/scenarios/leftovers")).body).toEqual({ users: [], groups: [] });
  });
});

describe("Reset demo", () => {
  it("refuses without a confirmation and changes nothing", async () => {
    run = await start({ seed: true });
    const extra = await run.api<User>("POST", "/users", {
      userName: "x@example.com",
      givenName: "X",
      familyName: "Y",
    });
    const refused = await run.api<{ error: string }>("POST", "/reset", {});
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain(
      "confirm: must be true: a reset deletes every user, group and target",
    );
    expect((await run.api("GET", `/users/${extra.body.id}`)).status).toBe(200);
  });

  it("puts the directory, the targets and the embedded org back to the seeded state", async () => {
    run = await start({ seed: true });
    await run.sim.provisioner.idle();
    const seeded = (await run.api<User[]>("GET", "/users")).body.map((u) => u.userName).sort();
    await run.api("POST", "/users", { userName: "x@example.com", givenName: "X", familyName: "Y" });
    await run.api("POST", "/targets", {
      name: "Another",
      baseUrl: "https://app.example.com/scim/v2",
      auth: { type: "bearer", token: "t" },
      profile: "okta",
      mode: "manual",
    });
    await run.api("PATCH", "/target-org", { preset: "contentstack" });
    await run.api("POST", "/target-org/faults", { status: 500, count: 1, method: "DELETE" });
    const reset = await run.api<DemoReset>("POST", "/reset", { confirm: true });
    expect(reset.body).toEqual({ users: 12, groups: 0, targets: 1 });
    expect((await run.api<User[]>("GET", "/users")).body.map((u) => u.userName).sort()).toEqual(seeded);
    const targets = (await run.api<Target[]>("GET", "/targets")).body;
    expect(targets.map((t) => [t.name, t.embedded])).toEqual([["Embedded org", true]]);
    const org = (await run.api<TargetOrgInfo>("GET", "/target-org")).body;
    expect(org).toMatchObject({ preset: "strict", baseUrl: `${run.url}/target/scim/v2` });
    expect((await run.api<unknown[]>("GET", "/target-org/faults")).body).toEqual([]);
    await vi.waitFor(async () =>
      expect((await run?.scim<{ totalResults: number }>("GET", "/Users?count=0"))?.body.totalResults).toBe(
        12,
      ),
    );
    expect(await orgHas(run, "x@example.com")).toBe(0);
  });
});

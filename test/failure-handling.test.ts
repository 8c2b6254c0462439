import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiError, CycleRecord, Exchange, Target, TargetView } from "../server/protocol";
import { createUser, embeddedTarget, exchangesOf, listen, type Running, start } from "./support/simulator";
import { orgUsers, sync } from "./support/target-sync";

// What provisioning does when the target misbehaves, with faults injected into the embedded org: Retry-After on a
// 429, bursts of 503s, a target that is down, hangs, or fails most calls, and the faults API itself.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("failure handling", () => {
  it("waits for Retry-After on a 429, pacing the target, then succeeds", async () => {
    run = await start({ timeScale: 10 });
    const target = await embeddedTarget(run, { mode: "manual" });
    await run.api("POST", "/target-org/faults", { status: 429, retryAfterSeconds: 3, count: 1 });
    await createUser(run);
    const cycle = await sync(run, target.id);
    expect(cycle.body).toMatchObject({ created: 1, failed: 0 });
    const log = exchangesOf(run, target.id);
    expect(log.map((e) => e.response?.status)).toEqual([429, 200, 201]);
    const [throttled, retried] = log as [Exchange, Exchange];
    expect(throttled.response?.headers["retry-after"]).toBe("3");
    // 3 simulated seconds at scale 10 is 300 ms of real time.
    expect(
      Date.parse(retried.simulatedAt ?? "") - Date.parse(throttled.simulatedAt ?? ""),
    ).toBeGreaterThanOrEqual(3000);
    expect(Date.parse(retried.at) - Date.parse(throttled.at)).toBeGreaterThanOrEqual(250);
    const faults = (await run.api<Array<{ fired: number }>>("GET", "/target-org/faults")).body;
    expect(faults[0]?.fired).toBe(1);
  });

  it("sends nothing past the requests already on the wire after a 429, until its Retry-After has passed", async () => {
    run = await start({ timeScale: 10 });
    const target = await embeddedTarget(run, { mode: "manual" });
    for (let i = 0; i < 40; i++) await createUser(run);
    await run.api("POST", "/target-org/faults", { status: 429, retryAfterSeconds: 3, count: 1 });
    const cycle = await sync(run, target.id);
    expect(cycle.body).toMatchObject({ created: 40, failed: 0 });
    const log = exchangesOf(run, target.id);
    const throttled = log.filter((e) => e.response?.status === 429);
    expect(throttled).toHaveLength(1);
    const answeredAt = Date.parse(throttled[0]?.simulatedAt ?? "") + (throttled[0]?.durationMs ?? 0) * 10;
    // Every probe was queued for one of the 4 sockets when the 429 came back; only those on a socket then went
    // out before the 3 simulated seconds were over, and the rest waited, unlogged, as they were never sent.
    const early = log.filter((e) => Date.parse(e.simulatedAt ?? "") < answeredAt + 2000);
    expect(early.length).toBeGreaterThanOrEqual(1);
    expect(early.length).toBeLessThanOrEqual(4);
    expect(log).toHaveLength(1 + 40 * 2);
  });

  it("reports a target paused by a 429 as retrying until Retry-After has passed, and announces both changes", async () => {
    run = await start({ timeScale: 10 });
    const target = await embeddedTarget(run, { mode: "manual" });
    await run.api("POST", "/target-org/faults", { status: 429, retryAfterSeconds: 20, count: 1 });
    await createUser(run);
    const ws = await listen(run.url);
    const health = async () =>
      (await (run as Running).api<TargetView>("GET", `/targets/${target.id}`)).body.health;
    const cycle = sync(run, target.id);
    await vi.waitFor(async () =>
      expect(await health()).toMatchObject({
        state: "retrying",
        reason: expect.stringMatching(/^HTTP 429: paused until \S+ as Retry-After asks$/),
      }),
    );
    expect((await cycle).body).toMatchObject({ created: 1, failed: 0 });
    expect(await health()).toEqual({ state: "healthy" });
    await vi.waitFor(() =>
      expect(ws.messages.filter((m) => m.type === "targets.changed").length).toBeGreaterThanOrEqual(2),
    );
    ws.close();
  });

  it("fails a 429 at once and retries it in the next cycle when the target asks for the old Entra behaviour", async () => {
    run = await start();
    const target = await embeddedTarget(run, {
      profile: "entra-scim062020",
      mode: "manual",
      options: { on429: "next-cycle" },
    });
    await run.api("POST", "/target-org/faults", {
      status: 429,
      retryAfterSeconds: 600,
      count: 1,
      method: "POST",
    });
    await createUser(run);
    const first = await sync(run, target.id);
    expect(first.body).toMatchObject({ created: 0, failed: 1 });
    expect(first.body.errors[0]?.error).toContain("HTTP 429");
    const posts = exchangesOf(run, target.id).filter((e) => e.request.method === "POST");
    expect(posts.map((e) => e.response?.status)).toEqual([429]);
    const next = await sync(run, target.id, { kind: "incremental" });
    expect(next.body).toMatchObject({ created: 1, failed: 0 });
  });

  it("retries a burst of 503s with backoff and ends with the user provisioned", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    await run.api("POST", "/target-org/faults", { status: 503, count: 2 });
    await createUser(run);
    expect((await sync(run, target.id)).body).toMatchObject({ created: 1, failed: 0 });
    expect(exchangesOf(run, target.id).map((e) => e.response?.status)).toEqual([503, 503, 200, 201]);
  });

  it("keeps edits made while the target is down and delivers them when it is back", async () => {
    run = await start({ timeScale: 20 });
    const target = await embeddedTarget(run);
    await run.api("POST", "/target-org/faults", { drop: true });
    const users = [await createUser(run), await createUser(run)];
    await run.api("PATCH", `/users/${users[0]?.id}`, { title: "Offline edit" });
    await vi.waitFor(async () => {
      const t = (
        await run?.api<Target & { health: { state: string; reason?: string } }>(
          "GET",
          `/targets/${target.id}`,
        )
      )?.body;
      // Both people's work has failed at least once, so only the retry loop can deliver it.
      expect(t?.health).toMatchObject({
        state: "retrying",
        reason: expect.stringContaining("no response"),
        pending: 2,
      });
    });
    await run.api("DELETE", "/target-org/faults");
    await vi.waitFor(
      async () => {
        const remote = (await orgUsers(run as Running)).Resources;
        expect(remote.map((u) => u.userName).sort()).toEqual(users.map((u) => u?.userName).sort());
        expect(remote.find((u) => u.userName === users[0]?.userName)?.title).toBe("Offline edit");
      },
      { timeout: 10_000 },
    );
    await vi.waitFor(async () => {
      const t = (await run?.api<{ health: { state: string } }>("GET", `/targets/${target.id}`))?.body;
      expect(t?.health.state).toBe("healthy");
    });
    expect(exchangesOf(run, target.id).some((e) => e.cause.type.startsWith("retry:"))).toBe(true);
  });

  it("quarantines an Entra target when most calls fail and releases it on restart", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "entra", mode: "manual" });
    for (let i = 0; i < 6; i++) await createUser(run);
    await run.api("POST", "/target-org/faults", { status: 500 });
    const failed = await sync(run, target.id);
    expect(failed.body).toMatchObject({ failed: 6, quarantined: true });
    const quarantined = (
      await run.api<{ health: { state: string; reason: string } }>("GET", `/targets/${target.id}`)
    ).body;
    expect(quarantined.health).toMatchObject({
      state: "quarantined",
      reason: expect.stringContaining("6 of 6 operations failed"),
    });

    await run.api("DELETE", "/target-org/faults");
    const restarted = await run.api<CycleRecord>("POST", `/targets/${target.id}/restart`);
    expect(restarted.body).toMatchObject({ created: 6, failed: 0, quarantined: false });
    expect(
      (await run.api<{ health: { state: string } }>("GET", `/targets/${target.id}`)).body.health.state,
    ).toBe("healthy");
  });

  it("times out a hanging target after the target's timeout and records why", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual", timeoutMs: 300 });
    await run.api("POST", "/target-org/faults", { hang: true, count: 3 });
    await createUser(run);
    const cycle = await sync(run, target.id);
    expect(cycle.body.failed).toBe(1);
    const first = exchangesOf(run, target.id)[0];
    expect(first?.response).toBeNull();
    expect(first?.error).toBe("No response within 300 ms (the target's timeout)");
  });

  it("lets reads that only watch the org pass a fault by, so the fault is spent on provisioning", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    await run.api("POST", "/target-org/faults", { status: 500, count: 1 });
    const watched = await fetch(`${run.url}/target/scim/v2/Users`, {
      headers: { authorization: `Bearer ${run.sim.org.token}`, "x-scimulator-observer": "ui" },
    });
    expect(watched.status).toBe(200);
    expect((await run.api<Array<{ fired: number }>>("GET", "/target-org/faults")).body[0]?.fired).toBe(0);
    await createUser(run);
    await sync(run, target.id);
    expect(exchangesOf(run, target.id)[0]?.response?.status).toBe(500);
  });

  it("refuses a fault that does nothing or mixes count and rate", async () => {
    run = await start();
    const empty = await run.api<ApiError>("POST", "/target-org/faults", { count: 2 });
    expect(empty.status).toBe(400);
    expect(empty.body.details).toEqual([
      { path: "status", message: "needs one of status, latencyMs, hang or drop" },
    ]);
    const both = await run.api<ApiError>("POST", "/target-org/faults", { status: 500, count: 1, rate: 0.5 });
    expect(both.body.details).toEqual([
      { path: "rate", message: "count and rate cannot be combined; pick one" },
    ]);
    const bad = await run.api<ApiError>("POST", "/target-org/faults", { status: 418 });
    expect(bad.body.details).toEqual([{ path: "status", message: "must be one of 429, 500, 503, 401, 409" }]);
  });
});

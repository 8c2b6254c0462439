import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiError, CycleRecord, Exchange, User } from "../server/protocol";
import { createUser, embeddedTarget, exchangesOf, type Running, start } from "./support/simulator";
import { orgUsers, sync } from "./support/target-sync";

// The simulated clock: schedules at a raised time scale, exchanges stamped with simulated time, Entra's 30-day
// soft-delete window and its purge, and the limits on changing the clock.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("the simulated clock", () => {
  it("runs an hourly schedule within a second at scale 3600 and stamps exchanges with simulated time", async () => {
    run = await start({ timeScale: 3600 });
    const target = await embeddedTarget(run, { mode: "schedule", schedule: "0 * * * *" });
    const user = await createUser(run);
    await vi.waitFor(
      async () =>
        expect((await orgUsers(run as Running)).Resources.map((u) => u.userName)).toContain(user.userName),
      {
        timeout: 5000,
      },
    );
    // The cycle starts on the hour in simulated time, give or take timer lag (each real millisecond is 3.6
    // simulated seconds here); its requests land a little later still.
    const post = await vi.waitFor(() => {
      const found = exchangesOf(run as Running, target.id).find((e) => e.request.method === "POST");
      expect(found).toBeDefined();
      return found as Exchange;
    });
    const cycle = await vi.waitFor(async () => {
      const cycles = (await (run as Running).api<CycleRecord[]>("GET", `/targets/${target.id}/cycles`)).body;
      const found = cycles.find((c) => c.created === 1);
      expect(found).toBeDefined();
      return found;
    });
    const cycleStart = new Date(cycle?.simulatedAt ?? "");
    expect(cycleStart.getUTCMinutes()).toBeLessThan(10);
    expect(Date.parse(post.simulatedAt ?? "")).toBeGreaterThanOrEqual(cycleStart.getTime());
    expect(Math.abs(Date.parse(post.simulatedAt ?? "") - Date.parse(post.at))).toBeGreaterThan(0);
  });

  it("sends Entra's hard DELETE only once the 30-day soft-delete window has passed", async () => {
    run = await start();
    // Lenient, so the org takes Entra's "False" and the soft delete can complete.
    await run.api("PATCH", "/target-org", { strict: false });
    const target = await embeddedTarget(run, { profile: "entra", mode: "manual" });
    const user = await createUser(run);
    await sync(run, target.id);
    await run.api("DELETE", `/users/${user.id}`);
    await sync(run, target.id);
    expect(exchangesOf(run, target.id).at(-1)?.request.body).toMatchObject({
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect((await sync(run, target.id)).body.deleted).toBe(0);
    const clock = await run.api<{ scale: number; now: string }>("PATCH", "/clock", {
      advanceMs: 31 * 24 * 3600 * 1000,
    });
    expect(Date.parse(clock.body.now) - Date.now()).toBeGreaterThan(30 * 24 * 3600 * 1000);
    expect((await sync(run, target.id)).body.deleted).toBe(1);
    expect(exchangesOf(run, target.id).at(-1)?.request.method).toBe("DELETE");
    expect((await orgUsers(run)).totalResults).toBe(0);
  });

  it("deletes a soft-deleted Entra user at once on delete permanently", async () => {
    run = await start();
    await run.api("PATCH", "/target-org", { strict: false });
    const target = await embeddedTarget(run, { profile: "entra", mode: "manual" });
    const user: User = await createUser(run);
    await sync(run, target.id);
    await run.api("DELETE", `/users/${user.id}`);
    await sync(run, target.id);
    expect((await run.api("POST", `/targets/${target.id}/purge`, {})).body).toEqual({
      deleted: 1,
      failed: 0,
    });
    expect(exchangesOf(run, target.id).at(-1)?.request.method).toBe("DELETE");
  });

  it("refuses to purge a user who is unknown or still in the directory, and sends nothing", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "entra", mode: "manual" });
    const user: User = await createUser(run);
    await sync(run, target.id);
    const sent = exchangesOf(run, target.id).length;
    const unknown = await run.api<ApiError>("POST", `/targets/${target.id}/purge`, { userId: "nobody" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('No deleted user "nobody"');
    const live = await run.api<ApiError>("POST", `/targets/${target.id}/purge`, { userId: user.id });
    expect(live.status).toBe(409);
    expect(live.body.error).toContain("still in the directory");
    expect(exchangesOf(run, target.id)).toHaveLength(sent);
  });

  it("refuses a clock scale that is not positive, and a jump back in time", async () => {
    run = await start();
    const res = await run.api<ApiError>("PATCH", "/clock", { scale: 0 });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: "scale", message: "must be above 0" }]);
    const back = await run.api<ApiError>("PATCH", "/clock", { advanceMs: -1 });
    expect(back.body.details).toEqual([
      { path: "advanceMs", message: "must not be negative: the simulated clock only moves forward" },
    ]);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiError, Target, TargetView } from "../server/protocol";
import { createUser, embeddedTarget, exchangesOf, listen, type Running, start } from "./support/simulator";
import { orgUsers } from "./support/target-sync";

// How a target's mode decides when it provisions: a cron schedule (validated, and Entra's 40-minute default), or
// on demand for a manual target.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("schedules", () => {
  it("picks up a change on the next tick of a 6-field cron, with the cycle announced on /ws", async () => {
    run = await start();
    const target = (await embeddedTarget(run, { mode: "schedule", schedule: "* * * * * *" })) as TargetView;
    expect(target.nextRuns).toHaveLength(3);
    const ws = await listen(run.url);
    const user = await createUser(run);
    await vi.waitFor(
      async () =>
        expect((await orgUsers(run as Running)).Resources.map((u) => u.userName)).toContain(user.userName),
      {
        timeout: 5000,
      },
    );
    // The org holds the user a moment before the sender has recorded the exchange that put it there.
    await vi.waitFor(() => {
      const post = exchangesOf(run as Running, target.id).find((e) => e.request.method === "POST");
      expect(post?.cause.type).toMatch(/^cycle:(full|incremental)$/);
    });
    await vi.waitFor(() => {
      const phases = ws.messages.flatMap((m) => (m.type === "cycle" ? [m.phase] : []));
      expect(phases).toEqual(expect.arrayContaining(["start", "end"]));
    });
    ws.close();
  });

  it("refuses an invalid cron with a 400 that names schedule and says why", async () => {
    run = await start();
    const res = await run.api<ApiError>("POST", "/targets", {
      name: "x",
      baseUrl: "https://example.com/scim",
      auth: { type: "bearer", token: "t" },
      profile: "rfc",
      mode: "schedule",
      schedule: "61 * * * *",
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { path: "schedule", message: expect.stringContaining("61 is a invalid expression for minute") },
    ]);
    expect((await run.api<Target[]>("GET", "/targets")).body).toHaveLength(0);
  });

  it("defaults an Entra target to a 40-minute schedule", async () => {
    run = await start();
    const res = await run.api<TargetView>("POST", "/targets", {
      name: "Entra",
      baseUrl: `${run.url}/target/scim/v2`,
      auth: { type: "bearer", token: run.sim.org.token },
      profile: "entra",
    });
    expect(res.body).toMatchObject({ mode: "schedule", schedule: "*/40 * * * *" });
    const gaps = res.body.nextRuns.map((t, i, all) =>
      i === 0 ? 0 : Date.parse(t) - Date.parse(all[i - 1] ?? t),
    );
    expect(gaps.slice(1)).toEqual(expect.arrayContaining([20 * 60_000]));
  });
});

describe("manual targets", () => {
  it("provisions one user on demand and nobody else", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    const [a] = [await createUser(run), await createUser(run)];
    const res = await run.api<{ outcome: string }>("POST", `/targets/${target.id}/provision`, {
      userId: a?.id,
    });
    expect(res.body).toEqual({ outcome: "created" });
    expect((await orgUsers(run)).Resources.map((u) => u.userName)).toEqual([a?.userName]);
    const unknown = await run.api<ApiError>("POST", `/targets/${target.id}/provision`, { userId: "nobody" });
    expect(unknown.status).toBe(404);
  });
});

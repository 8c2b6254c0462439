import { afterEach, describe, expect, it } from "vitest";
import type { ClockState, LiveMessage, ScenarioRunState } from "../server/protocol";
import { listen, type Running, start } from "./support/simulator";
import { eventually } from "./support/ui-session";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const clockNow = async (r: Running) => (await r.api<ClockState>("GET", "/clock")).body;

/** Two clock readings at least `realMs` of real time apart. */
async function twoReadings(r: Running, realMs = 150): Promise<[ClockState, ClockState]> {
  const first = await clockNow(r);
  const since = Date.now();
  await eventually(() => expect(Date.now() - since).toBeGreaterThanOrEqual(realMs));
  return [first, await clockNow(r)];
}

async function runToPause(r: Running, input: Record<string, unknown>) {
  const feed = await listen(r.url);
  const started = await r.api<{ runId: string }>("POST", "/scenarios/06-entra-cycle/run", input);
  expect(started.status).toBe(202);
  const { runId } = started.body;
  const paused = (m: LiveMessage) => m.type === "scenario" && m.runId === runId && m.phase === "paused";
  await eventually(() => expect(feed.messages.some(paused)).toBe(true), 30_000);
  return { runId, feed };
}

describe("the simulated clock", () => {
  it("stands still while a trainer's pause step waits, runs again on Continue, and each wait for cycle says what it did", async () => {
    run = await start();
    const r = run;
    const { runId, feed } = await runToPause(r, {});
    const [a, b] = await twoReadings(r);
    // The scenario set a scale of 2400: 150 ms of real time would be six simulated minutes.
    expect(a.scale).toBe(2400);
    expect(a.paused).toBe(true);
    expect(b.now).toBe(a.now);
    expect(feed.messages.some((m) => m.type === "clock" && m.paused === true)).toBe(true);

    expect((await r.api("POST", `/scenarios/runs/${runId}/continue`, {})).status).toBe(200);
    await eventually(async () =>
      expect(Date.parse((await clockNow(r)).now)).toBeGreaterThan(Date.parse(a.now)),
    );
    await eventually(async () => {
      const state = (await r.api<ScenarioRunState>("GET", `/scenarios/runs/${runId}`)).body;
      expect(state.result).not.toBeNull();
    }, 30_000);
    const state = (await r.api<ScenarioRunState>("GET", `/scenarios/runs/${runId}`)).body;
    expect(state.result?.status).toBe("passed");
    const notes =
      state.result?.steps.filter((s) => s.kind === "wait for cycle").map((s) => s.note ?? "") ?? [];
    expect(notes).toHaveLength(3);
    // The first cycle created Erin: the note says so, and counts the wire too.
    expect(notes[0]).toMatch(/1 user created; \d+ requests sent, 1 created on the target/);
    // The second met three injected 500s.
    expect(notes[1]).toMatch(/1 user failed; \d+ requests sent, 0 created on the target, 3 refused/);
    feed.close();
  }, 60_000);

  it("keeps running through a pause when the run asks it to", async () => {
    run = await start();
    const r = run;
    const { runId, feed } = await runToPause(r, { holdClock: false });
    const [a, b] = await twoReadings(r);
    expect(a.paused).toBe(false);
    expect(Date.parse(b.now)).toBeGreaterThan(Date.parse(a.now));
    await r.api("POST", `/scenarios/runs/${runId}/continue`, {});
    feed.close();
  }, 60_000);

  it("goes back to real time at real speed on reset, and refuses a reset that is not true", async () => {
    run = await start();
    await run.api("PATCH", "/clock", { scale: 3600, advanceMs: 10 * 3_600_000 });
    const reset = await run.api<ClockState>("PATCH", "/clock", { reset: true });
    expect(reset.status).toBe(200);
    expect(reset.body.scale).toBe(1);
    expect(Math.abs(Date.parse(reset.body.now) - Date.now())).toBeLessThan(2000);
    const refused = await run.api<{ details: Array<{ path: string }> }>("PATCH", "/clock", { reset: false });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0]?.path).toBe("reset");
  });

  it("goes back to real time on Reset demo, undoing a jump of ten hours", async () => {
    run = await start();
    await run.api("PATCH", "/clock", { advanceMs: 10 * 3_600_000 });
    expect(Date.parse((await clockNow(run)).now) - Date.now()).toBeGreaterThan(9 * 3_600_000);
    expect((await run.api("POST", "/reset", { confirm: true })).status).toBe(200);
    const after = await clockNow(run);
    expect(Math.abs(Date.parse(after.now) - Date.now())).toBeLessThan(2000);
    expect(after.scale).toBe(1);
  });
});

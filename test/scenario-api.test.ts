import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Exchange, LiveMessage, Target, User } from "../server/protocol";
import { listen, type Running, start } from "./support/simulator";

// Scenarios run from the control API: trainer mode step by step with progress on /ws, a run's people kept apart
// from other targets until they are kept, and the faults and time scale a failed run put back.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("scenarios from the API", () => {
  it("lists the shipped scenarios and runs one step by step in trainer mode, with progress on /ws", async () => {
    run = await start();
    const list = await run.api<Array<{ id: string; name: string; steps: number; problems: unknown[] }>>(
      "GET",
      "/scenarios",
    );
    expect(list.body.map((s) => s.id)).toContain("02-rehire");
    expect(list.body.every((s) => s.problems.length === 0)).toBe(true);
    const ws = await listen(run.url);
    const started = await run.api<{ runId: string }>("POST", "/scenarios/02-rehire/run", { stepping: true });
    expect(started.status).toBe(202);
    const { runId } = started.body;
    const scenarioMessages = () =>
      ws.messages.filter(
        (m): m is Extract<LiveMessage, { type: "scenario" }> => m.type === "scenario" && m.runId === runId,
      );
    for (let i = 0; i < 9; i++) {
      await vi.waitFor(() =>
        expect(scenarioMessages().filter((m) => m.phase === "paused")).toHaveLength(i + 1),
      );
      expect((await run.api("POST", `/scenarios/runs/${runId}/continue`)).status).toBe(200);
    }
    await vi.waitFor(
      () => expect(scenarioMessages().at(-1)).toMatchObject({ phase: "end", status: "passed" }),
      { timeout: 15_000 },
    );
    const paused = scenarioMessages().filter((m) => m.phase === "paused");
    expect(paused[4]).toMatchObject({
      label: "pause",
      caption: "Bob has left. His account is disabled on the target, not deleted.",
    });
    const done = await run.api<{ status: string; result: { steps: unknown[] } }>(
      "GET",
      `/scenarios/runs/${runId}`,
    );
    expect(done.body.status).toBe("passed");
    expect((await run.api("POST", `/scenarios/runs/${runId}/continue`)).status).toBe(409);
    expect((await run.api("POST", "/scenarios/nope/run", {})).status).toBe(404);
    const targets = (await run.api<Target[]>("GET", "/targets")).body;
    expect(targets.filter((t) => t.name.startsWith("Scenario: ")).map((t) => t.mode)).toEqual(["manual"]);
    ws.close();
  }, 60_000);

  it("lets a run's own target provision only the people it creates, and no other target touch them", async () => {
    run = await start({ seed: true });
    const r = run;
    const defaultTarget = (await r.api<Target[]>("GET", "/targets")).body[0] as Target;
    const seeded = (await r.api<User[]>("GET", "/users")).body.map((u) => u.userName);
    await r.sim.provisioner.idle();
    const before = r.sim.log.list().length;
    for (let i = 0; i < 3; i++) {
      const { runId } = (await r.api<{ runId: string }>("POST", "/scenarios/02-rehire/run", {})).body;
      const status = async () =>
        (await r.api<{ status: string }>("GET", `/scenarios/runs/${runId}`)).body.status;
      // The scenario's pause step waits for the trainer.
      await vi.waitFor(async () => expect(await status()).toBe("paused"), { timeout: 15_000 });
      await r.api("POST", `/scenarios/runs/${runId}/continue`);
      await vi.waitFor(async () => expect(await status()).toBe("passed"), { timeout: 15_000 });
    }
    const during = r.sim.log.list().slice(before);
    expect(during.filter((e) => e.targetId === defaultTarget.id)).toEqual([]);
    // Nor does the run's target reach for the seeded people when it is switched on.
    const text = (e: Exchange) => decodeURIComponent(e.request.url) + JSON.stringify(e.request.body ?? "");
    const mentions = during.filter((e) => seeded.some((name) => text(e).includes(name)));
    expect(mentions).toEqual([]);
    expect(during.filter((e) => e.request.method === "POST").map((e) => e.response?.status)).toEqual([
      201, 201, 201,
    ]);
    // Once a run is over its people stay its own: an edit reaches no other target, until they are kept.
    const bob = (await r.api<User[]>("GET", "/users")).body.find((u) => u.userName.startsWith("bob."));
    let mark = r.sim.log.list().length;
    await r.api("PATCH", `/users/${bob?.id}`, { title: "Returner" });
    await r.sim.provisioner.idle();
    expect(
      r.sim.log
        .list()
        .slice(mark)
        .filter((e) => e.targetId === defaultTarget.id),
    ).toEqual([]);
    // Kept, they are everyone's: the default target finds bob's account and links it, then follows his edits.
    mark = r.sim.log.list().length;
    await r.api("POST", "/scenarios/leftovers/keep");
    await vi.waitFor(() =>
      expect(
        r.sim.log
          .list()
          .slice(mark)
          .some((e) => e.targetId === defaultTarget.id),
      ).toBe(true),
    );
    await r.sim.provisioner.idle();
    mark = r.sim.log.list().length;
    await r.api("PATCH", `/users/${bob?.id}`, { title: "Returned" });
    await r.sim.provisioner.idle();
    const after = r.sim.log.list().slice(mark);
    expect(after.filter((e) => e.targetId === defaultTarget.id).map((e) => e.request.method)).toEqual([
      "PATCH",
    ]);
  }, 60_000);

  it("puts back the faults and the time scale a failed run set, since its clean-up steps were skipped", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-failing-"));
    await writeFile(
      join(dir, "failing.yaml"),
      [
        "name: Fails midway",
        "requires: embedded",
        "steps:",
        "  - set time scale: 50",
        "  - set fault: { status: 503, count: 100, path: /Groups }",
        "  - create user: { as: dana }",
        "  - expect user: { user: dana, active: false, within: 2s }",
        "  - clear faults",
        "  - set time scale: 1",
      ].join("\n"),
    );
    run = await start({ scenariosDir: dir });
    const started = await run.api<{ runId: string }>("POST", "/scenarios/failing/run", {});
    expect(started.status).toBe(202);
    const runId = started.body.runId;
    type Done = { status: string; result: { cleanup?: string; steps: Array<{ status: string }> } | null };
    await vi.waitFor(
      async () =>
        expect((await run?.api<Done>("GET", `/scenarios/runs/${runId}`))?.body.status).toBe("failed"),
      { timeout: 15_000 },
    );
    const done = (await run.api<Done>("GET", `/scenarios/runs/${runId}`)).body;
    expect(done.result?.steps.map((s) => s.status)).toEqual([
      "passed",
      "passed",
      "passed",
      "failed",
      "skipped",
      "skipped",
    ]);
    expect(done.result?.cleanup).toBe(
      "After the failure, the run cleared the faults it set and set the time scale back to 1.",
    );
    expect((await run.api<unknown[]>("GET", "/target-org/faults")).body).toEqual([]);
    expect((await run.api<{ scale: number }>("GET", "/clock")).body.scale).toBe(1);
  }, 30_000);
});

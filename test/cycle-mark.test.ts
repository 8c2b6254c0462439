import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CycleRecord } from "../server/protocol";
import { createUser, embeddedTarget, type Running, start } from "./support/simulator";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

type Mark = { cycleId: string; kind: string; fix: boolean; startedAt: string };
type CyclesFile = { targets: Record<string, { running?: Mark }> };
const cyclesFile = async (dataDir: string) =>
  JSON.parse(await readFile(join(dataDir, "cycles.json"), "utf8")) as CyclesFile;

/** The outbox snapshot and every journal beside it, as the disk holds them. */
async function outboxText(dataDir: string): Promise<string> {
  const names = (await readdir(dataDir)).filter((n) => n.startsWith("outbox.json"));
  const texts = await Promise.all(names.map((n) => readFile(join(dataDir, n), "utf8")));
  return texts.join("\n");
}

describe("a cycle's durable mark", () => {
  it("is on disk while the cycle runs and gone once its record is kept, and the cycle writes no outbox entry for the work it sends", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    const people = [];
    for (let i = 0; i < 12; i++) people.push(await createUser(run));
    // Slowed so the cycle runs for a second or more (three rounds of four POSTs) while the file is read.
    await run.api("POST", "/target-org/faults", { latencyMs: 300, method: "POST" });
    const syncing = run.api<CycleRecord>("POST", `/targets/${target.id}/sync`);
    const dataDir = run.dataDir;
    await vi.waitFor(
      async () =>
        expect((await cyclesFile(dataDir)).targets[target.id]?.running).toMatchObject({
          kind: "full",
          fix: false,
        }),
      { timeout: 5000, interval: 10 },
    );
    const cycle = (await syncing).body;
    expect(cycle).toMatchObject({ kind: "full", created: 12, failed: 0 });
    expect((await cyclesFile(dataDir)).targets[target.id]?.running).toBeUndefined();
    const outbox = await outboxText(dataDir);
    for (const person of people) expect(outbox).not.toContain(person.id);
    expect((await run.api<CycleRecord[]>("GET", `/targets/${target.id}/cycles`)).body.at(-1)?.id).toBe(
      cycle.id,
    );
  });

  it("still keeps failed work in the outbox, so the next cycle and the health see it", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    const person = await createUser(run);
    await run.api("POST", "/target-org/faults", { status: 503, count: 3 });
    const cycle = (await run.api<CycleRecord>("POST", `/targets/${target.id}/sync`)).body;
    expect(cycle).toMatchObject({ created: 0, failed: 1 });
    await run.sim.provisioner.idle();
    expect(await outboxText(run.dataDir)).toContain(`user:${person.id}`);
    const health = (await run.api<{ health: object }>("GET", `/targets/${target.id}`)).body.health;
    expect(health).toMatchObject({ state: "retrying", pending: 1 });
  });

  it("is run again at the next start when a crash left it, and cleared by that run even when it has nothing to send", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    await createUser(run);
    expect((await run.api<CycleRecord>("POST", `/targets/${target.id}/sync`)).body).toMatchObject({
      created: 1,
    });
    await run.stop();
    // As a crash would leave it: the mark of an incremental cycle that never kept its record.
    const dataDir = run.dataDir;
    const file = await cyclesFile(dataDir);
    const state = file.targets[target.id];
    if (!state) throw new Error("no cycles for the target");
    state.running = {
      cycleId: "cut-off",
      kind: "incremental",
      fix: false,
      startedAt: new Date().toISOString(),
    };
    await writeFile(join(dataDir, "cycles.json"), JSON.stringify(file));

    run = await start({ dataDir });
    const history = async () =>
      (await (run as Running).api<CycleRecord[]>("GET", `/targets/${target.id}/cycles`)).body;
    await vi.waitFor(async () => expect((await history()).at(-1)?.cause).toBe("resume"));
    expect((await history()).at(-1)).toMatchObject({ kind: "incremental", users: 0, created: 0, failed: 0 });
    // The history is answered from memory as the record's write begins, so the file is waited for.
    await vi.waitFor(async () =>
      expect((await cyclesFile(dataDir)).targets[target.id]?.running).toBeUndefined(),
    );
  });
});

// `npm run bench` (part two): a full initial cycle of N users and 200 groups of 50 members, next to a bare
// keep-alive node:http client that replays the very requests the stub received from SCIMulator (same methods,
// paths, bodies and headers, each resource's requests in order) to the same stub at the same concurrency. The
// stub runs as a process of its own for both, as a tester's SCIM server does.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CycleRecord, Target } from "../../server/protocol";
import { createSimulator } from "../../server/simulator";
import { type StubRequest, spawnScimStub } from "./scim-stub";

const SIZES = (process.env.BENCH_CYCLE_SIZES ?? "1000,10000").split(",").map(Number);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "4,32").split(",").map(Number);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 200);
const MEMBERS = 50;
/** Machine-readable results, beside the printed table. */
const RESULTS = process.env.BENCH_JSON ?? "bench-results/full-cycle.json";
const HEADERS = {
  "user-agent": "SCIMulator-bench",
  accept: "application/scim+json, application/json",
  "content-type": "application/scim+json; charset=utf-8",
  authorization: "Bearer bench-token",
};

function send(agent: Agent, origin: string, r: StubRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${r.path}`, { method: r.method, agent, headers: HEADERS }, (res) => {
      res.resume();
      res.on("end", () => resolve());
    });
    req.on("error", reject);
    req.end(r.body || undefined);
  });
}

/**
 * The baseline: the recorded chains, each in order, `inFlight` chains at a time. Its stub records too, so the
 * stub does the same work in both runs: the two share the machine's cores with it.
 */
async function baseline(chains: StubRequest[][], inFlight: number): Promise<{ rate: number; sent: number }> {
  const stub = await spawnScimStub({ record: true });
  const origin = new URL(stub.baseUrl).origin;
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const users = chains.filter((c) => !(c[0]?.path ?? "").includes("/Groups")).length;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < chains.length) {
        for (const r of chains[next++] ?? []) await send(agent, origin, r);
      }
    }),
  );
  const rate = users / ((performance.now() - started) / 1000);
  const sent = (await stub.report()).requests;
  agent.destroy();
  await stub.close();
  return { rate, sent };
}

async function cycle(users: number, inFlight: number) {
  const stub = await spawnScimStub({ record: true });
  const dataDir = await mkdtemp(join(tmpdir(), "scimulator-bench-cycle-"));
  const sim = await createSimulator({
    dataDir,
    seed: false,
    uiDir: null,
    logLimit: 2000,
    concurrency: inFlight,
  });
  try {
    const url = await sim.listen(0, "127.0.0.1");
    const ids: string[] = [];
    // Created in batches, so the directory's coalesced writes keep the set-up short.
    for (let i = 0; i < users; i += 500) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(500, users - i) }, (_, j) =>
          sim.directory.createUser({
            userName: `cycle.${i + j}@example.com`,
            givenName: "Cycle",
            familyName: `User ${i + j}`,
            email: `cycle.${i + j}@example.com`,
          }),
        ),
      );
      ids.push(...batch.map((u) => u.id));
    }
    for (let g = 0; g < GROUPS; g++) {
      const members = Array.from(
        { length: MEMBERS },
        (_, m) => ids[(g * MEMBERS + m) % ids.length] as string,
      );
      await sim.directory.createGroup({ displayName: `Cycle group ${g}`, members: [...new Set(members)] });
    }
    const target = (await (
      await fetch(`${url}/api/targets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          name: "stub",
          baseUrl: stub.baseUrl,
          auth: { type: "bearer", token: "bench-token" },
          profile: "rfc",
          mode: "manual",
        }),
      })
    ).json()) as Target;
    const started = performance.now();
    const res = await fetch(`${url}/api/targets/${target.id}/sync`, { method: "POST" });
    const record = (await res.json()) as CycleRecord;
    const rate = users / ((performance.now() - started) / 1000);
    if (record.created !== users || record.groups.created !== GROUPS)
      throw new Error(`expected ${users} + ${GROUPS} created, got ${JSON.stringify(record).slice(0, 300)}`);
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    const report = await stub.report();
    return { rate, record, rssMb, chains: report.chains, sent: report.requests };
  } finally {
    await sim.close();
    await stub.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

type Row = {
  users: number;
  groups: number;
  inFlight: number;
  requests: number;
  /** Medians over the runs. */
  scimulator: number;
  baseline: number;
  ratio: number;
  rssMb: number;
  runs: Array<{ scimulator: number; baseline: number }>;
};
/**
 * Runs per size and concurrency, each SCIMulator's cycle followed at once by the baseline's replay of it. The
 * machine's speed drifts by tens of percent over minutes, so a pair shares its moment and the median pair is shown.
 */
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 5));
/**
 * One cycle and its baseline. The recorded requests (at 100k users, some 100 MB of them) live only in here, so
 * the next cycle is never measured with the last one's recording still on the heap, making every collection
 * the cycle's own heap asks for pass over that too.
 */
async function pair(users: number, inFlight: number) {
  const run = await cycle(users, inFlight);
  const base = await baseline(run.chains, inFlight);
  if (base.sent !== run.sent)
    throw new Error(`the baseline sent ${base.sent} requests, SCIMulator ${run.sent}`);
  return { scimulator: run.rate, baseline: base.rate, sent: run.sent, rssMb: run.rssMb };
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const rows: Row[] = [];
// One unmeasured cycle and its replay first: both clients are then measured with their code already compiled, as
// a server that has run for a while is, rather than charging V8's start-up compilation to whichever runs first.
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 2000);
if (WARM_UP > 0) await pair(WARM_UP, CONCURRENCY[0] ?? 4);
for (const inFlight of CONCURRENCY) {
  for (const users of SIZES) {
    const runs: Row["runs"] = [];
    let requests = 0;
    let rssMb = 0;
    for (let r = 0; r < REPEAT; r++) {
      const run = await pair(users, inFlight);
      runs.push({ scimulator: run.scimulator, baseline: run.baseline });
      requests = run.sent;
      rssMb = Math.max(rssMb, run.rssMb);
    }
    rows.push({
      users,
      groups: GROUPS,
      inFlight,
      requests,
      scimulator: median(runs.map((r) => r.scimulator)),
      baseline: median(runs.map((r) => r.baseline)),
      ratio: median(runs.map((r) => r.scimulator / r.baseline)),
      rssMb,
      runs,
    });
  }
}
console.log(
  `full initial cycle, rfc dialect, ${GROUPS} groups of ${MEMBERS}, to a SCIM stub that answers at once (median of ${REPEAT} runs, each next to its own baseline)`,
);
for (const r of rows) {
  console.log(
    `  ${String(r.users).padStart(6)} users, ${String(r.inFlight).padStart(2)} in flight, ${r.requests} requests: SCIMulator ${r.scimulator.toFixed(0).padStart(6)} users/s   baseline (bare node:http, same requests) ${r.baseline.toFixed(0).padStart(6)} users/s   ratio ${r.ratio.toFixed(2)} (runs: ${r.runs.map((p) => (p.scimulator / p.baseline).toFixed(2)).join(", ")})   RSS ${r.rssMb.toFixed(0)} MB`,
  );
}
for (const inFlight of CONCURRENCY) {
  const mine = rows.filter((r) => r.inFlight === inFlight);
  const [small, large] = [mine[0], mine.at(-1)];
  if (small && large && small !== large) {
    console.log(
      `  growth at ${inFlight} in flight: users/s at ${large.users} is ${(large.scimulator / small.scimulator).toFixed(2)}× users/s at ${small.users} (1.00 is linear cost)`,
    );
  }
}
await mkdir(dirname(RESULTS), { recursive: true });
await writeFile(
  RESULTS,
  `${JSON.stringify({ bench: "full-cycle", at: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
);
console.log(`  results: ${RESULTS}`);

// `npm run bench` (part two): a full initial cycle at 1,000 and at 10,000 users, each next to a bare keep-alive
// node:http client that sends the same probe + POST sequence to the same stub at the same concurrency.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CycleRecord, Target } from "../../server/protocol";
import { createSimulator } from "../../server/simulator";
import { startScimStub } from "./scim-stub";

const SIZES = (process.env.BENCH_CYCLE_SIZES ?? "1000,10000").split(",").map(Number);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "4,32").split(",").map(Number);
/** Machine-readable results, beside the printed table. */
const RESULTS = process.env.BENCH_JSON ?? "bench-results/full-cycle.json";

function send(agent: Agent, url: URL, method: string, body?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: { "content-type": "application/scim+json", accept: "application/scim+json" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve());
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The same requests the rfc dialect sends for a create: a filter probe, then the POST. */
async function baseline(users: number, inFlight: number): Promise<number> {
  const stub = await startScimStub();
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < users) {
        const i = next++;
        const userName = `cycle.${i}@example.com`;
        await send(
          agent,
          new URL(`${stub.baseUrl}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`),
          "GET",
        );
        await send(
          agent,
          new URL(`${stub.baseUrl}/Users`),
          "POST",
          JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName, active: true }),
        );
      }
    }),
  );
  const rate = users / ((performance.now() - started) / 1000);
  agent.destroy();
  await stub.close();
  return rate;
}

async function cycle(
  users: number,
  inFlight: number,
): Promise<{ rate: number; record: CycleRecord; rssMb: number }> {
  const stub = await startScimStub();
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
    // Created in batches, so the directory's coalesced writes keep the set-up short.
    for (let i = 0; i < users; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, users - i) }, (_, j) =>
          sim.directory.createUser({
            userName: `cycle.${i + j}@example.com`,
            givenName: "Cycle",
            familyName: `User ${i + j}`,
          }),
        ),
      );
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
    if (record.created !== users)
      throw new Error(`expected ${users} created, got ${JSON.stringify(record).slice(0, 300)}`);
    return { rate, record, rssMb: process.memoryUsage().rss / 1024 / 1024 };
  } finally {
    await sim.close();
    await stub.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const rows: Array<{ users: number; inFlight: number; scimulator: number; baseline: number; rssMb: number }> =
  [];
for (const inFlight of CONCURRENCY) {
  for (const users of SIZES) {
    const base = await baseline(users, inFlight);
    const run = await cycle(users, inFlight);
    rows.push({ users, inFlight, scimulator: run.rate, baseline: base, rssMb: run.rssMb });
  }
}
console.log("full initial cycle, rfc dialect, to a SCIM stub that answers at once");
for (const r of rows) {
  console.log(
    `  ${String(r.users).padStart(6)} users, ${String(r.inFlight).padStart(2)} in flight: SCIMulator ${r.scimulator.toFixed(0).padStart(6)} users/s   baseline (bare node:http) ${r.baseline.toFixed(0).padStart(6)} users/s   ratio ${(r.scimulator / r.baseline).toFixed(2)}   RSS ${r.rssMb.toFixed(0)} MB`,
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

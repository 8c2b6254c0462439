// `npm run bench`: bulk provisioning throughput, next to the embedded org's own speed measured in the same run.
import { spawnSync } from "node:child_process";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulator, type Simulator, TARGET_ORG_PATH } from "../../server/simulator";
import { writePrivateFile } from "../../server/store/private-file";

const USERS = Number(process.env.BENCH_USERS ?? 1000);
/** The provisioner sends at most four requests at a time per target; the baseline gets the same. */
const IN_FLIGHT = 4;

async function withSimulator<T>(run: (sim: Simulator, url: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), "scimulator-bench-"));
  const sim = await createSimulator({ dataDir, seed: false, uiDir: null });
  try {
    return await run(sim, await sim.listen(0, "127.0.0.1"));
  } finally {
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

async function post(url: string, body: object, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
}

const person = (i: number, run: string) => ({
  userName: `bench.${run}.${i}@example.com`,
  givenName: "Bench",
  familyName: `Person ${i}`,
  email: `bench.${run}.${i}@example.com`,
  department: "Operations",
});

/** The embedded org alone: SCIM POSTs straight to it, nothing of the provisioning path in between. */
function baseline(): Promise<number> {
  return withSimulator(async (sim, url) => {
    const auth = { authorization: `Bearer ${sim.org.token}` };
    const started = performance.now();
    await inParallel(USERS, async (i) => {
      const p = person(i, "org");
      await post(
        `${url}${TARGET_ORG_PATH}/Users`,
        {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: p.userName,
          name: { givenName: p.givenName, familyName: p.familyName },
          emails: [{ type: "work", value: p.email, primary: true }],
        },
        auth,
      );
    });
    return USERS / ((performance.now() - started) / 1000);
  });
}

/** The whole path: control API edits, the on-edit provisioner (probe, then POST), the logs and stores. */
function endToEnd(): Promise<{ rate: number; rssMb: number }> {
  return withSimulator(async (sim, url) => {
    await post(`${url}/api/targets`, {
      name: "Embedded org",
      baseUrl: `${url}${TARGET_ORG_PATH}`,
      auth: { type: "bearer", token: sim.org.token },
      profile: "rfc",
      mode: "on-edit",
    });
    const started = performance.now();
    await inParallel(USERS, (i) => post(`${url}/api/users`, person(i, "e2e")));
    await sim.provisioner.idle();
    const seconds = (performance.now() - started) / 1000;
    const onOrg = sim.org.counts().users;
    if (onOrg !== USERS) throw new Error(`expected ${USERS} users on the org, found ${onOrg}`);
    return { rate: USERS / seconds, rssMb: process.memoryUsage().rss / 2 ** 20 };
  });
}

/**
 * What durability costs per write: the store's write (temp file fsynced, renamed, directory fsynced) next to the
 * rename-only atomic write it replaced, each of a directory.json the size of a 1,000-user directory.
 */
async function writeCost(): Promise<{ durableMs: number; renameOnlyMs: number; bytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), "scimulator-bench-fs-"));
  const text = JSON.stringify({ users: Array.from({ length: 1000 }, (_, i) => person(i, "fs")) }, null, 2);
  const rounds = 200;
  try {
    const file = join(dir, "directory.json");
    let started = performance.now();
    for (let i = 0; i < rounds; i++) {
      const temp = `${file}.tmp`;
      await writeFile(temp, text);
      await rename(temp, file);
    }
    const renameOnlyMs = (performance.now() - started) / rounds;
    started = performance.now();
    for (let i = 0; i < rounds; i++) await writePrivateFile(file, text);
    const durableMs = (performance.now() - started) / rounds;
    return { durableMs, renameOnlyMs, bytes: Buffer.byteLength(text) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The shipped bulk-onboarding scenario at its full size, through the CLI as CI runs it. */
function bulkScenario(): string {
  const run = spawnSync(
    process.execPath,
    ["bin/scimulator.mjs", "run", "scenarios/08-bulk-onboarding.yaml", "--var", `users=${USERS}`],
    { encoding: "utf8", timeout: 600_000 },
  );
  const line = /\d+ × POST \/Users in [\d.]+ s \([\d.]+ requests\/s\)/.exec(run.stdout)?.[0];
  if (run.status !== 0 || !line) throw new Error(`the bulk scenario failed:\n${run.stdout}\n${run.stderr}`);
  return line;
}

const org = await baseline();
const e2e = await endToEnd();
const cost = await writeCost();
const scenario = bulkScenario();
const fmt = (n: number) => n.toFixed(1).padStart(7);
console.log(`bulk provisioning of ${USERS} users (rfc dialect, on-edit, ${IN_FLIGHT} requests in flight)`);
console.log(`  baseline: SCIM POSTs straight to the embedded org  ${fmt(org)} users/s`);
console.log(
  `  SCIMulator: control API → provisioner → org         ${fmt(e2e.rate)} users/s  (${((100 * e2e.rate) / org).toFixed(0)} % of baseline; rss ${e2e.rssMb.toFixed(0)} MB)`,
);
console.log(`  scenario 08-bulk-onboarding: ${scenario}`);
console.log(`durable writes of a ${(cost.bytes / 1024).toFixed(0)} KiB data file`);
console.log(
  `  baseline: write a temp file and rename             ${cost.renameOnlyMs.toFixed(2).padStart(7)} ms/write`,
);
console.log(
  `  SCIMulator: + fsync file and directory              ${cost.durableMs.toFixed(2).padStart(7)} ms/write  (${(cost.durableMs / cost.renameOnlyMs).toFixed(1)}× the baseline)`,
);

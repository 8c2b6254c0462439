// `npm run bench` (part three): the server in its own process at 1k and 100k users. Start-up, memory, a full
// sync, edit-to-wire latency at 50 edits/s, the durable PATCH, disk bytes per edit, a restart with nothing to send,
// and 20 /ws clients following a 10k sync. Each figure sits next to a baseline taken in the same run.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { WebSocket } from "ws";
import type { CycleRecord, Target, User } from "../../server/protocol";
import { createSimulator } from "../../server/simulator";
import { startScimStub } from "./scim-stub";
import { api, percentile, type ServerProcess, startServerProcess } from "./server-process";

const SIZES = (process.env.BENCH_SCALE_SIZES ?? "1000,100000").split(",").map(Number);
const WS_USERS = Number(process.env.BENCH_WS_USERS ?? 10_000);
const EDITS = Number(process.env.BENCH_EDITS ?? 500);
const RESULTS = process.env.BENCH_SCALE_JSON ?? "bench-results/scale.json";

async function directoryOf(users: number): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), "scimulator-bench-scale-"));
  const sim = await createSimulator({ dataDir, seed: false, uiDir: null });
  for (let i = 0; i < users; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, users - i) }, (_, j) =>
        sim.directory.createUser({
          userName: `scale.${i + j}@example.com`,
          givenName: "Scale",
          familyName: `User ${i + j}`,
          email: `scale.${i + j}@example.com`,
        }),
      ),
    );
  }
  await sim.close();
  return dataDir;
}

/** A manual rfc target pointed at the stub, so a sync is the only thing that sends to it. */
const stubTarget = (url: string, baseUrl: string) =>
  api<Target>(`${url}/api/targets`, "POST", {
    name: "stub",
    baseUrl,
    auth: { type: "bearer", token: "bench-token" },
    profile: "rfc",
    mode: "manual",
  });

const cycleEnded = async (url: string, targetId: string, cause: string): Promise<CycleRecord> => {
  for (;;) {
    const history = await api<CycleRecord[]>(`${url}/api/targets/${targetId}/cycles`, "GET");
    const found = history.find((c) => c.cause === cause && c.endedAt);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/**
 * The memory a quiet server holds. A cycle's end collects the heap it grew, and the pages go back to the system a
 * moment later; without that, V8's memory reducer returns them once the process has been idle for half a minute.
 * Read every second until under 300 MB, or for a minute: [MB, seconds after the first reading].
 */
async function settledRss(server: ServerProcess, first: number): Promise<[number, number]> {
  const from = performance.now();
  let mb = first;
  while (mb >= 300 && performance.now() - from < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    mb = await server.rssMb();
  }
  return [mb, (performance.now() - from) / 1000];
}

/** A bare keep-alive request to the stub: the floor under any edit-to-wire figure. */
function bareRoundTrip(agent: Agent, baseUrl: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/Users/x`, { method: "PATCH", agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(performance.now() - t));
    });
    req.on("error", reject);
    req.end('{"Operations":[]}');
  });
}

async function atSize(
  users: number,
  empty: { startMs: number; rssMb: number },
): Promise<Record<string, number>> {
  const wire = new Map<string, number>();
  const stub = await startScimStub(0, {
    onRequest: (method, _path, body) => {
      const mark = /"(edit-\d+)"/.exec(body)?.[1];
      if ((method === "PATCH" || method === "PUT") && mark) wire.set(mark, performance.now());
    },
  });
  const dataDir = await directoryOf(users);
  let server = await startServerProcess(dataDir);
  const rssStartMb = await server.rssMb();
  const row: Record<string, number> = { users, startMs: server.startMs, rssStartMb };
  [row.rssStartSettledMb, row.rssStartSettleSec] = await settledRss(server, rssStartMb);
  const target = await stubTarget(server.url, stub.baseUrl);
  const t0 = performance.now();
  const record = await api<CycleRecord>(`${server.url}/api/targets/${target.id}/sync`, "POST");
  row.syncUsersPerSec = record.created / ((performance.now() - t0) / 1000);
  row.rssSyncedMb = await server.rssMb();
  [row.rssSettledMb, row.rssSettleSec] = await settledRss(server, row.rssSyncedMb);
  await api(`${server.url}/api/targets/${target.id}`, "PATCH", { mode: "on-edit" });
  row.convergeNothingMs = (await cycleEnded(server.url, target.id, "target.changed")).durationMs;

  // 50 edits a second, each marked, timed from the PATCH sent to the stub receiving it.
  const list = await api<{ Resources?: User[] } | User[]>(
    `${server.url}/api/users?startIndex=1&count=${EDITS}`,
    "GET",
  );
  const ids = (Array.isArray(list) ? list : (list.Resources ?? [])).map((u) => u.id);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const bare: number[] = [];
  for (let i = 0; i < 200; i++) bare.push(await bareRoundTrip(agent, stub.baseUrl));
  agent.destroy();
  const diskBefore = await server.diskBytes();
  const sent = new Map<string, number>();
  const apiMs: number[] = [];
  const begin = performance.now();
  await Promise.all(
    ids.map(async (id, i) => {
      const due = begin + i * 20;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const mark = `edit-${i}`;
      const t = performance.now();
      sent.set(mark, t);
      await api(`${server.url}/api/users/${id}`, "PATCH", { title: mark });
      apiMs.push(performance.now() - t);
    }),
  );
  while (wire.size < ids.length) await new Promise((resolve) => setTimeout(resolve, 25));
  row.diskBytesPerEdit = ((await server.diskBytes()) - diskBefore) / ids.length;
  const wireMs = [...sent].map(([mark, t]) => (wire.get(mark) ?? Number.NaN) - t);
  Object.assign(row, {
    editToWireP50: percentile(wireMs, 50),
    editToWireP99: percentile(wireMs, 99),
    apiPatchP99: percentile(apiMs, 99),
    bareRoundTripP99: percentile(bare, 99),
  });

  // A restart with nothing to send: health must answer while the start-up cycle runs.
  await server.stop();
  server = await startServerProcess(dataDir);
  row.restartMs = server.startMs;
  let slowest = 0;
  let cycle: CycleRecord | null = null;
  const watching = cycleEnded(server.url, target.id, "startup").then((c) => {
    cycle = c;
  });
  while (!cycle) {
    const t = performance.now();
    await fetch(`${server.url}/api/health`);
    slowest = Math.max(slowest, performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await watching;
  row.startupCycleMs = (cycle as CycleRecord).durationMs;
  row.healthSlowestMs = slowest;
  row.rssRestartedMb = await server.rssMb();
  [row.rssRestartSettledMb, row.rssRestartSettleSec] = await settledRss(server, row.rssRestartedMb);
  await server.stop();
  await stub.close();
  await rm(dataDir, { recursive: true, force: true });
  return { ...row, emptyStartMs: empty.startMs, emptyRssMb: empty.rssMb } as Record<string, number>;
}

/** 20 clients on /ws while a sync provisions WS_USERS users: every exchange reaches every client, or a lag notice. */
async function liveClients() {
  const stub = await startScimStub();
  const dataDir = await directoryOf(WS_USERS);
  const server = await startServerProcess(dataDir);
  const clients = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const ws = new WebSocket(`${server.url.replace("http", "ws")}/ws`, { headers: { origin: server.url } });
      const seen = { exchanges: 0, missed: 0, lags: [] as number[] };
      ws.on("message", (data: Buffer) => {
        const m = JSON.parse(data.toString()) as {
          type: string;
          missed?: number;
          exchange?: { at: string; durationMs: number };
        };
        if (m.type === "lagged") seen.missed += m.missed ?? 0;
        if (m.type === "exchange" && m.exchange) {
          seen.exchanges++;
          seen.lags.push(Date.now() - Date.parse(m.exchange.at) - m.exchange.durationMs);
        }
      });
      await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
      return { ws, seen };
    }),
  );
  const target = await stubTarget(server.url, stub.baseUrl);
  await api(`${server.url}/api/targets/${target.id}/sync`, "POST");
  const sent = stub.requests();
  const complete = () => clients.every((c) => c.seen.exchanges + c.seen.missed >= sent);
  for (let i = 0; i < 400 && !complete(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  const lags = clients.flatMap((c) => c.seen.lags);
  const result = {
    users: WS_USERS,
    clients: clients.length,
    exchanges: sent,
    lost: clients.reduce((n, c) => n + Math.max(0, sent - c.seen.exchanges - c.seen.missed), 0),
    laggedNotices: clients.reduce((n, c) => n + c.seen.missed, 0),
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
  };
  for (const c of clients) c.ws.close();
  await server.stop();
  await stub.close();
  await rm(dataDir, { recursive: true, force: true });
  return result;
}

const emptyDir = await mkdtemp(join(tmpdir(), "scimulator-bench-empty-"));
const emptyServer = await startServerProcess(emptyDir);
const empty = { startMs: emptyServer.startMs, rssMb: await emptyServer.rssMb() };
await emptyServer.stop();
await rm(emptyDir, { recursive: true, force: true });

const rows = [];
for (const users of SIZES) rows.push(await atSize(users, empty));
const live = await liveClients();

const f = (n: number | undefined, d = 0) => (n ?? Number.NaN).toFixed(d);
console.log(
  "the server in its own process (baseline: the same server on an empty directory, and a bare request)",
);
for (const r of rows) {
  console.log(`  ${r.users} users:`);
  console.log(
    `    start to /api/health ${f(r.startMs)} ms (empty directory ${f(r.emptyStartMs)} ms); RSS after start ${f(r.rssStartMb)} MB, ${f(r.rssStartSettledMb)} MB once idle (${f(r.rssStartSettleSec)} s) (empty ${f(r.emptyRssMb)} MB)`,
  );
  console.log(
    `    full sync ${f(r.syncUsersPerSec)} users/s; RSS after it ${f(r.rssSyncedMb)} MB, ${f(r.rssSettledMb)} MB once idle (${f(r.rssSettleSec)} s); converging with nothing to send ${f(r.convergeNothingMs)} ms`,
  );
  console.log(
    `    edit to wire at 50/s: p50 ${f(r.editToWireP50, 1)} ms, p99 ${f(r.editToWireP99, 1)} ms (bare keep-alive request p99 ${f(r.bareRoundTripP99, 1)} ms); durable PATCH p99 ${f(r.apiPatchP99, 1)} ms`,
  );
  console.log(`    disk bytes per single-user edit ${f(r.diskBytesPerEdit)} B`);
  console.log(
    `    restart with nothing to send: to /api/health ${f(r.restartMs)} ms, start-up cycle ${f(r.startupCycleMs)} ms, slowest health answer meanwhile ${f(r.healthSlowestMs, 1)} ms; RSS ${f(r.rssRestartedMb)} MB, ${f(r.rssRestartSettledMb)} MB once idle (${f(r.rssRestartSettleSec)} s)`,
  );
}
const [small, large] = [rows[0], rows.at(-1)];
if (small && large && small !== large)
  console.log(
    `  disk bytes per edit at ${large.users} are ${f((large.diskBytesPerEdit ?? 0) / (small.diskBytesPerEdit ?? 1), 2)}× those at ${small.users}`,
  );
console.log(
  `  ${live.clients} /ws clients over a ${live.users}-user sync: ${live.exchanges} exchanges each, ${live.lost} lost, ${live.laggedNotices} reported as lagged, lag p50 ${f(live.lagP50)} ms, p99 ${f(live.lagP99)} ms`,
);
await mkdir(dirname(RESULTS), { recursive: true });
await writeFile(
  RESULTS,
  `${JSON.stringify({ bench: "scale", at: new Date().toISOString(), node: process.version, empty, rows, live }, null, 2)}\n`,
);
console.log(`  results: ${RESULTS}`);

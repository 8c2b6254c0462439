import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CycleRecord, Exchange, Target, User } from "../server/protocol";
import { startChildServer } from "./support/child-server";
import { type Running, start, tempDataDir } from "./support/simulator";

let child: ChildProcess | undefined;
let peer: Running | undefined;
afterEach(async () => {
  child?.kill("SIGKILL");
  await peer?.stop(true);
  child = peer = undefined;
});

async function startChild(dataDir: string): Promise<string> {
  const started = await startChildServer(dataDir);
  child = started.proc;
  return started.url;
}

async function post<T>(url: string, body: object): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** A manual target on the peer's embedded org: it outlives the crash of the server that pushes to it. */
const survivorTarget = (url: string, org: Running) =>
  post<Target>(`${url}/api/targets`, {
    name: "survivor",
    baseUrl: `${org.url}/target/scim/v2`,
    auth: { type: "bearer", token: org.sim.org.token },
    profile: "rfc",
    mode: "manual",
  });

describe("a crash in the middle of a cycle", () => {
  it("resumes after a restart with nothing lost and no account created twice", async () => {
    // The target outlives the crash: a second SCIMulator's embedded org, slowed down so the kill lands mid-cycle.
    peer = await start();
    await peer.api("POST", "/target-org/faults", { latencyMs: 60, method: "POST" });
    const dataDir = await tempDataDir();
    let url = await startChild(dataDir);
    const people: User[] = [];
    for (let i = 0; i < 20; i++) {
      people.push(
        await post<User>(`${url}/api/users`, {
          userName: `crash.${i}@example.com`,
          givenName: "Crash",
          familyName: `Test ${i}`,
        }),
      );
    }
    const target = await survivorTarget(url, peer);
    void fetch(`${url}/api/targets/${target.id}/sync`, { method: "POST" }).catch(() => undefined);
    const count = async () =>
      (await peer?.scim<{ totalResults: number }>("GET", "/Users?count=0"))?.body.totalResults ?? 0;
    await vi.waitFor(async () => expect(await count()).toBeGreaterThanOrEqual(4), {
      timeout: 10_000,
      interval: 20,
    });
    child?.kill("SIGKILL");
    await new Promise((resolve) => child?.once("exit", resolve));
    const atCrash = await count();
    expect(atCrash).toBeLessThan(20);

    const restartedAt = new Date().toISOString();
    url = await startChild(dataDir);
    await vi.waitFor(async () => expect(await count()).toBe(20), { timeout: 20_000, interval: 50 });
    const names = (
      await peer.scim<{ Resources: Array<{ userName: string }> }>("GET", "/Users?count=100")
    ).body.Resources.map((u) => u.userName);
    expect(names.sort()).toEqual(people.map((p) => p.userName).sort());
    // POSTs cut off by the kill never reached the org, so they go again; those the org had already taken are
    // found by the probe and linked. Either way, after the restart only missing people are created, and none
    // is posted into a 409. A POST the org was still answering when the sender died may land after `atCrash`
    // was read, so the count after the restart is at most, not exactly, what was missing then.
    const after = (await fetch(`${url}/api/log`).then((r) => r.json() as Promise<Exchange[]>)).filter(
      (e) => e.at >= restartedAt && e.request.method === "POST",
    );
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThanOrEqual(20 - atCrash);
    expect(after.map((e) => e.response?.status)).toEqual(Array(after.length).fill(201));
    // The cut-off cycle left its mark, so the start ran it again: the links told it who was already there.
    const cycles = async () =>
      (await fetch(`${url}/api/targets/${target.id}/cycles`).then((r) => r.json())) as CycleRecord[];
    await vi.waitFor(async () => expect(await cycles()).toHaveLength(1), { timeout: 10_000 });
    const [resumed] = await cycles();
    expect(resumed).toMatchObject({ kind: "full", cause: "resume", users: 20, failed: 0 });
    expect((resumed?.created ?? 0) + (resumed?.linked ?? 0) + (resumed?.unchanged ?? 0)).toBe(20);
    // Read again now that the cycle has ended: the org counted the last few POSTs before their answers came back.
    const posted = (await fetch(`${url}/api/log`).then((r) => r.json() as Promise<Exchange[]>)).filter(
      (e) => e.at >= restartedAt && e.request.method === "POST",
    );
    expect(resumed?.created).toBe(posted.length);
    const outbox = await fetch(`${url}/api/targets/${target.id}`).then(
      (r) => r.json() as Promise<{ health: { state: string } }>,
    );
    expect(outbox.health.state).toBe("healthy");
  });

  it("still sends a follow-up that a crash cut off, which running the cycle again would not find", async () => {
    peer = await start();
    const dataDir = await tempDataDir();
    let url = await startChild(dataDir);
    const manager = await post<User>(`${url}/api/users`, {
      userName: "boss@example.com",
      givenName: "Boss",
      familyName: "Person",
    });
    const report = await post<User>(`${url}/api/users`, {
      userName: "report@example.com",
      givenName: "Report",
      familyName: "Person",
      managerId: manager.id,
    });
    const target = await survivorTarget(url, peer);
    // The manager's create fails (three 503s, every attempt), so the report goes without a manager.
    await peer.api("POST", "/target-org/faults", { status: 503, count: 3, method: "POST" });
    const first = await post<CycleRecord>(`${url}/api/targets/${target.id}/sync`, { kind: "full" });
    expect(first).toMatchObject({ created: 1, failed: 1 });
    await peer.api("DELETE", "/target-org/faults");
    // The next incremental cycle creates the manager; the report's follow-up that names them never gets an answer.
    await peer.api("POST", "/target-org/faults", { hang: true, method: "PATCH" });
    void fetch(`${url}/api/targets/${target.id}/sync`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "incremental" }),
    }).catch(() => undefined);
    await vi.waitFor(
      async () => {
        const faults = (await peer?.api<Array<{ fired: number }>>("GET", "/target-org/faults"))?.body;
        expect(faults?.[0]?.fired).toBe(1);
      },
      { timeout: 10_000, interval: 20 },
    );
    child?.kill("SIGKILL");
    await new Promise((resolve) => child?.once("exit", resolve));
    await peer.api("DELETE", "/target-org/faults");

    url = await startChild(dataDir);
    const onOrg = async (userName: string) =>
      (
        await peer?.scim<{ Resources: Array<Record<string, unknown> & { id: string }> }>(
          "GET",
          `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
        )
      )?.body.Resources[0];
    const boss = await onOrg(manager.userName);
    const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    await vi.waitFor(
      async () => {
        const pushed = (await onOrg(report.userName))?.[enterprise] as { manager?: { value?: string } };
        expect(pushed?.manager?.value).toBe(boss?.id);
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});

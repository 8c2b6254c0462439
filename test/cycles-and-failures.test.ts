import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiError, CycleRecord, Exchange, Target, TargetView, User } from "../server/protocol";
import {
  createUser,
  embeddedTarget,
  exchangesOf,
  listen,
  pathOf,
  type Running,
  start,
} from "./support/simulator";

type List = {
  totalResults: number;
  Resources: Array<{ id: string; userName: string; title?: string; active: boolean }>;
};

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const orgUsers = async (r: Running) => (await r.scim<List>("GET", "/Users?count=1000")).body;
const sync = (r: Running, id: string, body?: object) =>
  r.api<CycleRecord>("POST", `/targets/${id}/sync`, body);

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

describe("cycles", () => {
  it("runs a full cycle, then an incremental one that looks only at what changed", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    const users = [await createUser(run), await createUser(run), await createUser(run)];
    const full = await sync(run, target.id, { kind: "incremental" });
    // No watermark yet, so the first incremental request is the initial full cycle, as in Entra.
    expect(full.body).toMatchObject({ kind: "full", users: 3, created: 3 });
    await run.api("PATCH", `/users/${users[1]?.id}`, { title: "Changed" });
    const incremental = await sync(run, target.id, { kind: "incremental" });
    expect(incremental.body).toMatchObject({ kind: "incremental", users: 1, updated: 1 });
    const history = (await run.api<CycleRecord[]>("GET", `/targets/${target.id}/cycles`)).body;
    expect(history.map((c) => c.kind)).toEqual(["full", "incremental"]);
  });

  it("reports drift on reconcile (missing, unknown, different) and fixes it on request", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    const [gone, changed] = [await createUser(run), await createUser(run, { title: "Engineer" })];
    await sync(run, target.id);
    const remote = (await orgUsers(run)).Resources;
    const goneRemote = remote.find((u) => u.userName === gone?.userName);
    const changedRemote = remote.find((u) => u.userName === changed?.userName);
    await run.scim("DELETE", `/Users/${goneRemote?.id}`);
    await run.scim("PATCH", `/Users/${changedRemote?.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "title", value: "Hacker" }],
    });
    await run.scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "stranger@example.com",
    });

    const report = (await sync(run, target.id, { kind: "reconcile" })).body.drift;
    expect(report?.missing).toEqual([expect.objectContaining({ userId: gone?.id, name: gone?.userName })]);
    expect(report?.unknown).toEqual([
      expect.objectContaining({ name: "stranger@example.com", resourceType: "User" }),
    ]);
    expect(report?.different).toEqual([
      expect.objectContaining({
        userId: changed?.id,
        fields: [{ field: "title", directory: "Engineer", target: "Hacker" }],
      }),
    ]);
    const reads = exchangesOf(run, target.id).filter((e) => e.cause.type === "reconcile");
    expect(reads.map((e) => new URL(e.request.url).search)).toContain("?startIndex=1&count=100");

    const fixed = (await sync(run, target.id, { kind: "reconcile", fix: true })).body;
    expect(fixed.drift?.fixed).toBe(true);
    expect(fixed).toMatchObject({ created: 1, updated: 1 });
    const after = (await sync(run, target.id, { kind: "reconcile" })).body.drift;
    expect(after).toMatchObject({ missing: [], different: [] });
  });

  it("fixes group drift with only the missing members, adopts a same-named group, and leaves an intact one alone", async () => {
    run = await start();
    const r = run;
    const target = await embeddedTarget(run, { mode: "manual", profile: "okta" });
    const [ann, ben, cat] = [await createUser(r), await createUser(r), await createUser(r)];
    const group = async (displayName: string, members: string[]) =>
      (await r.api<{ id: string }>("POST", "/groups", { displayName, members })).body;
    await group("Ops", [ann.id, ben.id]);
    await group("Quiet", [ann.id]);
    await sync(run, target.id);
    const remoteId = async (userName: string) =>
      (await orgUsers(r)).Resources.find((u) => u.userName === userName)?.id ?? "";
    const [annRemote, benRemote, catRemote] = [
      await remoteId(ann.userName),
      await remoteId(ben.userName),
      await remoteId(cat.userName),
    ];
    type Groups = { Resources: Array<{ id: string; displayName: string }> };
    const orgGroup = async (name: string) =>
      (await r.scim<Groups>("GET", "/Groups")).body.Resources.find((g) => g.displayName === name)?.id ?? "";
    const ops = await orgGroup("Ops");
    await run.scim("PATCH", `/Groups/${ops}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "remove", path: `members[value eq "${benRemote}"]` }],
    });
    const design = await run.scim<{ id: string }>("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Design",
      members: [{ value: catRemote }],
    });
    await group("Design", [cat.id, ann.id]);

    const report = (await sync(run, target.id, { kind: "reconcile" })).body.drift;
    expect(report?.unknown).toEqual([expect.objectContaining({ name: "Design", resourceType: "Group" })]);
    const before = exchangesOf(run, target.id).length;
    const fixed = (await sync(run, target.id, { kind: "reconcile", fix: true })).body;
    expect(fixed.errors).toEqual([]);
    const writes = exchangesOf(run, target.id)
      .slice(before)
      .filter((e) => e.request.method !== "GET");
    const memberValues = (e: Exchange) =>
      (
        (e.request.body as { Operations: Array<{ op: string; path?: string; value?: unknown }> })
          .Operations ?? []
      )
        .filter((o) => o.path === "members")
        .flatMap((o) => (o.value as Array<{ value: string }>).map((m) => `${o.op} ${m.value}`));
    expect(writes.map((e) => `${e.request.method} ${pathOf(e)}`).sort()).toEqual(
      [`PATCH /Groups/${ops}`, `PATCH /Groups/${design.body.id}`].sort(),
    );
    expect(memberValues(writes.find((e) => pathOf(e) === `/Groups/${ops}`) as Exchange)).toEqual([
      `add ${benRemote}`,
    ]);
    expect(memberValues(writes.find((e) => pathOf(e) === `/Groups/${design.body.id}`) as Exchange)).toEqual([
      `add ${annRemote}`,
    ]);
    const after = (await sync(run, target.id, { kind: "reconcile" })).body.drift;
    expect(after).toMatchObject({ missing: [], unknown: [], different: [] });
  });

  it("drops a queued cycle quietly when its target is deleted before it starts", async () => {
    run = await start();
    for (let i = 0; i < 30; i++) await createUser(run);
    const target = await embeddedTarget(run, { mode: "on-edit" });
    // The rename queues a second cycle behind the first; the target is gone before it can begin.
    await run.api("PATCH", `/targets/${target.id}`, { name: "renamed" });
    expect((await run.api("DELETE", `/targets/${target.id}`)).status).toBe(204);
    await run.sim.provisioner.idle();
    // A rejected cycle nobody waited for would surface here as an unhandled rejection and fail the run.
    expect((await run.api("GET", "/health")).status).toBe(200);
    expect((await run.api<Target[]>("GET", "/targets")).body).toEqual([]);
  });

  it("lists what the next cycle would send without sending anything", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual", profile: "okta" });
    const user = await createUser(run);
    const before = run.sim.log.list().length;
    const preview = await run.api<
      Array<{ userId: string; operation: string; exchanges: Exchange["request"][] }>
    >("GET", `/targets/${target.id}/preview?kind=full`);
    expect(preview.body).toEqual([
      expect.objectContaining({
        userId: user.id,
        operation: "create",
        exchanges: [expect.objectContaining({ method: "GET" }), expect.objectContaining({ method: "POST" })],
      }),
    ]);
    expect(JSON.stringify(preview.body)).toContain("startIndex=1&count=100");
    expect(run.sim.log.list()).toHaveLength(before);
    expect((await orgUsers(run)).totalResults).toBe(0);
    const badKind = await run.api<ApiError>("GET", `/targets/${target.id}/preview?kind=sometimes`);
    expect(badKind.status).toBe(400);
    expect(badKind.body.details).toEqual([{ path: "kind", message: "must be full or incremental" }]);
  });
});

describe("failure handling", () => {
  it("waits for Retry-After on a 429, pacing the target, then succeeds", async () => {
    run = await start({ timeScale: 10 });
    const target = await embeddedTarget(run, { mode: "manual" });
    await run.api("POST", "/target-org/faults", { status: 429, retryAfterSeconds: 3, count: 1 });
    await createUser(run);
    const cycle = await sync(run, target.id);
    expect(cycle.body).toMatchObject({ created: 1, failed: 0 });
    const log = exchangesOf(run, target.id);
    expect(log.map((e) => e.response?.status)).toEqual([429, 200, 201]);
    const [throttled, retried] = log as [Exchange, Exchange];
    expect(throttled.response?.headers["retry-after"]).toBe("3");
    // 3 simulated seconds at scale 10 is 300 ms of real time.
    expect(
      Date.parse(retried.simulatedAt ?? "") - Date.parse(throttled.simulatedAt ?? ""),
    ).toBeGreaterThanOrEqual(3000);
    expect(Date.parse(retried.at) - Date.parse(throttled.at)).toBeGreaterThanOrEqual(250);
    const faults = (await run.api<Array<{ fired: number }>>("GET", "/target-org/faults")).body;
    expect(faults[0]?.fired).toBe(1);
  });

  it("reports a target paused by a 429 as retrying until Retry-After has passed, and announces both changes", async () => {
    run = await start({ timeScale: 10 });
    const target = await embeddedTarget(run, { mode: "manual" });
    await run.api("POST", "/target-org/faults", { status: 429, retryAfterSeconds: 20, count: 1 });
    await createUser(run);
    const ws = await listen(run.url);
    const health = async () =>
      (await (run as Running).api<TargetView>("GET", `/targets/${target.id}`)).body.health;
    const cycle = sync(run, target.id);
    await vi.waitFor(async () =>
      expect(await health()).toMatchObject({
        state: "retrying",
        reason: expect.stringMatching(/^HTTP 429: paused until \S+ as Retry-After asks$/),
      }),
    );
    expect((await cycle).body).toMatchObject({ created: 1, failed: 0 });
    expect(await health()).toEqual({ state: "healthy" });
    await vi.waitFor(() =>
      expect(ws.messages.filter((m) => m.type === "targets.changed").length).toBeGreaterThanOrEqual(2),
    );
    ws.close();
  });

  it("fails a 429 at once and retries it in the next cycle when the target asks for the old Entra behaviour", async () => {
    run = await start();
    const target = await embeddedTarget(run, {
      profile: "entra-scim062020",
      mode: "manual",
      options: { on429: "next-cycle" },
    });
    await run.api("POST", "/target-org/faults", {
      status: 429,
      retryAfterSeconds: 600,
      count: 1,
      method: "POST",
    });
    await createUser(run);
    const first = await sync(run, target.id);
    expect(first.body).toMatchObject({ created: 0, failed: 1 });
    expect(first.body.errors[0]?.error).toContain("HTTP 429");
    const posts = exchangesOf(run, target.id).filter((e) => e.request.method === "POST");
    expect(posts.map((e) => e.response?.status)).toEqual([429]);
    const next = await sync(run, target.id, { kind: "incremental" });
    expect(next.body).toMatchObject({ created: 1, failed: 0 });
  });

  it("retries a burst of 503s with backoff and ends with the user provisioned", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    await run.api("POST", "/target-org/faults", { status: 503, count: 2 });
    await createUser(run);
    expect((await sync(run, target.id)).body).toMatchObject({ created: 1, failed: 0 });
    expect(exchangesOf(run, target.id).map((e) => e.response?.status)).toEqual([503, 503, 200, 201]);
  });

  it("keeps edits made while the target is down and delivers them when it is back", async () => {
    run = await start({ timeScale: 20 });
    const target = await embeddedTarget(run);
    await run.api("POST", "/target-org/faults", { drop: true });
    const users = [await createUser(run), await createUser(run)];
    await run.api("PATCH", `/users/${users[0]?.id}`, { title: "Offline edit" });
    await vi.waitFor(async () => {
      const t = (
        await run?.api<Target & { health: { state: string; reason?: string } }>(
          "GET",
          `/targets/${target.id}`,
        )
      )?.body;
      // Both people's work has failed at least once, so only the retry loop can deliver it.
      expect(t?.health).toMatchObject({
        state: "retrying",
        reason: expect.stringContaining("no response"),
        pending: 2,
      });
    });
    await run.api("DELETE", "/target-org/faults");
    await vi.waitFor(
      async () => {
        const remote = (await orgUsers(run as Running)).Resources;
        expect(remote.map((u) => u.userName).sort()).toEqual(users.map((u) => u?.userName).sort());
        expect(remote.find((u) => u.userName === users[0]?.userName)?.title).toBe("Offline edit");
      },
      { timeout: 10_000 },
    );
    await vi.waitFor(async () => {
      const t = (await run?.api<{ health: { state: string } }>("GET", `/targets/${target.id}`))?.body;
      expect(t?.health.state).toBe("healthy");
    });
    expect(exchangesOf(run, target.id).some((e) => e.cause.type.startsWith("retry:"))).toBe(true);
  });

  it("quarantines an Entra target when most calls fail and releases it on restart", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "entra", mode: "manual" });
    for (let i = 0; i < 6; i++) await createUser(run);
    await run.api("POST", "/target-org/faults", { status: 500 });
    const failed = await sync(run, target.id);
    expect(failed.body).toMatchObject({ failed: 6, quarantined: true });
    const quarantined = (
      await run.api<{ health: { state: string; reason: string } }>("GET", `/targets/${target.id}`)
    ).body;
    expect(quarantined.health).toMatchObject({
      state: "quarantined",
      reason: expect.stringContaining("6 of 6 operations failed"),
    });

    await run.api("DELETE", "/target-org/faults");
    const restarted = await run.api<CycleRecord>("POST", `/targets/${target.id}/restart`);
    expect(restarted.body).toMatchObject({ created: 6, failed: 0, quarantined: false });
    expect(
      (await run.api<{ health: { state: string } }>("GET", `/targets/${target.id}`)).body.health.state,
    ).toBe("healthy");
  });

  it("times out a hanging target after the target's timeout and records why", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual", timeoutMs: 300 });
    await run.api("POST", "/target-org/faults", { hang: true, count: 3 });
    await createUser(run);
    const cycle = await sync(run, target.id);
    expect(cycle.body.failed).toBe(1);
    const first = exchangesOf(run, target.id)[0];
    expect(first?.response).toBeNull();
    expect(first?.error).toBe("No response within 300 ms (the target's timeout)");
  });

  it("lets reads that only watch the org pass a fault by, so the fault is spent on provisioning", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    await run.api("POST", "/target-org/faults", { status: 500, count: 1 });
    const watched = await fetch(`${run.url}/target/scim/v2/Users`, {
      headers: { authorization: `Bearer ${run.sim.org.token}`, "x-scimulator-observer": "ui" },
    });
    expect(watched.status).toBe(200);
    expect((await run.api<Array<{ fired: number }>>("GET", "/target-org/faults")).body[0]?.fired).toBe(0);
    await createUser(run);
    await sync(run, target.id);
    expect(exchangesOf(run, target.id)[0]?.response?.status).toBe(500);
  });

  it("refuses a fault that does nothing or mixes count and rate", async () => {
    run = await start();
    const empty = await run.api<ApiError>("POST", "/target-org/faults", { count: 2 });
    expect(empty.status).toBe(400);
    expect(empty.body.details).toEqual([
      { path: "status", message: "needs one of status, latencyMs, hang or drop" },
    ]);
    const both = await run.api<ApiError>("POST", "/target-org/faults", { status: 500, count: 1, rate: 0.5 });
    expect(both.body.details).toEqual([
      { path: "rate", message: "count and rate cannot be combined; pick one" },
    ]);
    const bad = await run.api<ApiError>("POST", "/target-org/faults", { status: 418 });
    expect(bad.body.details).toEqual([{ path: "status", message: "must be one of 429, 500, 503, 401, 409" }]);
  });
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

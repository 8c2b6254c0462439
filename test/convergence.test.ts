import { afterEach, describe, expect, it, vi } from "vitest";
import type { Target, TargetHealth, TargetView } from "../server/protocol";
import { emptyList, startRecordingTarget } from "./support/recording-target";
import { createUser, embeddedTarget, exchangesOf, type Running, start } from "./support/simulator";

let run: Running | undefined;
let stub: Awaited<ReturnType<typeof startRecordingTarget>> | undefined;
afterEach(async () => {
  await run?.stop(true);
  await stub?.close();
  run = stub = undefined;
});

const healthOf = async (r: Running, id: string): Promise<TargetHealth> =>
  (await r.api<TargetView>("GET", `/targets/${id}`)).body.health;

const stubTarget = (r: Running, baseUrl: string, token = "right-token-1234") =>
  r.api<Target>("POST", "/targets", {
    name: "stub",
    baseUrl,
    auth: { type: "bearer", token },
    profile: "rfc",
    mode: "on-edit",
  });

describe("a permanent 4xx", () => {
  it("ends the operation as failed, with the response in the log and the health, instead of waiting in the outbox", async () => {
    stub = await startRecordingTarget((req) =>
      req.method === "GET"
        ? { status: 200, body: emptyList }
        : {
            status: 400,
            body: {
              schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
              status: "400",
              scimType: "invalidValue",
              detail: "userName must be an email address of this tenant",
            },
          },
    );
    run = await start();
    const target = (await stubTarget(run, stub.baseUrl)).body;
    await createUser(run);
    await vi.waitFor(async () => expect((await healthOf(run as Running, target.id)).state).toBe("failing"));
    await run.sim.provisioner.idle();
    expect(await healthOf(run, target.id)).toEqual({
      state: "failing",
      reason: expect.stringMatching(
        /^1 operation failed for good \(HTTP 400\); latest: .*userName must be an email/,
      ),
      pending: 0,
      failed: 1,
    });
    const posts = exchangesOf(run, target.id).filter((e) => e.request.method === "POST");
    expect(posts.map((e) => e.response?.status)).toEqual([400]);
    expect(posts[0]?.response?.body).toMatchObject({ scimType: "invalidValue" });
    // Nothing is left to retry: a day later the POST has still been sent once.
    await run.api("PATCH", "/clock", { advanceMs: 24 * 3600_000 });
    await run.sim.provisioner.idle();
    expect(stub.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});

describe("a 401 from the target", () => {
  it("stops retries for that target, says to check the token, and converges once the token is fixed", async () => {
    stub = await startRecordingTarget((req) =>
      req.headers.authorization === "Bearer right-token-1234"
        ? req.method === "GET"
          ? { status: 200, body: emptyList }
          : { status: 201, body: { ...(req.body as object), id: `remote-${stub?.requests.length}` } }
        : { status: 401, body: { detail: "invalid token" } },
    );
    run = await start();
    const target = (await stubTarget(run, stub.baseUrl, "wrong-token-5678")).body;
    await createUser(run);
    await createUser(run);
    await vi.waitFor(async () => expect((await healthOf(run as Running, target.id)).state).toBe("failing"));
    await run.sim.provisioner.idle();
    const health = await healthOf(run, target.id);
    expect(health).toMatchObject({ state: "failing", pending: 2 });
    expect(health.state === "failing" && health.reason).toMatch(/^401 — check the token/);
    const refusedOnce = stub.requests.length;
    // Each user was tried once; an hour of simulated time (a dozen sweeps) adds no retry.
    expect(refusedOnce).toBe(2);
    await run.api("PATCH", "/clock", { advanceMs: 3600_000 });
    await run.sim.provisioner.idle();
    expect(stub.requests).toHaveLength(refusedOnce);

    await run.api("PATCH", `/targets/${target.id}`, { auth: { type: "bearer", token: "right-token-1234" } });
    await vi.waitFor(() => expect(stub?.requests.filter((r) => r.method === "POST")).toHaveLength(2));
    await run.sim.provisioner.idle();
    expect(await healthOf(run, target.id)).toEqual({ state: "healthy" });
  });
});

describe("an outage of an on-edit target", () => {
  it("converges without a person once the target is back, through the sweep, however long it lasted", async () => {
    // 60× simulated time: the five quick retries take seconds, and a five-minute sweep takes five seconds.
    run = await start({ timeScale: 60 });
    const target = await embeddedTarget(run);
    await run.api("POST", "/target-org/faults", { status: 503 });
    const user = await createUser(run);
    const attempts = () =>
      exchangesOf(run as Running, target.id).filter(
        (e) => e.cause.userId === user.id && e.response?.status === 503,
      );
    // Every quick retry is used up: five runs of the job, three sends each.
    await vi.waitFor(
      async () => {
        const health = await healthOf(run as Running, target.id);
        expect(health.state === "retrying" ? health.attempts : 0).toBeGreaterThanOrEqual(5);
      },
      { timeout: 20_000 },
    );
    expect(attempts().length).toBeGreaterThanOrEqual(15);
    await run.api("DELETE", "/target-org/faults");
    await vi.waitFor(
      async () => {
        const found = await run?.scim<{ totalResults: number }>(
          "GET",
          `/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)}`,
        );
        expect(found?.body.totalResults).toBe(1);
      },
      { timeout: 20_000, interval: 100 },
    );
    // The org answered the POST before its exchange is logged: let the job finish writing its evidence.
    await run.sim.provisioner.idle();
    const landed = exchangesOf(run, target.id).find(
      (e) => e.request.method === "POST" && e.response?.status === 201,
    );
    // Only a sweep could have sent it: the quick retries were spent while the target was down.
    expect(landed?.cause.type, JSON.stringify(exchangesOf(run, target.id).map((e) => e.cause.type))).toBe(
      "sweep:user.created",
    );
    await run.sim.provisioner.idle();
    expect(await healthOf(run, target.id)).toEqual({ state: "healthy" });
  });
});

describe("a member removal the target already applied", () => {
  it("is done, not failed: a noTarget answer to a removal-only PATCH means the member is already gone", async () => {
    run = await start();
    const target = await embeddedTarget(run);
    const user = await createUser(run);
    const group = await run.api<{ id: string }>("POST", "/groups", {
      displayName: "Ops",
      members: [user.id],
    });
    await run.sim.provisioner.idle();
    const remote = await run.scim<{ Resources: Array<{ id: string; members?: unknown[] }> }>(
      "GET",
      "/Groups?filter=displayName%20eq%20%22Ops%22",
    );
    const remoteGroup = remote.body.Resources[0];
    expect(remoteGroup?.members).toHaveLength(1);
    // As after a crash between the target's answer and the link update: the member is gone on the target only.
    await run.scim("PATCH", `/Groups/${remoteGroup?.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "members", value: [] }],
    });
    await run.api("PATCH", `/groups/${group.body.id}`, { members: [] });
    await run.sim.provisioner.idle();
    const patch = exchangesOf(run, target.id)
      .filter((e) => e.request.method === "PATCH")
      .at(-1);
    expect(patch?.response?.status).toBe(400);
    expect(patch?.response?.body).toMatchObject({ scimType: "noTarget" });
    expect(await healthOf(run, target.id)).toEqual({ state: "healthy" });
  });
});

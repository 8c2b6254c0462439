import { afterEach, describe, expect, it, vi } from "vitest";
import type { Target } from "../server/protocol";
import { emptyList, listOf, type Recorded, startRecordingTarget } from "./support/recording-target";
import { createUser, exchangesOf, type Running, start } from "./support/simulator";

let run: Running;
let peer: Awaited<ReturnType<typeof startRecordingTarget>> | undefined;
afterEach(async () => {
  await run?.stop(true);
  await peer?.close();
});

async function targetAt(baseUrl: string, extra: Record<string, unknown> = {}): Promise<Target> {
  const res = await run.api<Target>("POST", "/targets", {
    name: "peer",
    baseUrl,
    auth: { type: "basic", username: "idp", password: "s3cret-password-value" },
    profile: "rfc",
    mode: "on-edit",
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body;
}

const seen = (req: Recorded) => `${req.method} ${req.path}`;

describe("provisioning recovers the way a careful IdP does", () => {
  it("links to the existing account when the POST answers 409 after an empty probe", async () => {
    let probes = 0;
    peer = await startRecordingTarget((req) => {
      if (req.method === "GET")
        return { status: 200, body: probes++ === 0 ? emptyList : listOf([{ id: "remote-7" }]) };
      if (req.method === "POST")
        return { status: 409, body: { status: "409", scimType: "uniqueness", detail: "exists" } };
      if (req.method === "PATCH") return { status: 200, body: { id: "remote-7" } };
    });
    run = await start();
    const target = await targetAt(peer.baseUrl);
    const user = await createUser(run);
    await run.sim.provisioner.idle();
    // The account found holds nothing of the directory's: once linked, it is brought in line.
    expect(peer.requests.map(seen)).toEqual([
      "GET /Users",
      "POST /Users",
      "GET /Users",
      "PATCH /Users/remote-7",
    ]);
    expect(peer.requests.at(-1)?.body).toMatchObject({
      Operations: expect.arrayContaining([
        { op: "replace", path: "userName", value: user.userName },
        { op: "replace", path: "name.familyName", value: user.familyName },
        { op: "add", path: "emails", value: [{ value: user.email, type: "work", primary: true }] },
      ]),
    });

    await run.api("PATCH", `/users/${user.id}`, { title: "Analyst" });
    await run.sim.provisioner.idle();
    expect(peer.requests.at(-1)?.rawUrl).toBe("/scim/Users/remote-7");
    expect(peer.requests.at(-1)?.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "title", value: "Analyst" }],
    });
    expect(exchangesOf(run, target.id)).toHaveLength(5);
  });

  it("re-creates the user when an update answers 404 because the target lost it", async () => {
    let created = 0;
    peer = await startRecordingTarget((req) => {
      if (req.method === "GET") return { status: 200, body: emptyList };
      if (req.method === "POST") return { status: 201, body: { id: `remote-${++created}` } };
      if (req.method === "PATCH" && req.path === "/Users/remote-1")
        return { status: 404, body: { status: "404" } };
      if (req.method === "PATCH") return { status: 200, body: { id: "remote-2" } };
    });
    run = await start();
    await targetAt(peer.baseUrl);
    const user = await createUser(run);
    await run.sim.provisioner.idle();
    await run.api("PATCH", `/users/${user.id}`, { department: "Finance" });
    await run.sim.provisioner.idle();
    expect(peer.requests.map(seen)).toEqual([
      "GET /Users",
      "POST /Users",
      "PATCH /Users/remote-1",
      "GET /Users",
      "POST /Users",
    ]);
    expect(peer.requests.at(-1)?.body).toMatchObject({
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Finance" },
    });
    // The link now points at the new account.
    await run.api("PATCH", `/users/${user.id}`, { department: "People" });
    await run.sim.provisioner.idle();
    expect(seen(peer.requests.at(-1) as Recorded)).toBe("PATCH /Users/remote-2");
  });

  it("retries a 503 with backoff and records every attempt with its cause", async () => {
    let failures = 2;
    peer = await startRecordingTarget((req) => {
      if (req.method === "GET")
        return failures-- > 0 ? { status: 503, body: "busy" } : { status: 200, body: emptyList };
      return { status: 201, body: { id: "r1" } };
    });
    run = await start();
    const target = await targetAt(peer.baseUrl);
    const user = await createUser(run);
    await run.sim.provisioner.idle();
    const log = exchangesOf(run, target.id);
    expect(log.map((e) => e.response?.status)).toEqual([503, 503, 200, 201]);
    expect(log.every((e) => e.cause.type === "user.created" && e.cause.userId === user.id)).toBe(true);
  });

  it("keeps one user's operations in order even when edits arrive faster than the target answers", async () => {
    peer = await startRecordingTarget((req) => {
      if (req.method === "GET") return { status: 200, body: emptyList };
      if (req.method === "POST") return { status: 201, body: { id: "slow-1" } };
      return { status: 200, body: { id: "slow-1" } };
    });
    run = await start();
    await targetAt(peer.baseUrl);
    const user = await createUser(run);
    for (const title of ["One", "Two", "Three", "Four"])
      await run.api("PATCH", `/users/${user.id}`, { title });
    await run.api("PATCH", `/users/${user.id}`, { active: false });
    await run.sim.provisioner.idle();
    const methods = peer.requests.map((r) => r.method);
    expect(methods.slice(0, 2)).toEqual(["GET", "POST"]);
    // Whatever was coalesced, the last thing the target hears about this user is the deactivation, after the title.
    const bodies = peer.requests.slice(2).map((r) => JSON.stringify(r.body));
    expect(bodies.at(-1)).toContain('"path":"active","value":false');
    expect(bodies.join()).toContain('"value":"Four"');
    expect(bodies.join().indexOf('"value":"Four"')).toBeLessThanOrEqual(
      bodies.join().indexOf('"path":"active"'),
    );
  });

  it("shows a failed exchange in the log with the server's error and never sends the basic password in clear", async () => {
    peer = await startRecordingTarget((req) => {
      if (req.method === "GET") return { status: 200, body: emptyList };
      return { status: 400, body: { status: "400", scimType: "invalidValue", detail: "title is too long" } };
    });
    run = await start();
    const target = await targetAt(peer.baseUrl);
    await createUser(run);
    await run.sim.provisioner.idle();
    const post = exchangesOf(run, target.id).find((e) => e.request.method === "POST");
    expect(post?.response).toMatchObject({
      status: 400,
      body: { scimType: "invalidValue", detail: "title is too long" },
    });
    expect(post?.request.headers.authorization).toBe("Basic [redacted]");
    expect(peer.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("idp:s3cret-password-value").toString("base64")}`,
    );
    const logText = JSON.stringify((await run.api("GET", "/log")).body);
    expect(logText).not.toContain("s3cret-password-value");
    expect(logText).not.toContain(Buffer.from("idp:s3cret-password-value").toString("base64"));
    await vi.waitFor(async () =>
      expect((await run.api<unknown[]>("GET", "/log?limit=1")).body).toHaveLength(1),
    );
  });
});

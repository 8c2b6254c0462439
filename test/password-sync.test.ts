import { afterEach, describe, expect, it } from "vitest";
import type { DialectFacts, Exchange, Profile, Target, TargetOptions, User } from "../server/protocol";
import { emptyList, type Recorded, type Reply, startRecordingTarget } from "./support/recording-target";
import { createUser, type Running, start } from "./support/simulator";

// Okta's "Sync Password", held against what arrived at a recording app: the wire carries the password in clear.

let run: Running | undefined;
let app: Awaited<ReturnType<typeof startRecordingTarget>> | undefined;
afterEach(async () => {
  await run?.stop(true);
  await app?.close();
  run = app = undefined;
});

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const FIRST = "Corr3ct-Horse-Battery";
const SECOND = "Tr0ub4dor & 3";

/** An app that stores what it is sent, minus the password (write-only), and adds an attribute of its own. */
function fakeApp() {
  const users = new Map<string, Record<string, unknown>>();
  const withoutPassword = (body: unknown) => {
    const { password: _never, ...rest } = body as Record<string, unknown>;
    return rest;
  };
  const respond = (req: Recorded): Reply => {
    const id = req.path.split("/")[2];
    if (req.method === "GET" && !id) return { status: 200, body: emptyList };
    if (req.method === "POST") {
      const created = { ...withoutPassword(req.body), id: `app-${users.size + 1}`, userType: "Employee" };
      users.set(created.id, created);
      return { status: 201, body: created };
    }
    const current = id ? users.get(id) : undefined;
    if (!id || !current) return { status: 404, body: { detail: "no such user" } };
    if (req.method === "PUT") users.set(id, withoutPassword(req.body));
    return { status: 200, body: users.get(id) };
  };
  return { users, respond };
}

async function setUp(profile: Profile, options: TargetOptions) {
  const fake = fakeApp();
  app = await startRecordingTarget(fake.respond);
  run = await start();
  const target = await run.api<Target>("POST", "/targets", {
    name: `${profile} app`,
    baseUrl: app.baseUrl,
    auth: { type: "bearer", token: "app-token-5e1f0c" },
    profile,
    mode: "on-edit",
    options,
  });
  expect(target.status).toBe(201);
  return { fake, requests: app.requests, r: run };
}

const lines = (requests: Recorded[]) => requests.map((q) => `${q.method} ${q.path}`);
const bodyOf = (requests: Recorded[], method: string) =>
  requests.find((q) => q.method === method)?.body as Record<string, unknown> | undefined;

async function edit(r: Running, user: User, body: object) {
  const res = await r.api<User>("PATCH", `/users/${user.id}`, body);
  expect(res.status).toBe(200);
  await r.sim.provisioner.idle();
  return res.body;
}

describe("okta with Sync Password on", () => {
  it("creates the user with its directory password instead of a random one", async () => {
    const { requests, r } = await setUp("okta", { passwordSync: true });
    await createUser(r, { password: FIRST });
    await r.sim.provisioner.idle();
    expect(lines(requests)).toEqual(["GET /Users", "POST /Users"]);
    expect(bodyOf(requests, "POST")).toMatchObject({ password: FIRST, active: true });
  });

  it("creates a user who has no password with a random one, as Okta does with nothing to sync", async () => {
    const { requests, r } = await setUp("okta", { passwordSync: true });
    await createUser(r);
    await r.sim.provisioner.idle();
    expect(bodyOf(requests, "POST")?.password).toMatch(/^[\w-]{8}$/);
  });

  it("sends a password change alone as one path-less PATCH of the password (OIN)", async () => {
    const { requests, r } = await setUp("okta", { passwordSync: true });
    const user = await createUser(r, { password: FIRST });
    await r.sim.provisioner.idle();
    const from = requests.length;
    const changed = await edit(r, user, { password: SECOND });
    expect(changed.passwordSet).toBe(true);
    const sent = requests.slice(from);
    expect(lines(sent)).toEqual(["PATCH /Users/app-1"]);
    expect(sent[0]?.body).toEqual({
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { password: SECOND } }],
    });
  });

  it("puts the directory password in every PUT (OIN), which a read can never return", async () => {
    const { requests, r } = await setUp("okta", { passwordSync: true });
    const user = await createUser(r, { password: FIRST });
    await r.sim.provisioner.idle();
    const from = requests.length;
    await edit(r, user, { title: "Staff Engineer" });
    const sent = requests.slice(from);
    expect(lines(sent)).toEqual(["GET /Users/app-1", "PUT /Users/app-1"]);
    expect(bodyOf(sent, "PUT")).toMatchObject({ title: "Staff Engineer", password: FIRST });
  });

  it("pushes a new password once: a later edit sends no second password PATCH", async () => {
    const { requests, r } = await setUp("okta", { passwordSync: true });
    const user = await createUser(r, { password: FIRST });
    await r.sim.provisioner.idle();
    await edit(r, user, { password: SECOND });
    const from = requests.length;
    await edit(r, user, { password: SECOND, title: "Lead" });
    await r.api("POST", `/targets/${r.sim.targets.list()[0]?.id}/sync`, { kind: "full" });
    expect(lines(requests.slice(from))).toEqual(["GET /Users/app-1", "PUT /Users/app-1"]);
  });
});

describe("okta-aiw with Sync Password on", () => {
  it("carries the directory password in its PUT of a profile change", async () => {
    const { requests, r } = await setUp("okta-aiw", { passwordSync: true });
    const user = await createUser(r, { password: FIRST });
    await r.sim.provisioner.idle();
    expect(bodyOf(requests, "POST")?.password).toBe(FIRST);
    const from = requests.length;
    await edit(r, user, { department: "Research" });
    const sent = requests.slice(from);
    expect(lines(sent)).toEqual(["GET /Users/app-1", "PUT /Users/app-1"]);
    expect(bodyOf(sent, "PUT")?.password).toBe(FIRST);
  });

  it("sends a password change alone as a GET, then a PUT of the object read with the new password", async () => {
    const { fake, requests, r } = await setUp("okta-aiw", { passwordSync: true });
    const user = await createUser(r, { password: FIRST });
    await r.sim.provisioner.idle();
    const read = structuredClone(fake.users.get("app-1"));
    const from = requests.length;
    await edit(r, user, { password: SECOND });
    const sent = requests.slice(from);
    expect(lines(sent)).toEqual(["GET /Users/app-1", "PUT /Users/app-1"]);
    expect(bodyOf(sent, "PUT")).toEqual({ ...read, password: SECOND });
  });
});

describe("okta with Sync Password off", () => {
  it("creates the user with a random 8-character password, not the directory one, and never sends a change of it", async () => {
    const { requests, r } = await setUp("okta", {});
    const user = await createUser(r, { password: FIRST });
    await r.sim.provisioner.idle();
    const password = bodyOf(requests, "POST")?.password;
    expect(password).toMatch(/^[\w-]{8}$/);
    expect(password).not.toBe(FIRST);
    const from = requests.length;
    expect((await edit(r, user, { password: SECOND })).passwordSet).toBe(true);
    expect(requests.slice(from)).toEqual([]);
    await edit(r, user, { title: "Engineer" });
    expect(JSON.stringify(requests)).not.toContain(SECOND);
  });

  it("pushes the password an account has not been given yet once the option is switched on", async () => {
    const { requests, r } = await setUp("okta", {});
    await createUser(r, { password: FIRST });
    await r.sim.provisioner.idle();
    const from = requests.length;
    const target = r.sim.targets.list()[0] as Target;
    await r.api("PATCH", `/targets/${target.id}`, { options: { passwordSync: true } });
    await r.sim.cycles.runCycle(target.id, { kind: "full", cause: "manual" });
    const sent = requests.slice(from);
    expect(lines(sent)).toEqual(["PATCH /Users/app-1"]);
    expect(sent[0]?.body).toMatchObject({ Operations: [{ op: "replace", value: { password: FIRST } }] });
  });
});

describe("an app that quotes the password back in an error", () => {
  it("has the password redacted in the log, its body and its response alike", async () => {
    app = await startRecordingTarget((req) =>
      req.method === "POST"
        ? { status: 400, body: { detail: `password "${FIRST}" is too weak`, scimType: "invalidValue" } }
        : { status: 200, body: emptyList },
    );
    run = await start();
    await run.api("POST", "/targets", {
      name: "strict app",
      baseUrl: app.baseUrl,
      auth: { type: "bearer", token: "app-token-5e1f0c" },
      profile: "okta",
      options: { passwordSync: true },
    });
    await createUser(run, { password: FIRST });
    await run.sim.provisioner.idle();
    expect(bodyOf(app.requests, "POST")?.password).toBe(FIRST);
    const log = await run.api<Exchange[]>("GET", "/log");
    const post = log.body.find((e) => e.request.method === "POST");
    expect(post?.response?.body).toMatchObject({ detail: 'password "[redacted]" is too weak' });
    expect(JSON.stringify(log.body)).not.toContain(FIRST);
  });
});

describe("passwordSync on other dialects", () => {
  it("is listed for okta and okta-aiw only, and an rfc target with it set sends no password", async () => {
    const { requests, r } = await setUp("rfc", { passwordSync: true });
    const facts = await r.api<DialectFacts[]>("GET", "/dialects");
    const having = facts.body.filter((f) => f.options.includes("passwordSync")).map((f) => f.profile);
    expect(having).toEqual(["okta", "okta-aiw"]);
    const user = await createUser(r, { password: FIRST });
    await r.sim.provisioner.idle();
    await edit(r, user, { password: SECOND });
    expect(lines(requests)).toEqual(["GET /Users", "POST /Users"]);
    expect(JSON.stringify(requests)).not.toMatch(/password/i);
  });
});

import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError, Target, User } from "../server/protocol";
import { createUser, type Running, start } from "./support/simulator";

let run: Running;
beforeAll(async () => {
  run = await start();
});
afterAll(async () => run.stop(true));

async function raw(method: string, path: string, body: string, contentType = "application/json") {
  const res = await fetch(`${run.url}/api${path}`, {
    method,
    headers: { "content-type": contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as ApiError };
}

describe("the control API", () => {
  it("answers health with ok and the version", async () => {
    const res = await run.api("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, version: run.sim.config.version });
  });

  it("creates, reads, patches and deletes a user with the documented status codes", async () => {
    const created = await run.api<User>("POST", "/users", {
      userName: "grace@example.com",
      givenName: "Grace",
      familyName: "Hopper",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userName: "grace@example.com",
      active: true,
      email: null,
      managerId: null,
    });
    const id = created.body.id;
    expect((await run.api<User>("GET", `/users/${id}`)).body.userName).toBe("grace@example.com");
    const patched = await run.api<User>("PATCH", `/users/${id}`, { title: "Rear Admiral", active: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: "Rear Admiral", active: false });
    expect((await run.api<User[]>("GET", "/users")).body.map((u) => u.id)).toContain(id);
    expect((await run.api("DELETE", `/users/${id}`)).status).toBe(204);
    expect((await run.api("GET", `/users/${id}`)).status).toBe(404);
  });

  it("refuses malformed JSON with a 400 that says so, and stores nothing", async () => {
    const before = (await run.api<User[]>("GET", "/users")).body.length;
    const res = await raw("POST", "/users", '{"userName": "x@example.com", ');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^The request body is not valid JSON: /);
    expect(res.body.details).toEqual([
      { path: "(body)", message: expect.stringContaining("not valid JSON") },
    ]);
    expect((await run.api<User[]>("GET", "/users")).body).toHaveLength(before);
  });

  it("calls a JSON null a wrong body, not malformed JSON, and stores nothing", async () => {
    const before = (await run.api<User[]>("GET", "/users")).body.length;
    const res = await raw("POST", "/users", "null");
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: "(body)", message: "must be a JSON object, got null" }]);
    expect((await run.api<User[]>("GET", "/users")).body).toHaveLength(before);
  });

  it("refuses a body that is not JSON with a 415 naming the content type", async () => {
    const res = await raw("POST", "/users", "userName=x", "application/x-www-form-urlencoded");
    expect(res.status).toBe(415);
    expect(res.body.details).toEqual([
      {
        path: "Content-Type",
        message: 'must be application/json, got "application/x-www-form-urlencoded"',
      },
    ]);
  });

  it("names every bad field and what it expected", async () => {
    const res = await run.api<ApiError>("POST", "/users", {
      userName: "",
      givenName: 7,
      email: "not-an-email",
      active: "yes",
      shoeSize: 44,
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { path: "userName", message: "must not be empty" },
        { path: "givenName", message: "must be a string" },
        { path: "familyName", message: "is required" },
        { path: "email", message: expect.stringContaining("email address") },
        { path: "active", message: "must be true or false" },
        { path: "shoeSize", message: "unknown field" },
      ]),
    );
  });

  it("refuses a duplicate userName in any letter case with a 409", async () => {
    await createUser(run, { userName: "Dup.User@example.com" });
    const res = await run.api<ApiError>("POST", "/users", {
      userName: "dup.user@EXAMPLE.com",
      givenName: "A",
      familyName: "B",
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toContain("already taken");
  });

  it("refuses a manager who does not exist, or who would create a reporting cycle", async () => {
    const boss = await createUser(run);
    const report = await createUser(run, { managerId: boss.id });
    expect(
      (await run.api<ApiError>("PATCH", `/users/${report.id}`, { managerId: "nobody" })).body.details,
    ).toEqual([{ path: "managerId", message: "must be the id of an existing user" }]);
    const cycle = await run.api<ApiError>("PATCH", `/users/${boss.id}`, { managerId: report.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.details).toEqual([
      { path: "managerId", message: "must not be one of the user's own reports" },
    ]);
    expect((await run.api<User>("GET", `/users/${boss.id}`)).body.managerId).toBeNull();
  });

  it("answers 404 with the unknown id for users and targets", async () => {
    for (const path of ["/users/nope", "/targets/nope"]) {
      const res = await run.api<ApiError>("PATCH", path, {});
      expect(res.status).toBe(404);
      expect(res.body.error).toContain('"nope"');
    }
    const route = await run.api<ApiError>("GET", "/no-such-route?x=1");
    expect(route.status).toBe(404);
    expect(route.body.error).toContain("No route GET /api/no-such-route.");
  });

  it("validates targets against the full profile and mode lists and masks every secret", async () => {
    const bad = await run.api<ApiError>("POST", "/targets", {
      name: "x",
      baseUrl: "ftp://example.com",
      auth: { type: "bearer" },
      profile: "google",
      mode: "sometimes",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "baseUrl" }),
        expect.objectContaining({ path: "auth.token" }),
        { path: "profile", message: "must be one of rfc, okta, okta-aiw, entra, entra-scim062020, onelogin" },
        { path: "mode", message: "must be one of on-edit, schedule, manual" },
      ]),
    );
    const token = "tok_0123456789abcdef0123456789";
    const ok = await run.api<Target>("POST", "/targets", {
      name: "Contentstack",
      baseUrl: "https://eu-auth-api.contentstack.com/scim/v2.0/organizations/blt123/",
      auth: { type: "bearer", token },
      profile: "okta",
      mode: "manual",
    });
    expect(ok.status).toBe(201);
    expect(ok.body.baseUrl).toBe("https://eu-auth-api.contentstack.com/scim/v2.0/organizations/blt123");
    expect(ok.body.auth).toEqual({ type: "bearer", token: "••••6789" });
    expect(JSON.stringify((await run.api("GET", "/targets")).body)).not.toContain(token);

    // Sending back the masked value keeps the real secret.
    const renamed = await run.api<Target>("PATCH", `/targets/${ok.body.id}`, {
      name: "CS",
      auth: ok.body.auth,
    });
    expect(renamed.body.auth).toEqual({ type: "bearer", token: "••••6789" });
    expect(run.sim.targets.get(ok.body.id).auth).toEqual({ type: "bearer", token });

    const cron = await run.api<ApiError>("PATCH", `/targets/${ok.body.id}`, {
      mode: "schedule",
      schedule: "every tuesday",
    });
    expect(cron.status).toBe(400);
    expect(cron.body.details).toEqual([
      { path: "schedule", message: expect.stringContaining("not a valid cron expression") },
    ]);
    expect((await run.api("DELETE", `/targets/${ok.body.id}`)).status).toBe(204);
  });

  it("rejects a log limit that is not a positive whole number", async () => {
    const res = await run.api<ApiError>("GET", "/log?limit=-3");
    expect(res.status).toBe(400);
    expect(res.body.error).toContain("limit");
  });

  it("tests a target's connection and says why it failed: refused credentials, or no server at that address", async () => {
    const add = async (baseUrl: string, token: string) =>
      (
        await run.api<Target>("POST", "/targets", {
          name: `probe ${baseUrl}`,
          baseUrl,
          auth: { type: "bearer", token },
          profile: "okta",
          mode: "manual",
        })
      ).body;
    const org = `${run.url}/target/scim/v2`;
    type Result = { ok: boolean; status: number; detail: string };
    const good = await run.api<Result>("POST", `/targets/${(await add(org, run.sim.org.token)).id}/test`);
    expect(good.body).toEqual({
      ok: true,
      status: 200,
      detail: "HTTP 200: a SCIM ListResponse, as the IdP's test expects (okta)",
    });
    const wrong = await run.api<Result>("POST", `/targets/${(await add(org, "wrong")).id}/test`);
    expect(wrong.body).toMatchObject({
      ok: false,
      status: 401,
      detail: expect.stringContaining("credentials"),
    });
    // A server that hangs up on every connection: the same "no answer" as a dead host, with no port left to
    // chance (a closed port could be taken by another process before the test sends to it).
    const hangUp = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, "127.0.0.1", resolve));
    try {
      const port = (hangUp.address() as AddressInfo).port;
      const down = await run.api<Result>(
        "POST",
        `/targets/${(await add(`http://127.0.0.1:${port}/scim`, "t")).id}/test`,
      );
      expect(down.body).toMatchObject({
        ok: false,
        status: 0,
        detail: expect.stringMatching(/^No response \(.+\): check the base URL/),
      });
    } finally {
      await new Promise((resolve) => hangUp.close(resolve));
    }
  });
});

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiError, Exchange, Target, TargetAuth, TargetView } from "../server/protocol";
import { startRecordingTarget } from "./support/recording-target";
import { createUser, listen, type Running, start } from "./support/simulator";

let run: Running | undefined;
let stub: Awaited<ReturnType<typeof startRecordingTarget>> | undefined;
afterEach(async () => {
  await run?.stop(true);
  await stub?.close();
  run = stub = undefined;
});

const TOKEN = "tok-3f9a7c2e51d84b06a1e2";
const PASSWORD = "pw-81c4e0f2b7a9";
const HEADER_VALUE = "hv-5d2b9e8f1c7a";
const basic = Buffer.from(`svc:${PASSWORD}`).toString("base64");

describe.each<[string, TargetAuth, string[]]>([
  ["a bearer token", { type: "bearer", token: TOKEN }, [TOKEN]],
  ["basic credentials", { type: "basic", username: "svc", password: PASSWORD }, [PASSWORD, basic]],
  ["a custom header", { type: "header", name: "X-Tenant-Key", value: HEADER_VALUE }, [HEADER_VALUE]],
])("a target that quotes %s back in its errors", (_label, auth, secrets) => {
  it("never shows the secret in health, cycles, the outbox, the log, /ws or the data files", async () => {
    // The stub answers every request with an error that quotes the credential it received, in the body and in a
    // response header, in every encoding the sender used.
    stub = await startRecordingTarget((req) => {
      const sent = req.headers.authorization ?? req.headers["x-tenant-key"] ?? "";
      return {
        status: 500,
        headers: { "x-echo-credentials": sent },
        body: {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
          status: "500",
          detail: `backend rejected credentials ${sent} (raw: ${secrets.join(", ")})`,
        },
      };
    });
    run = await start();
    const live = await listen(run.url);
    const created = await run.api<Target>("POST", "/targets", {
      name: "echoing",
      baseUrl: stub.baseUrl,
      auth,
      profile: "rfc",
      mode: "manual",
    });
    await createUser(run);
    const sync = await run.api<{ errors: Array<{ error: string }> }>(
      "POST",
      `/targets/${created.body.id}/sync`,
    );
    expect(sync.body.errors[0]?.error).toContain("[redacted]");
    // The credential really did reach the stub and come back, so the redaction had something to do.
    expect(stub.requests.length).toBeGreaterThan(0);

    const view = await run.api<TargetView>("GET", `/targets/${created.body.id}`);
    expect(view.body.health.state).toBe("retrying");
    const cycles = await run.api("GET", `/targets/${created.body.id}/cycles`);
    const log = await run.api<Exchange[]>("GET", "/log");
    expect(log.body.some((e) => e.response?.headers["x-echo-credentials"]?.includes("[redacted]"))).toBe(
      true,
    );
    await run.sim.log.flush();
    await run.sim.close();
    // Every file in the data directory, journals included; the outbox's error is really written there.
    // (directory.json holds the secrets themselves, 0600: that is where they are kept, not shown.)
    const names = (await readdir(run.dataDir)).filter((n) => n !== "directory.json");
    const files = await Promise.all(names.map((f) => readFile(join(run?.dataDir ?? "", f), "utf8")));
    expect(files.join("\n")).toContain("backend rejected credentials");
    const shown = [
      JSON.stringify(sync.body),
      JSON.stringify(view.body),
      JSON.stringify(cycles.body),
      JSON.stringify(log.body),
      JSON.stringify(live.messages),
      ...files,
    ];
    live.close();
    for (const secret of secrets) for (const text of shown) expect(text).not.toContain(secret);
  });
});

describe("a target's base URL", () => {
  it("needs the secret again when it moves to another origin, and not when only its path changes", async () => {
    run = await start();
    const created = await run.api<Target>("POST", "/targets", {
      name: "moving",
      baseUrl: "http://127.0.0.1:9/scim/v2",
      auth: { type: "bearer", token: TOKEN },
      profile: "rfc",
      mode: "manual",
    });
    const id = created.body.id;
    const moved = await run.api<ApiError>("PATCH", `/targets/${id}`, {
      baseUrl: "https://elsewhere.example/scim",
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toContain("needs its secret again");
    expect(moved.body.details).toEqual([
      {
        path: "auth",
        message: "is required when baseUrl moves to another origin (https://elsewhere.example)",
      },
    ]);
    const masked = await run.api<ApiError>("PATCH", `/targets/${id}`, {
      baseUrl: "https://elsewhere.example/scim",
      auth: created.body.auth,
    });
    expect(masked.status).toBe(400);
    expect(run.sim.targets.get(id).baseUrl).toBe("http://127.0.0.1:9/scim/v2");

    const path = await run.api<Target>("PATCH", `/targets/${id}`, {
      baseUrl: "http://127.0.0.1:9/other/scim",
    });
    expect(path.status).toBe(200);
    const withSecret = await run.api<Target>("PATCH", `/targets/${id}`, {
      baseUrl: "https://elsewhere.example/scim",
      auth: { type: "bearer", token: "a-new-token-for-the-new-host" },
    });
    expect(withSecret.status).toBe(200);
    expect(run.sim.targets.get(id)).toMatchObject({
      baseUrl: "https://elsewhere.example/scim",
      auth: { token: "a-new-token-for-the-new-host" },
    });
  });

  it("refuses credentials written as user:password@ and says where they belong", async () => {
    run = await start();
    const res = await run.api<ApiError>("POST", "/targets", {
      name: "userinfo",
      baseUrl: "https://svc:url-pass-9921@app.example/scim",
      auth: { type: "bearer", token: TOKEN },
      profile: "rfc",
      mode: "manual",
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { path: "baseUrl", message: expect.stringContaining("must not carry credentials (user:password@)") },
    ]);
    expect(JSON.stringify(res.body)).not.toContain("url-pass-9921");
  });

  it("shows a token in the URL's query as •••• and keeps it when the masked URL is sent back", async () => {
    stub = await startRecordingTarget(() => ({ status: 200, body: { Resources: [], totalResults: 0 } }));
    run = await start();
    const secretUrl = `${stub.baseUrl}?api_token=q-secret-4471&v=2`;
    const created = await run.api<Target>("POST", "/targets", {
      name: "url creds",
      baseUrl: secretUrl,
      auth: { type: "bearer", token: TOKEN },
      profile: "rfc",
      mode: "manual",
    });
    expect(created.body.baseUrl).toBe(`${stub.baseUrl}?api_token=••••&v=2`);
    const listed = await run.api<Target[]>("GET", "/targets");
    expect(JSON.stringify(listed.body)).not.toMatch(/q-secret-4471/);
    const renamed = await run.api<Target>("PATCH", `/targets/${created.body.id}`, {
      name: "renamed",
      baseUrl: created.body.baseUrl,
    });
    expect(renamed.status).toBe(200);
    expect(run.sim.targets.get(created.body.id).baseUrl).toBe(secretUrl);
    await run.api("POST", `/targets/${created.body.id}/test`);
    const log = await run.api<Exchange[]>("GET", "/log");
    expect(log.body.length).toBeGreaterThan(0);
    expect(JSON.stringify(log.body)).not.toMatch(/q-secret-4471/);
    expect(stub.requests[0]?.rawUrl).toContain("api_token=q-secret-4471");
  });
});

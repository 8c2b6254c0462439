import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { ApiError } from "../server/protocol";
import { type Running, start } from "./support/simulator";

/** A raw request, so that Host, Origin and Sec-Fetch-Site can be set to anything a browser or attacker sends. */
function raw(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = "";
        res.on("data", (d) => {
          body += String(d);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Opens /ws with the given headers and says how the server answered the upgrade. */
function upgrade(
  url: string,
  headers: Record<string, string>,
): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/ws`, { headers });
    ws.once("open", () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.once("unexpected-response", (_req, res) => {
      resolve({ opened: false, status: res.statusCode });
      res.resume();
    });
    ws.once("error", () => resolve({ opened: false }));
  });
}

describe("the Host allow-list", () => {
  let run: Running;
  let host: string;
  beforeAll(async () => {
    run = await start();
    host = new URL(run.url).host;
  });
  afterAll(() => run.stop(true));

  it("refuses a rebinding Host on the API, the UI, the embedded org and the WebSocket, and says how to allow it", async () => {
    const evil = `evil.example:${new URL(run.url).port}`;
    const api = await raw(run.url, { path: "/api/target-org", headers: { host: evil } });
    expect(api.status).toBe(403);
    const error = JSON.parse(api.body) as ApiError;
    expect(error.error).toContain(`Host "${evil}" is not allowed`);
    expect(error.error).toContain("--allowed-hosts evil.example");
    expect(api.body).not.toContain(run.sim.org.token);

    const ui = await raw(run.url, { path: "/", headers: { host: evil } });
    expect(ui.status).toBe(403);

    const scim = await raw(run.url, {
      path: "/target/scim/v2/Users",
      headers: { host: evil, authorization: `Bearer ${run.sim.org.token}` },
    });
    expect(scim.status).toBe(403);
    expect(JSON.parse(scim.body)).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "403",
      detail: expect.stringContaining("not allowed"),
    });

    expect(await upgrade(run.url, { host: evil })).toEqual({ opened: false, status: 403 });
  });

  it("accepts localhost, its subdomains, IP addresses and the bound address", async () => {
    const { port } = new URL(run.url);
    for (const name of ["localhost", "app.localhost", "127.0.0.1", "[::1]", "10.1.2.3"]) {
      const res = await raw(run.url, { path: "/api/health", headers: { host: `${name}:${port}` } });
      expect(res.status, name).toBe(200);
    }
    expect(await upgrade(run.url, { host })).toEqual({ opened: true });
  });

  it("accepts a name given with allowedHosts, and its subdomains when it starts with a dot", async () => {
    const allowed = await start({ allowedHosts: ["dev.example", ".corp.example"] });
    try {
      const { port } = new URL(allowed.url);
      const status = async (name: string) =>
        (await raw(allowed.url, { path: "/api/health", headers: { host: `${name}:${port}` } })).status;
      expect(await status("dev.example")).toBe(200);
      expect(await status("a.corp.example")).toBe(200);
      expect(await status("corp.example")).toBe(200);
      expect(await status("sub.dev.example")).toBe(403);
      expect(await status("evil.example")).toBe(403);
    } finally {
      await allowed.stop(true);
    }
  });
});

describe("the same-origin rule for writes and WebSocket upgrades", () => {
  let run: Running;
  let host: string;
  beforeAll(async () => {
    run = await start();
    host = new URL(run.url).host;
  });
  afterAll(() => run.stop(true));

  const user = JSON.stringify({ userName: "csrf@example.com", givenName: "C", familyName: "S" });

  it("refuses a JSON write from another site, an opaque origin, or a request marked cross-site", async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: "https://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { origin: `http://localhost:${new URL(run.url).port}` },
    ]) {
      const res = await raw(run.url, {
        method: "POST",
        path: "/api/users",
        headers: { host, "content-type": "application/json", ...headers },
        body: user,
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((JSON.parse(res.body) as ApiError).error).toMatch(/^Refused a cross-site request: /);
    }
    expect((await run.api<unknown[]>("GET", "/users")).body).toHaveLength(0);
  });

  it("refuses a bodyless form POST from another site, and the embedded org keeps its users", async () => {
    await run.scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "kept@example.com",
    });
    for (const path of ["/api/target-org/reset", "/api/targets/x/sync", "/api/scenarios/runs"]) {
      const res = await raw(run.url, {
        method: "POST",
        path,
        headers: {
          host,
          origin: "https://evil.example",
          "sec-fetch-site": "cross-site",
          "content-type": "application/x-www-form-urlencoded",
          "content-length": "0",
        },
      });
      expect(res.status, path).toBe(403);
    }
    expect((await run.api<{ users: number }>("GET", "/target-org")).body.users).toBe(1);
  });

  it("refuses a cross-site write whatever the letter case of its path (/API/… reaches the API too)", async () => {
    for (const path of ["/API/target-org/reset", "/Api/target-org/reset", "/api/Target-Org/reset"]) {
      const res = await raw(run.url, {
        method: "POST",
        path,
        headers: { host, origin: "https://evil.example", "content-length": "0" },
      });
      expect(res.status, path).toBe(403);
    }
    expect((await run.api<{ users: number }>("GET", "/target-org")).body.users).toBeGreaterThanOrEqual(1);
  });

  it("lets the UI's own origin and scripts without an Origin header write", async () => {
    const own = await raw(run.url, {
      method: "POST",
      path: "/api/users",
      headers: { host, origin: run.url, "sec-fetch-site": "same-origin", "content-type": "application/json" },
      body: user,
    });
    expect(own.status).toBe(201);
    const script = await raw(run.url, {
      method: "POST",
      path: "/api/users",
      headers: { host, "content-type": "application/json" },
      body: JSON.stringify({ userName: "script@example.com", givenName: "S", familyName: "C" }),
    });
    expect(script.status).toBe(201);
  });

  it("refuses a WebSocket upgrade from another site or an opaque origin, and takes one from its own page", async () => {
    expect(await upgrade(run.url, { origin: "https://evil.example" })).toEqual({
      opened: false,
      status: 403,
    });
    expect(await upgrade(run.url, { origin: "null" })).toEqual({ opened: false, status: 403 });
    expect(await upgrade(run.url, { origin: run.url })).toEqual({ opened: true });
    expect(await upgrade(run.url, {})).toEqual({ opened: true });
  });
});

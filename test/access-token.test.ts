import { spawn } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { ApiError } from "../server/protocol";
import { createSimulator, type Simulator } from "../server/simulator";
import { tempDataDir } from "./support/simulator";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Bound to every interface; the test still only talks to 127.0.0.1. */
async function exposed() {
  const dataDir = await tempDataDir();
  sim = await createSimulator({ dataDir, seed: false, uiDir: null });
  const bound = await sim.listen(0, "0.0.0.0");
  const url = `http://127.0.0.1:${new URL(bound).port}`;
  return { sim, url, dataDir };
}

const wsStatus = (url: string, headers: Record<string, string>) =>
  new Promise<number>((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/ws`, { headers });
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
  });

describe("bound beyond loopback", () => {
  it("needs the access token on the control API, the UI and /ws, and keeps it in a 0600 file", async () => {
    const { sim, url, dataDir } = await exposed();
    const token = sim.accessToken;
    expect(token).toMatch(/^[\w-]{32}$/);
    const file = join(dataDir, "access-token");
    expect((await readFile(file, "utf8")).trim()).toBe(token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const refused = await fetch(`${url}/api/users`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as ApiError).error).toContain("Authorization: Bearer");
    expect((await fetch(`${url}/`)).status).toBe(401);
    expect((await fetch(`${url}/api/users`, { headers: { authorization: "Bearer wrong" } })).status).toBe(
      401,
    );
    expect(await wsStatus(url, {})).toBe(401);

    const allowed = await fetch(`${url}/api/users`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    const created = await fetch(`${url}/api/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ userName: "net@example.com", givenName: "N", familyName: "E" }),
    });
    expect(created.status).toBe(201);
    expect(await wsStatus(url, { authorization: `Bearer ${token}` })).toBe(101);
    // Readiness probes need no token, and the answer says nothing but that it is up.
    expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({ ok: true });
  });

  it("turns the sign-in URL into an HttpOnly, SameSite=Strict cookie that then opens the API and /ws", async () => {
    const { sim, url } = await exposed();
    const token = sim.accessToken ?? "";
    expect((await fetch(`${url}/?token=wrong`, { redirect: "manual" })).status).toBe(401);
    const signIn = await fetch(`${url}/traffic?token=${token}&view=1`, { redirect: "manual" });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/traffic?view=1");
    const cookie = signIn.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^scimulator_access=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const jar = cookie.split(";")[0] ?? "";
    expect((await fetch(`${url}/api/users`, { headers: { cookie: jar } })).status).toBe(200);
    expect(await wsStatus(url, { cookie: jar })).toBe(101);
    // A token in an API URL is not accepted: URLs end up in logs and histories.
    expect((await fetch(`${url}/api/users?token=${token}`)).status).toBe(401);
  });

  it("shows a person who opens the UI without the token a page that says how to sign in", async () => {
    const { url } = await exposed();
    const res = await fetch(`${url}/`, { headers: { accept: "text/html,application/xhtml+xml" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("open the sign-in URL it printed at start-up");
    const api = await fetch(`${url}/api/users`, { headers: { accept: "text/html" } });
    expect(api.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("treats a malformed cookie as no cookie: a 401, never a crash, on HTTP and on /ws", async () => {
    const { url } = await exposed();
    expect((await fetch(`${url}/api/users`, { headers: { cookie: "scimulator_access=%E0" } })).status).toBe(
      401,
    );
    expect(await wsStatus(url, { cookie: "scimulator_access=%E0%A4%A" })).toBe(401);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });

  it("leaves the embedded org behind its own bearer token only", async () => {
    const { sim, url } = await exposed();
    const org = await fetch(`${url}/target/scim/v2/Users`, {
      headers: { authorization: `Bearer ${sim.org.token}` },
    });
    expect(org.status).toBe(200);
  });

  it("keeps the same token across restarts", async () => {
    const first = await exposed();
    const token = first.sim.accessToken;
    await first.sim.close();
    sim = await createSimulator({ dataDir: first.dataDir, seed: false, uiDir: null });
    await sim.listen(0, "0.0.0.0");
    expect(sim.accessToken).toBe(token);
  });

  it("needs no token on loopback", async () => {
    const dataDir = await tempDataDir();
    sim = await createSimulator({ dataDir, seed: false, uiDir: null });
    const url = await sim.listen(0, "127.0.0.1");
    expect(sim.accessToken).toBeNull();
    expect((await fetch(`${url}/api/users`)).status).toBe(200);
  });
});

describe("the CLI started beyond loopback", () => {
  it("says that the API is exposed, how it is protected, and prints the sign-in URL", async () => {
    const dataDir = await tempDataDir();
    const child = spawn(
      process.execPath,
      ["bin/scimulator.mjs", "start", "--host", "0.0.0.0", "--port", "0", "--data", dataDir, "--no-seed"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.stderr.on("data", (d) => {
      out += String(d);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", () => out.includes("Authorization: Bearer") && resolve());
        child.stderr.on("data", () => out.includes("Authorization: Bearer") && resolve());
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const token = (await readFile(join(dataDir, "access-token"), "utf8")).trim();
      expect(out).toContain("exposed to the network");
      expect(out).toMatch(new RegExp(`http://[^\\s]+:\\d+/\\?token=${token}`));
      expect(out).toContain(`"Authorization: Bearer ${token}"`);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import type { Config } from "../../server/config";
import type { Exchange, LiveMessage, Target, User, UserPatch } from "../../server/protocol";
import { createSimulator, type Simulator } from "../../server/simulator";

export interface Running {
  sim: Simulator;
  url: string;
  dataDir: string;
  /** The control API, as an outside script calls it. */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }>;
  /** The embedded org over SCIM, with its token, at the base path its preset serves. */
  scim<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Stops the server; the data directory stays for a restart unless `wipe` is set. */
  stop(wipe?: boolean): Promise<void>;
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "scimulator-test-"));
}

export async function start(overrides: Partial<Config> = {}): Promise<Running> {
  const dataDir = overrides.dataDir ?? (await tempDataDir());
  const sim = await createSimulator({ seed: false, uiDir: null, ...overrides, dataDir });
  const url = await sim.listen(0, "127.0.0.1");
  const api: Running["api"] = async (method, path, body) => {
    const res = await fetch(`${url}/api${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as never };
  };
  const scim: Running["scim"] = async (method, path, body) => {
    const res = await fetch(`${sim.orgUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${sim.org.token}`,
        ...(body === undefined ? {} : { "content-type": "application/scim+json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
  };
  return {
    sim,
    url,
    dataDir,
    api,
    scim,
    async stop(wipe = false) {
      await sim.close();
      if (wipe) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Adds a target that points at the running simulator's embedded org. */
export async function embeddedTarget(run: Running, fields: Record<string, unknown> = {}): Promise<Target> {
  const res = await run.api<Target>("POST", "/targets", {
    name: "Embedded (test)",
    baseUrl: run.sim.orgUrl(),
    auth: { type: "bearer", token: run.sim.org.token },
    profile: "rfc",
    mode: "on-edit",
    ...fields,
  });
  if (res.status !== 201) throw new Error(`could not add target: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createUser(run: Running, fields: Partial<User> & UserPatch = {}): Promise<User> {
  const n = Math.random().toString(36).slice(2, 8);
  const res = await run.api<User>("POST", "/users", {
    userName: `user.${n}@example.com`,
    givenName: "Test",
    familyName: `User ${n}`,
    email: `user.${n}@example.com`,
    ...fields,
  });
  if (res.status !== 201) throw new Error(`could not create user: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Exchanges the log holds for a target, oldest first. */
export function exchangesOf(run: Running, targetId: string): Exchange[] {
  return run.sim.log.list().filter((e) => e.targetId === targetId);
}

export function pathOf(exchange: Exchange): string {
  const u = new URL(exchange.request.url);
  return decodeURIComponent(u.pathname.replace(/^.*\/(Users|Groups)/, "/$1") + u.search);
}

/** A real WebSocket client on /ws that keeps every message it receives. */
export async function listen(url: string): Promise<{ messages: LiveMessage[]; close(): void }> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/ws`);
  const messages: LiveMessage[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(String(data)) as LiveMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return { messages, close: () => ws.close() };
}

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { attachLiveHub, type LiveHub } from "../server/log/live";

let server: Server | undefined;
let hub: LiveHub | undefined;
let client: WebSocket | undefined;
afterEach(async () => {
  client?.terminate();
  await hub?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = hub = client = undefined;
});

type Received = { type: string; seq?: number; missed?: number };

describe("a /ws client too slow to keep up", () => {
  it("is told how many messages it missed, right where they are missing, and loses none silently", async () => {
    server = createServer();
    hub = attachLiveHub(server, "/ws", () => null);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const received: Received[] = [];
    client = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    client.on("message", (data) => received.push(JSON.parse(String(data)) as Received));
    await new Promise<void>((resolve, reject) => {
      client?.once("open", () => resolve());
      client?.once("error", reject);
    });
    await vi.waitFor(() => expect(hub?.clients()).toBe(1));
    // The page stops reading while the server has far more to say than the connection can hold.
    client.pause();
    const padding = "x".repeat(4096);
    let seq = 0;
    for (; seq < 5000; seq++) hub.broadcast({ type: "burst", seq, padding });
    client.resume();
    // Once it has drained, the next message it gets is the notice, then the traffic carries on.
    await vi.waitFor(
      () => {
        hub?.broadcast({ type: "burst", seq: seq++, padding: "" });
        expect(received.some((m) => m.type === "lagged")).toBe(true);
        expect(received.at(-1)?.type).toBe("burst");
      },
      { timeout: 20_000, interval: 20 },
    );
    const at = received.findIndex((m) => m.type === "lagged");
    const before = received.slice(0, at);
    const lagged = received[at] as Received;
    const next = received[at + 1] as Received;
    expect(before.map((m) => m.seq)).toEqual(before.map((_, i) => i));
    expect(lagged.missed).toBeGreaterThan(0);
    expect(before.length + (lagged.missed ?? 0)).toBe(next.seq);
    expect(received.filter((m) => m.type === "lagged")).toHaveLength(1);
  });
});

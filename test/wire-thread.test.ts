import { describe, expect, it, vi } from "vitest";
import { WireError } from "../server/provisioning/http-client";
import { createWireThread } from "../server/provisioning/wire-thread";
import { localServer } from "./support/local-server";

const local = localServer();
const { serve } = local;

describe("the wire thread", () => {
  it("sends exactly the given header list from its own thread and hands back status, headers and body", async () => {
    const seen: string[][] = [];
    const url = await serve((req, res) => {
      seen.push(req.rawHeaders);
      res.writeHead(201, { "Content-Type": "application/scim+json", ETag: 'W/"1"' });
      res.end(JSON.stringify({ id: "u1", path: req.url }));
    });
    const client = createWireThread(2);
    try {
      const host = new URL(url).host;
      const res = await client.send({
        method: "POST",
        url: `${url}/scim/v2/Users?x=%20y`,
        headers: [
          ["Host", host],
          ["User-Agent", "Okta SCIM Client 1.0.0"],
          ["Content-Type", "application/scim+json; charset=utf-8"],
          ["Content-Length", "2"],
          ["Authorization", "Bearer t0ken-value"],
          ["Connection", "Keep-Alive"],
        ],
        body: "{}",
        timeoutMs: 5000,
      });
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('W/"1"');
      expect(JSON.parse(res.body)).toEqual({ id: "u1", path: "/scim/v2/Users?x=%20y" });
      expect(seen[0]).toEqual([
        "Host",
        host,
        "User-Agent",
        "Okta SCIM Client 1.0.0",
        "Content-Type",
        "application/scim+json; charset=utf-8",
        "Content-Length",
        "2",
        "Authorization",
        "Bearer t0ken-value",
        "Connection",
        "Keep-Alive",
      ]);
    } finally {
      client.close();
    }
  });

  it("answers each of many requests made in the same turn with its own response", async () => {
    const url = await serve((req, res) => res.end(JSON.stringify({ path: req.url })));
    const client = createWireThread(4);
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          client.send({ method: "GET", url: `${url}/Users/${i}`, headers: [["Host", "x"]], timeoutMs: 5000 }),
        ),
      );
      expect(answers.map((a) => JSON.parse(a.body).path)).toEqual(
        Array.from({ length: 50 }, (_, i) => `/Users/${i}`),
      );
    } finally {
      client.close();
    }
  });

  it("reports a refused connection as a WireError with the socket's code", async () => {
    const url = await serve((_req, res) => res.end());
    const { port } = new URL(url);
    local.stop();
    const client = createWireThread(1);
    try {
      const failed = await client
        .send({
          method: "GET",
          url: `${url}/Users`,
          headers: [["Host", `127.0.0.1:${port}`]],
          timeoutMs: 5000,
        })
        .catch((err: unknown) => err);
      expect(failed).toBeInstanceOf(WireError);
      expect((failed as WireError).code).toBe("ECONNREFUSED");
    } finally {
      client.close();
    }
  });

  it("fails a request still out when the client closes, saying so, rather than leaving it waiting", async () => {
    const url = await serve(() => undefined); // never answers
    const client = createWireThread(1);
    const out = client
      .send({ method: "GET", url: `${url}/Users`, headers: [["Host", "x"]], timeoutMs: 30_000 })
      .catch((err: unknown) => err);
    await new Promise<void>((resolve) => local.current?.once("request", () => resolve()));
    client.close();
    const failed = await out;
    expect(failed).toBeInstanceOf(WireError);
    expect((failed as WireError).message).toBe("the HTTP client is closed");
    const after = await client
      .send({ method: "GET", url: `${url}/Users`, headers: [["Host", "x"]], timeoutMs: 1000 })
      .catch((err: unknown) => err);
    expect((after as WireError).message).toBe("the HTTP client is closed");
  });
  it("sends from the engine's own thread, saying so once, when the wire thread cannot start", async () => {
    const url = await serve((req, res) => res.end(JSON.stringify({ path: req.url })));
    const client = createWireThread(1, new URL("./no-such-wire-worker.ts", import.meta.url).href);
    try {
      const request = {
        method: "GET",
        url: `${url}/Users/1`,
        headers: [["Host", "x"]] as Array<[string, string]>,
        timeoutMs: 5000,
      };
      // A request made before the thread's failure is known fails as a dropped connection does; the next goes out.
      await vi.waitFor(async () =>
        expect(JSON.parse((await client.send(request)).body)).toEqual({ path: "/Users/1" }),
      );
      expect(JSON.parse((await client.send(request)).body)).toEqual({ path: "/Users/1" });
    } finally {
      client.close();
    }
  });
});

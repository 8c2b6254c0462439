import { type AddressInfo, createServer as createNetServer } from "node:net";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createHttpClient, WireError } from "../server/provisioning/http-client";
import { localServer } from "./support/local-server";

const { serve } = localServer();

describe("the HTTP client under the dialects", () => {
  it("decompresses what the IdP's Accept-Encoding invited", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip", "content-type": "application/scim+json" });
      res.end(gzipSync(JSON.stringify({ totalResults: 0 })));
    });
    const client = createHttpClient(1);
    const res = await client.send({
      method: "GET",
      url: `${url}/Users`,
      headers: [["Host", "x"]],
      timeoutMs: 5000,
    });
    expect(JSON.parse(res.body)).toEqual({ totalResults: 0 });
    client.close();
  });

  it("frees the socket of an answer it cannot decode, so the next request is not stuck behind it", async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      if (hits === 1) {
        res.writeHead(200, { "content-encoding": "gzip" });
        res.end(Buffer.alloc(64 * 1024, 7)); // not gzip at all
      } else res.end("{}");
    });
    const client = createHttpClient(1);
    await expect(
      client.send({ method: "GET", url, headers: [["Host", "x"]], timeoutMs: 5000 }),
    ).rejects.toBeInstanceOf(WireError);
    const next = await client.send({ method: "GET", url, headers: [["Host", "x"]], timeoutMs: 5000 });
    expect(next.body).toBe("{}");
    client.close();
  });

  it("times out a request that waits for a socket held by a hung one", async () => {
    const url = await serve(() => {
      // never answers
    });
    const client = createHttpClient(1);
    const first = client.send({ method: "GET", url, headers: [["Host", "x"]], timeoutMs: 60_000 });
    first.catch(() => undefined);
    await expect(
      client.send({ method: "GET", url, headers: [["Host", "x"]], timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: "TIMEOUT" });
    client.close();
  });

  it("times a request from the moment it goes on a socket, so a queue behind a slow target that keeps answering never times out", async () => {
    // Each answer takes 40 ms and one socket carries 30 requests: the last waits about 1.2 s in all, twice its
    // 600 ms timeout, yet the target answered every one of them well within it.
    let open = 0;
    let most = 0;
    const sockets = new Set<string>();
    const url = await serve((req, res) => {
      sockets.add(`${req.socket.remotePort}`);
      most = Math.max(most, ++open);
      setTimeout(() => {
        open--;
        res.end(JSON.stringify({ path: req.url }));
      }, 40);
    });
    const client = createHttpClient(1);
    const answers = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        client.send({ method: "GET", url: `${url}/Users/${i}`, headers: [["Host", "x"]], timeoutMs: 600 }),
      ),
    );
    expect(answers.filter((a) => a.status === "rejected")).toEqual([]);
    expect(answers.map((a) => (a.status === "fulfilled" ? JSON.parse(a.value.body).path : null))).toEqual(
      Array.from({ length: 30 }, (_, i) => `/Users/${i}`),
    );
    expect({ sockets: sockets.size, most }).toEqual({ sockets: 1, most: 1 });
    client.close();
  });

  it("sends a request again on a fresh socket when the kept-alive one was closed under it, and only then", async () => {
    // A server that answers each connection's first request and drops the connection on its second, as a server
    // does when it closes an idle socket at the moment a client reuses it.
    const seen: string[] = [];
    const tcp = createNetServer((socket) => {
      let requests = 0;
      socket.on("data", (chunk) => {
        requests++;
        seen.push(`${String(chunk).split(" ")[1]} on request ${requests} of its connection`);
        if (requests > 1) socket.destroy();
        else socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=60\r\n\r\n{}");
      });
    });
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    const port = (tcp.address() as AddressInfo).port;
    const client = createHttpClient(1);
    const get = (path: string) =>
      client.send({
        method: "GET",
        url: `http://127.0.0.1:${port}${path}`,
        headers: [["Host", "x"]],
        timeoutMs: 5000,
      });
    try {
      expect((await get("/first")).status).toBe(200);
      expect((await get("/second")).status).toBe(200);
      expect(seen).toEqual([
        "/first on request 1 of its connection",
        "/second on request 2 of its connection",
        "/second on request 1 of its connection",
      ]);
    } finally {
      client.close();
      await new Promise((resolve) => tcp.close(resolve));
    }
  });
  it("escapes a path that is not plain ASCII before it goes on the request line, as a URL parser would", async () => {
    const paths: string[] = [];
    const url = await serve((req, res) => {
      paths.push(req.url ?? "");
      res.end("{}");
    });
    const client = createHttpClient(1);
    try {
      for (const path of ["/Users/ä b", "/Users/plain?filter=userName%20eq%20%22a%22"])
        await client.send({ method: "GET", url: `${url}${path}`, headers: [["Host", "x"]], timeoutMs: 5000 });
      expect(paths).toEqual(["/Users/%C3%A4%20b", "/Users/plain?filter=userName%20eq%20%22a%22"]);
    } finally {
      client.close();
    }
  });
});

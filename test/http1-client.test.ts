import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient } from "../server/provisioning/http-client";
import { selfSignedCertificate } from "../server/signin/cert";

/**
 * A TCP server that speaks no HTTP of its own: each test answers the raw requests itself, so what the client
 * wrote and how it reads what comes back are both seen byte for byte.
 */
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});
async function rawServer(onRequest: (request: string, socket: Socket, index: number) => void) {
  const seen = { connections: 0, requests: [] as string[] };
  const server = createNetServer((socket) => {
    seen.connections++;
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      for (;;) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const request = buffered.slice(0, end + 4 + length);
        buffered = buffered.slice(request.length);
        seen.requests.push(request);
        onRequest(request, socket, seen.requests.length);
      }
    });
    socket.on("error", () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
const OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
const get = (url: string, timeoutMs = 5000) => ({
  method: "GET",
  url,
  headers: [["Host", "x"]] as const,
  timeoutMs,
});

describe("the HTTP/1.1 client's own bytes on the wire", () => {
  it("writes the request line, the header list and the body exactly as given, and nothing else", async () => {
    const { url, seen } = await rawServer((_r, socket) => socket.write(OK));
    const client = createHttpClient(1);
    try {
      const body = '{"userName":"zoë"}';
      await client.send({
        method: "POST",
        url: `${url}/scim/v2/Users?x=%20y`,
        headers: [
          ["Host", "app.example.com"],
          ["Accept", "application/scim+json"],
          ["content-type", "application/scim+json; charset=utf-8"],
          ["Content-Length", String(Buffer.byteLength(body))],
          ["Connection", "Keep-Alive"],
        ],
        body,
        timeoutMs: 5000,
      });
      expect(Buffer.from(seen.requests[0] ?? "", "latin1").toString("utf8")).toBe(
        "POST /scim/v2/Users?x=%20y HTTP/1.1\r\nHost: app.example.com\r\nAccept: application/scim+json\r\n" +
          "content-type: application/scim+json; charset=utf-8\r\nContent-Length: 19\r\nConnection: Keep-Alive\r\n\r\n" +
          body,
      );
    } finally {
      client.close();
    }
  });

  it("refuses a header value with a line break before any byte is sent, naming the header", async () => {
    const { url, seen } = await rawServer((_r, socket) => socket.write(OK));
    const client = createHttpClient(1);
    try {
      await expect(
        client.send({
          ...get(url),
          headers: [
            ["Host", "x"],
            ["X-Note", "a\r\nInjected: yes"],
          ],
        }),
      ).rejects.toThrow(/the X-Note header holds a character HTTP forbids/);
      await expect(client.send({ ...get(url), headers: [["Bad Name", "v"]] })).rejects.toThrow(
        /"Bad Name" is not a valid header name/,
      );
      expect(seen.connections).toBe(0);
    } finally {
      client.close();
    }
  });

  it("writes one shared header list the same on every request, a Latin-1 value as Latin-1, and closes after a request that says close", async () => {
    const { url, seen } = await rawServer((_r, socket) => socket.write(OK));
    const client = createHttpClient(1);
    try {
      const shared = [
        ["Host", "x"],
        ["X-Team", "Équipe"],
      ] as const;
      const closing = [...shared, ["Connection", "close"]] as const;
      for (const headers of [shared, shared, closing, shared])
        await client.send({ method: "GET", url: `${url}/u`, headers, timeoutMs: 5000 });
      const latin1 = "GET /u HTTP/1.1\r\nHost: x\r\nX-Team: Équipe\r\n";
      expect(seen.requests).toEqual([
        `${latin1}\r\n`,
        `${latin1}\r\n`,
        `${latin1}Connection: close\r\n\r\n`,
        `${latin1}\r\n`,
      ]);
      expect(seen.connections).toBe(2);
    } finally {
      client.close();
    }
  });

  it("keeps one socket across requests, and opens a new one after an answer that says close", async () => {
    const { url, seen } = await rawServer((_r, socket, n) =>
      socket.write(n === 2 ? "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}" : OK),
    );
    const client = createHttpClient(1);
    try {
      for (let i = 0; i < 4; i++) expect((await client.send(get(`${url}/r${i}`))).body).toBe("{}");
      expect(seen.requests.length).toBe(4);
      expect(seen.connections).toBe(2);
    } finally {
      client.close();
    }
  });

  it("holds at most its socket bound open and sends waiting requests in the order they came", async () => {
    const held: Socket[] = [];
    const { url, seen } = await rawServer((_r, socket) => {
      held.push(socket);
      // Answers go out only once both sockets carry a request, so a third socket would show.
      if (held.length === 2) for (const s of held.splice(0)) s.write(OK);
    });
    const client = createHttpClient(2);
    try {
      await Promise.all(Array.from({ length: 6 }, (_, i) => client.send(get(`${url}/r${i}`))));
      expect(seen.connections).toBe(2);
      expect(seen.requests.map((r) => r.split(" ")[1])).toEqual(["/r0", "/r1", "/r2", "/r3", "/r4", "/r5"]);
    } finally {
      client.close();
    }
  });

  it("reads a chunked answer sent in pieces, and a body that ends with the connection", async () => {
    const { url } = await rawServer((request, socket) => {
      if (request.startsWith("GET /chunked")) {
        socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{"a');
        socket.write('\r\n5\r\n":1}\n\r\n0\r\n\r\n');
      } else socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"closed":true}');
    });
    const client = createHttpClient(1);
    try {
      expect((await client.send(get(`${url}/chunked`))).body).toBe('{"a":1}\n');
      expect((await client.send(get(`${url}/until-close`))).body).toBe('{"closed":true}');
    } finally {
      client.close();
    }
  });

  it("fails an answer cut off mid-body, and refuses one that is not HTTP, and the next request still goes out", async () => {
    const { url } = await rawServer((request, socket) => {
      if (request.startsWith("GET /cut"))
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"partial');
      else if (request.startsWith("GET /garbage")) socket.write("220 smtp.example.com ESMTP\r\n\r\n");
      else socket.write(OK);
    });
    const client = createHttpClient(1);
    try {
      await expect(client.send(get(`${url}/cut`))).rejects.toMatchObject({
        code: "ECONNRESET",
        message: "the connection closed before the answer ended",
      });
      await expect(client.send(get(`${url}/garbage`))).rejects.toMatchObject({ code: "BAD_RESPONSE" });
      expect((await client.send(get(`${url}/fine`))).status).toBe(200);
    } finally {
      client.close();
    }
  });

  it("keeps the query of a URL with no path, sending it on the request line after /", async () => {
    const { url, seen } = await rawServer((_r, socket) => socket.write(OK));
    const client = createHttpClient(1);
    try {
      await client.send(get(`${url}?probe=1`));
      expect(seen.requests[0]?.split("\r\n")[0]).toBe("GET /?probe=1 HTTP/1.1");
    } finally {
      client.close();
    }
  });

  it("refuses a compressed answer that would grow past 32 MB, without holding it", async () => {
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024));
    const { url } = await rawServer((_r, socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\n\r\n`);
      socket.write(bomb);
    });
    const client = createHttpClient(1);
    try {
      await expect(client.send(get(url))).rejects.toMatchObject({ code: "TOO_LARGE" });
    } finally {
      client.close();
    }
  });

  it("fails requests still out or waiting when it closes, saying so", async () => {
    const { url } = await rawServer(() => undefined);
    const client = createHttpClient(1);
    const out = client.send(get(`${url}/a`, 60_000));
    const waiting = client.send(get(`${url}/b`, 60_000));
    client.close();
    await expect(waiting).rejects.toThrow("the HTTP client is closed");
    await expect(out).rejects.toThrow("the HTTP client is closed");
    await expect(client.send(get(url))).rejects.toThrow("the HTTP client is closed");
  });
});

describe("the HTTP/1.1 client over TLS", () => {
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const cert = selfSignedCertificate(keys, "localhost", randomBytes(8));
  const key = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  async function httpsServer() {
    const names: Array<string | false | null> = [];
    const server = createHttpsServer({ key, cert }, (req, res) => {
      names.push((req.socket as import("node:tls").TLSSocket).servername);
      res.setHeader("content-type", "application/scim+json");
      res.end(JSON.stringify({ path: req.url }));
    });
    servers.push(server as unknown as Server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, names };
  }

  it("refuses a target whose certificate no authority signed, with the verifier's reason", async () => {
    const { port } = await httpsServer();
    const client = createHttpClient(1);
    try {
      await expect(client.send(get(`https://127.0.0.1:${port}/Users`))).rejects.toMatchObject({
        code: "DEPTH_ZERO_SELF_SIGNED_CERT",
      });
    } finally {
      client.close();
    }
  });

  it("talks to a target whose certificate the process trusts, naming the host for SNI", async () => {
    const { port, names } = await httpsServer();
    const dir = await mkdtemp(join(tmpdir(), "scimulator-tls-"));
    try {
      await writeFile(join(dir, "ca.pem"), cert);
      const clientModule = fileURLToPath(new URL("../server/provisioning/http-client.ts", import.meta.url));
      const script = `import { createHttpClient } from ${JSON.stringify(clientModule)};
        const client = createHttpClient(1);
        const res = await client.send({ method: "GET", url: "https://localhost:${port}/scim/v2/Users", headers: [["Host", "localhost:${port}"]], timeoutMs: 10000 });
        console.log(JSON.stringify(res)); client.close();`;
      // Node reads extra trusted authorities only at start-up, so the client runs in a process of its own.
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, "ca.pem") },
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c;
      });
      child.stderr.on("data", (c: Buffer) => {
        err += c;
      });
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(err).toBe("");
      expect(code).toBe(0);
      const res = JSON.parse(out) as { status: number; body: string; headers: Record<string, string> };
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("application/scim+json");
      expect(JSON.parse(res.body)).toEqual({ path: "/scim/v2/Users" });
      expect(names).toEqual(["localhost"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

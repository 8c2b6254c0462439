import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PROFILES, type Target } from "../server/protocol";
import { createUser, exchangesOf, type Running, start } from "./support/simulator";

interface RawRequest {
  requestLine: string;
  headers: Array<[string, string]>;
  body: string;
}

/**
 * A raw TCP recorder in front of nothing: it keeps the bytes of every request as they arrived and answers each
 * like a SCIM server would, so the test can hold the exchange log against the wire itself.
 */
async function startRecorder() {
  const requests: RawRequest[] = [];
  const server: Server = createServer((socket: Socket) => {
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = buffer.subarray(0, end).toString("latin1").split("\r\n");
        const headers = head.slice(1).map((line): [string, string] => {
          const colon = line.indexOf(":");
          return [line.slice(0, colon), line.slice(colon + 1).trim()];
        });
        const length = Number(headers.find(([k]) => k.toLowerCase() === "content-length")?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.subarray(end + 4, end + 4 + length).toString("utf8");
        buffer = buffer.subarray(end + 4 + length);
        requests.push({ requestLine: head[0] ?? "", headers, body });
        const isPost = head[0]?.startsWith("POST");
        const payload = isPost
          ? JSON.stringify({ ...(JSON.parse(body) as object), id: `rec-${requests.length}` })
          : JSON.stringify({
              schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
              totalResults: 0,
              Resources: [],
            });
        socket.write(
          `HTTP/1.1 ${isPost ? "201 Created" : "200 OK"}\r\nContent-Type: application/scim+json\r\nX-Request-Count: ${requests.length}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("the exchange log is the wire", () => {
  let run: Running;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  beforeAll(async () => {
    run = await start();
    recorder = await startRecorder();
  });
  afterAll(async () => {
    await run.stop(true);
    await recorder.close();
  });

  it.each(PROFILES)(
    "records every header %s sent, in order, and nothing the wire did not carry",
    async (profile) => {
      const target = (
        await run.api<Target>("POST", "/targets", {
          name: `wire ${profile}`,
          baseUrl: `${recorder.url}/${profile}`,
          auth: { type: "bearer", token: "wire-token-1234" },
          profile,
          mode: "on-edit",
        })
      ).body;
      // The new target's first cycle brings the users of earlier rows; only this row's user is compared.
      await run.sim.provisioner.idle();
      const before = recorder.requests.length;
      const user = await createUser(run);
      await vi.waitFor(() =>
        expect(
          exchangesOf(run, target.id).filter((e) => e.cause.userId === user.id && e.response),
        ).not.toHaveLength(0),
      );
      await run.sim.provisioner.idle();
      const logged = exchangesOf(run, target.id).filter((e) => e.cause.userId === user.id);
      const wire = recorder.requests
        .slice(before)
        .filter((r) => r.requestLine.includes(`/scim/v2/${profile}/`));
      expect(logged.length).toBeGreaterThan(0);
      expect(wire).toHaveLength(logged.length);
      for (const [i, exchange] of logged.entries()) {
        const raw = wire[i];
        const path = new URL(exchange.request.url).pathname + new URL(exchange.request.url).search;
        expect(raw?.requestLine).toBe(`${exchange.request.method} ${path} HTTP/1.1`);
        // Names and order as on the wire; the credential is the one thing the log hides.
        const onWire = (raw?.headers ?? []).map(([k, v]) => [
          k.toLowerCase(),
          k.toLowerCase() === "authorization" ? "Bearer [redacted]" : v,
        ]);
        expect(Object.entries(exchange.request.headers)).toEqual(onWire);
        expect(raw?.headers.find(([k]) => k === "Authorization")?.[1]).toBe("Bearer wire-token-1234");
        if (exchange.request.body !== null) {
          // The body too, but for a password (Okta sends a random one with each create), which the log hides.
          const sent = JSON.parse(raw?.body ?? "") as Record<string, unknown>;
          if (typeof sent.password === "string") sent.password = "[redacted]";
          expect(sent).toEqual(exchange.request.body);
        }
        // Every response header is kept too.
        expect(exchange.response?.headers).toMatchObject({
          "content-type": "application/scim+json",
          "x-request-count": expect.any(String),
        });
      }
      // No header a browser-style client adds, and none an IdP does not send.
      const names = wire.flatMap((r) => r.headers.map(([k]) => k.toLowerCase()));
      expect(names).not.toContain("sec-fetch-mode");
      expect(names).not.toContain("accept-language");
      await run.api("DELETE", `/targets/${target.id}`);
    },
  );
});

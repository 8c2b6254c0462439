import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  rawUrl: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A scripted answer, or a promise of one (a responder that forwards to a real server and records on the way). */
export type Responder = (req: Recorded) => Reply | undefined | Promise<Reply | undefined>;

/**
 * A SCIM peer that records exactly what arrived and answers from a script, for the cases a well-behaved server
 * cannot be made to produce on demand (a 409 after an empty probe, a 404 on update, a 503).
 */
export async function startRecordingTarget(responder: Responder) {
  const requests: Recorded[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const recorded: Recorded = {
      method: req.method ?? "",
      path: url.pathname.replace(/^\/scim/, ""),
      query: url.searchParams,
      rawUrl: req.url ?? "",
      headers,
      body: text ? JSON.parse(text) : null,
    };
    requests.push(recorded);
    const reply = (await responder(recorded)) ?? { status: 500, body: { detail: "no scripted reply" } };
    res.writeHead(reply.status, { "content-type": "application/scim+json", ...reply.headers });
    res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/scim`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const emptyList = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults: 0,
  startIndex: 1,
  itemsPerPage: 0,
  Resources: [],
};

export function listOf(resources: object[]) {
  return {
    ...emptyList,
    totalResults: resources.length,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

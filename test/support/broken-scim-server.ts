import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The faults the server can have on purpose; each one off leaves that part of SCIM as the upstream does it. */
export interface Breakage {
  /** startIndex is dropped before the upstream sees it: every page is page one. */
  ignoreStartIndex?: boolean;
  /** `userName eq "…"` matches only the exact letter case. */
  caseSensitiveUserName?: boolean;
  /** A POST of a userName that is taken is answered 200 with the account already there, instead of 409. */
  duplicateAnswers200?: boolean;
}

export const ALL_BREAKAGE: Required<Breakage> = {
  ignoreStartIndex: true,
  caseSensitiveUserName: true,
  duplicateAnswers200: true,
};

export interface BrokenScimServer {
  /** e.g. http://127.0.0.1:PORT/scim */
  baseUrl: string;
  /** Every request as it arrived: when (by this server's clock), method and path. */
  requests: Array<{ at: number; method: string; url: string }>;
  close(): Promise<void>;
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

type Json = Record<string, unknown>;

/**
 * A SCIM server that is wrong in exactly the ways asked for, and right in every other: it stands in front of a
 * real SCIM server (the upstream, e.g. SCIMulator's embedded org) and passes everything through, credentials
 * included, except where a breakage changes the request or the answer.
 */
export async function startBrokenScimServer(
  upstream: string,
  breakage: Breakage = ALL_BREAKAGE,
  /** The upstream's token, added by the fixture itself: clients then need no credential at all. */
  upstreamToken?: string,
): Promise<BrokenScimServer> {
  const requests: BrokenScimServer["requests"] = [];
  let baseUrl = "";
  const server: Server = createServer((req, res) => {
    requests.push({ at: Date.now(), method: req.method ?? "", url: req.url ?? "" });
    void (async () => {
      const body = await bodyOf(req);
      const url = new URL(req.url ?? "/", "http://fixture");
      const path = url.pathname.replace(/^\/scim/, "");
      const query = new URLSearchParams(url.search);
      if (breakage.ignoreStartIndex) query.delete("startIndex");
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "content-type", "accept"]) {
        const value = req.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      if (upstreamToken) headers.authorization = `Bearer ${upstreamToken}`;
      const method = req.method ?? "GET";
      const answer = await fetch(`${upstream}${path}${query.size > 0 ? `?${query}` : ""}`, {
        method,
        headers,
        body: body === "" ? undefined : body,
      });
      let status = answer.status;
      let text = await answer.text();
      const userName = /^userName eq "(.*)"$/i.exec(query.get("filter") ?? "")?.[1];
      if (breakage.caseSensitiveUserName && userName !== undefined && status === 200) {
        const list = JSON.parse(text) as Json & { Resources?: Json[] };
        list.Resources = (list.Resources ?? []).filter((r) => r.userName === userName);
        list.totalResults = list.itemsPerPage = list.Resources.length;
        text = JSON.stringify(list);
      }
      if (breakage.duplicateAnswers200 && method === "POST" && path === "/Users" && status === 409) {
        const taken = String((JSON.parse(body) as Json).userName);
        const filter = encodeURIComponent(`userName eq ${JSON.stringify(taken)}`);
        const found = (await fetch(`${upstream}/Users?filter=${filter}`, { headers }).then((r) =>
          r.json(),
        )) as {
          Resources?: Json[];
        };
        status = 200;
        text = JSON.stringify(found.Resources?.[0] ?? {});
      }
      const out: Record<string, string> = {};
      const type = answer.headers.get("content-type");
      if (type) out["content-type"] = type;
      const location = answer.headers.get("location");
      if (location) out.location = location.replace(upstream, baseUrl);
      res.writeHead(status, out);
      res.end(status === 204 ? undefined : text);
    })().catch((err: unknown) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim`;
  return {
    baseUrl,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";
import { declareResources, isJson, type Store } from "./scimmy-store";

/**
 * A real, third-party SCIM 2.0 server (SCIMMY + scimmy-routers on express 5) with in-memory storage, used to check
 * that what we send is understood by an implementation we did not write.
 *
 * SCIMMY parses requests, validates them against the RFC 7643 schemas, applies filters' grammar, applies PATCH
 * operations itself and formats every response; the handlers in scimmy-store.ts supply storage and uniqueness of
 * userName, and this module adds bearer authentication and a record of every request as it arrived.
 */
export interface ScimmyServer {
  /** e.g. http://127.0.0.1:PORT/scim; SCIMMY's endpoints (/Users, /Groups, /ServiceProviderConfig…) live under it. */
  baseUrl: string;
  /** The bearer token every request must carry; random per start. */
  token: string;
  /** The server's own storage (SCIM JSON as SCIMMY handed it over, plus id and meta.created/lastModified). */
  users: Map<string, Record<string, unknown>>;
  groups: Map<string, Record<string, unknown>>;
  /** Every request as received, before SCIMMY (or authentication) saw it. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent, including the /scim prefix. */
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the raw text when it is not, undefined when there is no body. */
  body: unknown;
  /** The body exactly as it arrived on the wire ("" when there was none). */
  rawBody: string;
}

function headersOf(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function statusOf(err: unknown): number {
  if (isJson(err) || err instanceof Error) {
    const status = Number((err as { status?: unknown }).status);
    if (Number.isInteger(status) && status >= 400 && status < 600) return status;
  }
  return 500;
}

export async function startScimmyServer(): Promise<ScimmyServer> {
  declareResources();
  const token = randomBytes(24).toString("base64url");
  const store: Store = { users: new Map(), groups: new Map() };
  const requests: RecordedRequest[] = [];
  const app = express();

  // Record the request exactly as it arrived, then parse the JSON ourselves: once the stream is consumed, the
  // express.json() inside scimmy-routers sees a finished request and leaves our req.body alone. Parsing mirrors
  // what scimmy-routers does: only application/scim+json and application/json bodies become req.body.
  app.use("/scim", (req: Request, _res: Response, next: NextFunction) => {
    // scimmy-routers casts ?startIndex= and ?count= to numbers by assigning into req.query, which in express 5 is a
    // getter that re-parses the URL on every access, so the cast is lost and SCIMMY silently ignores both (every
    // page is page one). A plain own property restores the express 4 behaviour scimmy-routers was written for.
    Object.defineProperty(req, "query", {
      value: { ...req.query },
      writable: true,
      enumerable: true,
      configurable: true,
    });
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", next);
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let parsed: unknown;
      let parseError: unknown;
      if (rawBody.length > 0) {
        try {
          parsed = JSON.parse(rawBody);
        } catch (err) {
          parseError = err;
        }
      }
      requests.push({
        method: req.method,
        url: req.originalUrl,
        headers: headersOf(req),
        body: rawBody.length === 0 ? undefined : parseError === undefined ? parsed : rawBody,
        rawBody,
      });
      if (rawBody.length > 0 && req.is(["application/scim+json", "application/json"])) {
        if (parseError !== undefined) {
          next(
            new SCIMMY.Types.Error(
              400,
              "invalidSyntax",
              `Request body is not valid JSON: ${String(parseError)}`,
            ),
          );
          return;
        }
        req.body = parsed;
      }
      next();
    });
  });

  app.use(
    "/scim",
    new SCIMMYRouters({
      type: "bearer",
      handler: (req) => {
        const match = /^Bearer\s+(.+)$/i.exec(req.header("authorization") ?? "");
        if (match?.[1] !== token) throw new Error("Missing or invalid bearer token");
        return "scimulator";
      },
      // Every ingress/egress/degress call receives this, which is how the global handlers find this server's data.
      context: () => store,
    }),
  );

  // Errors raised before SCIMMY's router (our JSON parsing) are answered the way SCIMMY answers its own.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // scimmy-routers answers its own errors, then forwards 5xx ones here: nothing left to send.
    if (res.headersSent) return;
    const status = statusOf(err);
    const detail = err instanceof Error ? err.message : String(err);
    const scimType = isJson(err) && typeof err.scimType === "string" ? err.scimType : undefined;
    res
      .status(status)
      .type("application/scim+json")
      .send({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: String(status),
        scimType,
        detail,
      });
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/scim`,
    token,
    users: store.users,
    groups: store.groups,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

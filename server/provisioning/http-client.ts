import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/** One request exactly as it goes on the wire: the header list is sent in this order, with these names, and no other. */
export interface WireRequest {
  method: string;
  url: string;
  /** Read only: the sender hands the same cached list to request after request. */
  headers: ReadonlyArray<readonly [string, string]>;
  body?: string;
  timeoutMs: number;
  /** Sockets to this origin at once for this request's target; the client's own bound when left out. */
  maxSockets?: number;
}

export interface WireResponse {
  status: number;
  /** Every response header, lower-case names, in the order received (repeated headers joined with ", "). */
  headers: Record<string, string>;
  body: string;
}

/** Raised for a request that got no HTTP answer: `code` is the socket's (ECONNREFUSED…) or TIMEOUT. */
export class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The request died on a kept-alive socket the server had already closed, before any answer. */
    readonly staleSocket = false,
  ) {
    super(message);
  }
}

const STALE_CODES = new Set(["ECONNRESET", "EPIPE"]);

/**
 * The HTTP client under every dialect. Node's fetch adds headers of its own (sec-fetch-mode, accept-language, …)
 * that no IdP sends, so requests go out through node:http with the header list written as given: what the log
 * records is what went on the wire. Keep-alive agents, one per origin, bound the sockets per target.
 */
export function createHttpClient(maxSockets: number) {
  const agents = new Map<string, HttpAgent | HttpsAgent>();
  // One agent per origin and socket bound, so a target that asks for more sockets gets them without changing
  // another target's on the same server.
  const agentFor = (url: URL, sockets = maxSockets) => {
    const key = `${url.origin} ${sockets}`;
    let agent = agents.get(key);
    if (!agent) {
      const options = { keepAlive: true, maxSockets: sockets, scheduling: "fifo" as const };
      agent = url.protocol === "https:" ? new HttpsAgent(options) : new HttpAgent(options);
      agents.set(key, agent);
    }
    return agent;
  };

  // Each request's URL is split by hand and its origin parsed once: a WHATWG parse per request costs more than the
  // rest of the request's handling here.
  const origins = new Map<string, URL>();
  const originOf = (origin: string): URL => {
    let url = origins.get(origin);
    if (!url) {
      if (origins.size > 256) origins.clear();
      url = new URL(origin);
      origins.set(origin, url);
    }
    return url;
  };

  /**
   * A server may close an idle kept-alive socket just as a request goes out on it. That request never reached the
   * server's application, so it is sent once more on a fresh socket, as browsers do; any other failure is final.
   */
  async function send(req: WireRequest): Promise<WireResponse> {
    try {
      return await sendOnce(req);
    } catch (err) {
      if (err instanceof WireError && err.staleSocket) return sendOnce(req);
      throw err;
    }
  }

  function sendOnce(req: WireRequest): Promise<WireResponse> {
    const { origin, path } = splitUrl(req.url);
    const url = originOf(origin);
    const request = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const out = request({
        protocol: url.protocol,
        // An IPv6 literal goes to the socket without its brackets.
        hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path,
        method: req.method,
        agent: agentFor(url, req.maxSockets),
        // A flat [name, value, …] list keeps the order and the letter case, and with setHost off nothing is added.
        headers: req.headers.flat(),
        setHost: false,
      });
      // The timer settles the promise itself: a request still waiting for a free socket emits no error when
      // destroyed, and must not wait forever.
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        const err = new WireError("TIMEOUT", `No response within ${req.timeoutMs} ms`);
        finish(() => reject(err));
        out.destroy(err);
      }, req.timeoutMs);
      out.on("response", (res) => {
        readBody(res).then(
          (body) => finish(() => resolve({ status: res.statusCode ?? 0, headers: headersOf(res), body })),
          (err: unknown) => {
            // An answer that cannot be read frees its socket rather than holding it for good.
            res.destroy();
            finish(() => reject(toWireError(err)));
          },
        );
      });
      out.on("error", (err) => {
        const code = (err as NodeJS.ErrnoException).code ?? "";
        const stale = out.reusedSocket && STALE_CODES.has(code);
        finish(() => reject(stale ? new WireError(code, err.message, true) : toWireError(err)));
      });
      out.end(req.body);
    });
  }

  return {
    send,
    close(): void {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

export type HttpClient = ReturnType<typeof createHttpClient>;

/** Only printable ASCII without spaces goes on the request line as it is; anything else is parsed and escaped. */
const PLAIN_PATH = /^\/[\x21-\x7e]*$/;

/** The URL's origin and its path with query, as the request line carries it. */
function splitUrl(text: string): { origin: string; path: string } {
  const scheme = text.indexOf("://");
  const slash = scheme < 0 ? -1 : text.indexOf("/", scheme + 3);
  const path = slash < 0 ? "/" : text.slice(slash);
  if (scheme >= 0 && !text.includes("#") && PLAIN_PATH.test(path))
    return { origin: slash < 0 ? text : text.slice(0, slash), path };
  const url = new URL(text);
  return { origin: url.origin, path: `${url.pathname}${url.search}` };
}

function toWireError(err: unknown): WireError {
  if (err instanceof WireError) return err;
  const e = err as NodeJS.ErrnoException;
  return new WireError(e.code ?? "ERROR", e.message);
}

function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? "").toLowerCase();
    const value = raw[i + 1] ?? "";
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}

/** A SCIM answer is small; one this large is refused rather than held in memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * The body as text, decompressed when the IdP's Accept-Encoding invited the server to compress it. A plain body is
 * gathered from its data events: a stream pipeline costs more than the rest of an answer's handling. A compressed
 * one goes through `pipeline`, which forwards an error from either side and tears both down, so a broken stream
 * never leaves the socket held.
 */
function readBody(res: IncomingMessage): Promise<string> {
  const encoding = (res.headers["content-encoding"] ?? "").toLowerCase();
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? createGunzip()
      : encoding === "deflate"
        ? createInflate()
        : encoding === "br"
          ? createBrotliDecompress()
          : null;
  if (!decoder) return gather(res);
  const out = gather(decoder);
  // Whichever side fails first rejects; the other's rejection is expected and must not go unhandled.
  out.catch(() => undefined);
  return pipeline(res, decoder).then(() => out);
}

function gather(source: NodeJS.ReadableStream & { destroy(err?: Error): void }): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    source.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        const err = new WireError("TOO_LARGE", `the answer is over ${MAX_BODY_BYTES} bytes`);
        source.destroy(err);
        reject(err);
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    source.on("end", () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    source.on("error", reject);
    // An answer cut off mid-body closes without "end".
    source.on("close", () => {
      if (!ended) reject(new WireError("ECONNRESET", "the connection closed before the answer ended"));
    });
  });
}

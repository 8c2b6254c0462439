import type { DecodedAnswer } from "./content-coding";
import { Connection } from "./http1-connection";
import { type Pool, Queued } from "./socket-pool";
import { toWireError, WireError } from "./wire-error";

export { WireError } from "./wire-error";

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

/** Every response header with lower-case names, in the order received (repeated ones joined with ", "). */
export type WireResponse = DecodedAnswer;

/** RFC 9110 §5.1 and §5.5: a header name is a token; a value holds no CR, LF, NUL or other control byte. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** Anything past printable ASCII: such a head goes out as Latin-1 bytes, apart from its body. */
const NOT_ASCII = /[^\t\r\n\x20-\x7e]/;
/** Only printable ASCII without spaces goes on the request line as it is; anything else is parsed and escaped. */
const PLAIN_PATH = /^\/[\x21-\x7e]*$/;

/**
 * The HTTP/1.1 client under every dialect. It writes each request's bytes itself: the request line, the header
 * list exactly as given (order, letter case, nothing added: no IdP sends Node fetch's sec-fetch-mode, and the log
 * records what went on the wire), then the body. node:http's client costs about three times as much CPU per
 * request, which at a cycle's pace was most of SCIMulator's own. Kept-alive sockets, one pool per origin and
 * socket bound, serve requests in the order they came.
 */
export function createHttpClient(maxSockets: number) {
  const pools = new Map<string, Pool>();
  let closed = false;

  const poolFor = (origin: string, sockets: number): Pool => {
    const key = `${origin} ${sockets}`;
    let pool = pools.get(key);
    if (!pool) {
      const url = new URL(origin);
      const tls = url.protocol === "https:";
      if (!tls && url.protocol !== "http:") throw new WireError("ERROR", `${url.protocol} is not HTTP`);
      const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
      const endpoint = { tls, host, port: Number(url.port || (tls ? 443 : 80)) };
      pool = { endpoint, max: sockets, open: new Set(), idle: [], waiting: [], answeredAt: 0 };
      pools.set(key, pool);
    }
    return pool;
  };

  const connect = (pool: Pool): Connection => {
    const connection: Connection = new Connection(
      pool.endpoint,
      (c) => free(pool, c),
      (c) => gone(pool, c),
    );
    pool.open.add(connection);
    return connection;
  };

  /**
   * A free socket carries the request, unless it is a retry after a stale socket: that goes out on a new one, as
   * an idle socket may have been closed just the same, and the free one makes room for it.
   */
  function sendOn(pool: Pool, connection: Connection, out: Queued): void {
    if (out.fresh) {
      connection.destroy();
      pool.open.delete(connection);
      connect(pool).send(out);
    } else connection.send(out);
  }

  /** A socket whose answer is read takes the longest-waiting request, or waits in the idle list. */
  function free(pool: Pool, connection: Connection): void {
    let out = pool.waiting.shift();
    while (out?.settled) out = pool.waiting.shift();
    if (!out) pool.idle.push(connection);
    else {
      out.timer?.refresh();
      sendOn(pool, connection, out);
    }
  }

  function gone(pool: Pool, connection: Connection): void {
    pool.open.delete(connection);
    const at = pool.idle.indexOf(connection);
    if (at >= 0) pool.idle.splice(at, 1);
    while (pool.waiting.length > 0 && pool.open.size < pool.max) {
      const out = pool.waiting.shift() as Queued;
      // Only a live request's timer is re-armed: refreshing a cleared one would start it again.
      if (out.settled) continue;
      out.timer?.refresh();
      connect(pool).send(out);
    }
  }

  function dispatch(pool: Pool, out: Queued): void {
    const idle = pool.idle.shift();
    if (idle) sendOn(pool, idle, out);
    else if (pool.open.size < pool.max) connect(pool).send(out);
    else pool.waiting.push(out);
  }

  function sendOnce(req: PreparedRequest, fresh: boolean): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      if (closed) return reject(new WireError("ERROR", "the HTTP client is closed"));
      let pool: Pool;
      try {
        pool = poolFor(req.origin, req.maxSockets ?? maxSockets);
      } catch (err) {
        return reject(toWireError(err));
      }
      const out = new Queued(req, fresh, pool, resolve, reject);
      // The timeout is the target's time to answer: it runs from the moment the request goes on a socket. A
      // request still queued for one fails only when the pool's sockets have answered nothing for as long, since
      // its wait is then the target's silence (a hung socket ahead of it), not this client's own queue. Node fires
      // a timer past 2^31 - 1 ms at once, so a longer timeout is held at that (24 days).
      out.timer = setTimeout(
        () => {
          if (out.settled) return;
          if (out.connection === null && Date.now() - pool.answeredAt < req.timeoutMs) {
            out.timer?.refresh();
            return;
          }
          out.settled = true;
          out.connection?.destroy();
          reject(new WireError("TIMEOUT", `No response within ${req.timeoutMs} ms`));
        },
        Math.min(req.timeoutMs, 2 ** 31 - 1),
      );
      dispatch(pool, out);
    });
  }

  /**
   * A server may close an idle kept-alive socket just as a request goes out on it. That request never reached the
   * server's application, so it is sent once more on a fresh socket, as browsers do; any other failure is final.
   */
  async function sendPrepared(req: PreparedRequest): Promise<WireResponse> {
    try {
      return await sendOnce(req, false);
    } catch (err) {
      if (err instanceof WireError && err.staleSocket) return sendOnce(req, true);
      throw err;
    }
  }

  return {
    send(req: WireRequest): Promise<WireResponse> {
      let prepared: PreparedRequest;
      try {
        prepared = prepareRequest(req);
      } catch (err) {
        return Promise.reject(toWireError(err));
      }
      return sendPrepared(prepared);
    },
    sendPrepared,
    close(): void {
      closed = true;
      const err = new WireError("ERROR", "the HTTP client is closed");
      for (const pool of pools.values()) {
        for (const out of pool.waiting.splice(0)) {
          if (out.settled) continue;
          out.settled = true;
          out.failed(err);
        }
        for (const connection of pool.open) connection.abort(err);
      }
      pools.clear();
    },
  };
}

/** What the sender needs of a wire: this client, or the wire thread's handle on one. */
export interface HttpClient {
  send(req: WireRequest): Promise<WireResponse>;
  close(): void;
}

/** A request as bytes ready for a socket, checked: what crosses to the wire thread. */
export interface PreparedRequest {
  origin: string;
  /** The request line and every header, ending in the empty line. */
  head: string;
  /** The head holds nothing past ASCII, so head and body can go out as one UTF-8 write. */
  asciiHead: boolean;
  body: string | undefined;
  /** A HEAD request's answer has no body, whatever its Content-Length says. */
  noBody: boolean;
  /** The request asked the server to close the connection after it. */
  closeAfter: boolean;
  timeoutMs: number;
  maxSockets: number | undefined;
}

/** Throws a WireError for what cannot go on the wire: a header that would break the request's framing. */
export function prepareRequest(req: WireRequest): PreparedRequest {
  const { origin, path } = splitUrl(req.url);
  if (!TOKEN.test(req.method)) throw new WireError("ERROR", `"${req.method}" is not an HTTP method`);
  let head = `${req.method} ${path} HTTP/1.1\r\n`;
  let asciiHead = !NOT_ASCII.test(path);
  let closeAfter = false;
  for (const pair of req.headers) {
    const line = headerLine(pair);
    head += line.text;
    asciiHead &&= line.ascii;
    closeAfter ||= line.close;
  }
  return {
    origin,
    head: `${head}\r\n`,
    asciiHead,
    body: req.body,
    noBody: req.method === "HEAD",
    closeAfter,
    timeoutMs: req.timeoutMs,
    maxSockets: req.maxSockets,
  };
}

type HeaderLine = { text: string; ascii: boolean; close: boolean };
// By pair: the sender hands the same read-only pairs to request after request (only Content-Length is new each
// time), so each is checked and written out once rather than once per request.
const headerLines = new WeakMap<readonly [string, string], HeaderLine>();

/** One header as the head carries it, checked: a value with a line break would smuggle in a header of its own. */
function headerLine(pair: readonly [string, string]): HeaderLine {
  const found = headerLines.get(pair);
  if (found !== undefined) return found;
  const [name, value] = pair;
  if (!TOKEN.test(name)) throw new WireError("ERROR", `"${name}" is not a valid header name`);
  if (BAD_VALUE.test(value))
    throw new WireError("ERROR", `the ${name} header holds a character HTTP forbids`);
  const line: HeaderLine = {
    text: `${name}: ${value}\r\n`,
    ascii: !NOT_ASCII.test(value),
    close: /^connection$/i.test(name) && /\bclose\b/i.test(value),
  };
  headerLines.set(pair, line);
  return line;
}

/** The URL's origin and its path with query, as the request line carries it. */
function splitUrl(text: string): { origin: string; path: string } {
  const scheme = text.indexOf("://");
  const slash = scheme < 0 ? -1 : text.indexOf("/", scheme + 3);
  const path = slash < 0 ? "/" : text.slice(slash);
  // The quick split only for a URL whose authority ends at its path: "https://host?x" has its query first.
  if (
    scheme >= 0 &&
    slash >= 0 &&
    !text.includes("#") &&
    !text.slice(scheme + 3, slash).includes("?") &&
    PLAIN_PATH.test(path)
  )
    return { origin: slash < 0 ? text : text.slice(0, slash), path };
  const url = new URL(text);
  return { origin: url.origin, path: `${url.pathname}${url.search}` };
}

import { isIP, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { type Answer, type AnswerReader, createAnswerReader } from "./http1-answer";
import { toWireError, WireError } from "./wire-error";

/** Where a connection goes: the URL's parts a socket needs. */
export interface Endpoint {
  tls: boolean;
  /** Without an IPv6 literal's brackets. */
  host: string;
  port: number;
}

/** A request on its way: its bytes, and what to call once its answer is read or it has failed. */
export interface Outgoing {
  /** The request line and headers, ending in the empty line. */
  head: string;
  /** The head holds nothing past ASCII, so head and body go out as one UTF-8 write. */
  asciiHead: boolean;
  body: string | undefined;
  noBody: boolean;
  /** The request asked the server to close the connection after it. */
  closeAfter: boolean;
  settled: boolean;
  connection: Connection | null;
  answered(answer: Answer): void;
  failed(err: WireError): void;
}

const STALE_CODES = new Set(["ECONNRESET", "EPIPE"]);

/**
 * One kept-alive socket, one request at a time on it. What is written is exactly the request's bytes: the head
 * the client built from the header list, then the body; nothing is added.
 */
export class Connection {
  readonly socket: Socket;
  private current: Outgoing | null = null;
  private reader: AnswerReader | null = null;
  private sent = 0;
  private error: Error | null = null;
  gone = false;

  constructor(
    endpoint: Endpoint,
    private readonly onFree: (c: Connection) => void,
    private readonly onGone: (c: Connection) => void,
  ) {
    this.socket = endpoint.tls
      ? tlsConnect({
          host: endpoint.host,
          port: endpoint.port,
          // SNI names a host, never an address (RFC 6066 §3).
          servername: isIP(endpoint.host) ? undefined : endpoint.host,
          ALPNProtocols: ["http/1.1"],
        })
      : netConnect({ host: endpoint.host, port: endpoint.port });
    this.socket.setNoDelay(true);
    this.socket.on("data", (chunk: Buffer) => this.data(chunk));
    this.socket.on("error", (err) => {
      this.error = err;
    });
    this.socket.on("close", () => this.closed());
  }

  send(out: Outgoing): void {
    this.current = out;
    this.reader = createAnswerReader(out.noBody);
    out.connection = this;
    this.sent++;
    this.socket.ref();
    if (out.body === undefined || out.body === "") this.socket.write(out.head, "latin1");
    else if (out.asciiHead) this.socket.write(out.head + out.body, "utf8");
    else {
      // A header value past ASCII goes out as Latin-1, as Node's own client writes it; the body is UTF-8.
      this.socket.cork();
      this.socket.write(out.head, "latin1");
      this.socket.write(out.body, "utf8");
      this.socket.uncork();
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Fails the request out on this socket with the client's own reason, then drops the socket. */
  abort(err: WireError): void {
    const out = this.current;
    this.current = null;
    if (out) settle(out, err);
    this.socket.destroy();
  }

  private data(chunk: Buffer): void {
    const out = this.current;
    const reader = this.reader;
    // Bytes while no request is out were never asked for; such a server is not trusted with the next one.
    if (!out || !reader) {
      this.socket.destroy();
      return;
    }
    let answer: Answer | null;
    try {
      answer = reader.feed(chunk);
    } catch (err) {
      this.current = null;
      this.socket.destroy();
      settle(out, toWireError(err));
      return;
    }
    if (!answer) return;
    this.current = null;
    this.reader = null;
    // Settled before the socket is offered to the next request, so what the answer decides (a 429 holds the
    // queue back) already holds when the socket is free.
    settle(out, answer);
    if (answer.reusable && !out.closeAfter && !this.gone) {
      this.socket.unref();
      this.onFree(this);
    } else this.socket.destroy();
  }

  private closed(): void {
    this.gone = true;
    const out = this.current;
    const reader = this.reader;
    this.current = null;
    this.onGone(this);
    if (!out || !reader) return;
    const code = (this.error as NodeJS.ErrnoException | null)?.code ?? "ECONNRESET";
    // Nothing came back on a socket that had carried a request before: the server had closed it as idle, and
    // this request never reached its application.
    const stale = this.sent > 1 && !reader.received() && STALE_CODES.has(code);
    // A close that ends a body framed by it is the answer; a reset is not, whatever had arrived by then.
    settle(
      out,
      (this.error ? null : reader.end()) ??
        (stale
          ? new WireError(code, this.error?.message ?? "socket hang up", true)
          : this.error
            ? toWireError(this.error)
            : new WireError("ECONNRESET", "the connection closed before the answer ended")),
    );
  }
}

function settle(out: Outgoing, result: Answer | WireError): void {
  if (out.settled) return;
  out.settled = true;
  out.connection = null;
  if (result instanceof WireError) out.failed(result);
  else out.answered(result);
}

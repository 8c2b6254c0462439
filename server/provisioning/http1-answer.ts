import { WireError } from "./wire-error";

/** One HTTP/1.x answer, read whole from its socket. */
export interface Answer {
  status: number;
  /** Lower-case names, in the order received; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The socket may carry the next request: HTTP/1.1 without `Connection: close`, and nothing left over. */
  reusable: boolean;
}

/** A SCIM answer is small; one this large is refused rather than held in memory. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Status line and headers together; Node's own server refuses a request head past 16 KB. */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?:[ \t]|$)/;

const malformed = (what: string) =>
  new WireError("BAD_RESPONSE", `the answer is not valid HTTP/1.1: ${what}`);

const tokensOf = (value: string | undefined) =>
  value === undefined
    ? []
    : value
        .toLowerCase()
        .split(",")
        .map((t) => t.trim());

/** RFC 9112 §6.3: how the body's end is known. */
type Framing = { kind: "none" } | { kind: "length"; left: number } | { kind: "chunked" } | { kind: "close" };

function framingOf(status: number, headers: Record<string, string>, noBody: boolean): Framing {
  if (noBody || status === 204 || status === 304) return { kind: "none" };
  const codings = tokensOf(headers["transfer-encoding"]);
  if (codings.length > 0) return codings.at(-1) === "chunked" ? { kind: "chunked" } : { kind: "close" };
  const length = headers["content-length"];
  if (length === undefined) return { kind: "close" };
  // A repeated Content-Length arrives joined ("12, 12"); it is only usable when every copy agrees.
  const values = new Set(length.split(",").map((v) => v.trim()));
  const [only] = values;
  if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only))
    throw malformed(`Content-Length "${length}"`);
  const left = Number(only);
  if (left > MAX_BODY_BYTES) throw new WireError("TOO_LARGE", `the answer is over ${MAX_BODY_BYTES} bytes`);
  return { kind: "length", left };
}

/** Status line and header lines; obs-fold continuation lines (RFC 9112 §5.2) join the line before them. */
function parseHead(text: string): { status: number; minor: string; headers: Record<string, string> } {
  const lines = text.split("\r\n");
  const statusLine = STATUS_LINE.exec(lines[0] ?? "");
  if (!statusLine) throw malformed(`status line "${(lines[0] ?? "").slice(0, 80)}"`);
  // A Map, not an object, while reading: a header named "constructor" or "__proto__" is only a name.
  const headers = new Map<string, string>();
  let last = "";
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (!last) throw malformed("a continuation line before any header");
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) throw malformed(`header line "${line.slice(0, 80)}"`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
    last = name;
  }
  return {
    status: Number(statusLine[2]),
    minor: statusLine[1] as string,
    headers: Object.fromEntries(headers),
  };
}

/**
 * Reads one answer from the bytes a socket delivers, in whatever pieces they come: the head, then a body framed
 * by Content-Length, by chunks or by the connection's close. Informational answers (100 Continue, 103 Early
 * Hints) are skipped, as the final answer follows them. A malformed answer throws a WireError; its socket is then
 * of no further use. A class rather than closures: one reader is made per request, and the TypeScript loader
 * names every closure as it is made.
 */
export class AnswerReader {
  private pending: Buffer | null = null;
  private got = false;
  private head: ReturnType<typeof parseHead> | null = null;
  private framing: Framing = { kind: "none" };
  private chunkState: "size" | "data" | "crlf" | "trailers" = "size";
  private chunkLeft = 0;
  private readonly body: Buffer[] = [];
  private size = 0;
  // Heads (informational ones included) and trailers share one budget, so an endless stream of them is refused.
  private headBytes = 0;

  constructor(private readonly noBody: boolean) {}

  /** Whether any byte of the answer has arrived: a request with none on a reused socket never reached its server. */
  received(): boolean {
    return this.got;
  }

  /** The next bytes from the socket; the answer once it is whole. */
  feed(chunk: Buffer): Answer | null {
    this.got = true;
    let bytes: Buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    while (this.head === null) {
      const end = bytes.indexOf(HEAD_END);
      if (end < 0) {
        if (this.headBytes + bytes.length > MAX_HEAD_BYTES)
          throw malformed(`a head over ${MAX_HEAD_BYTES} bytes`);
        this.pending = bytes;
        return null;
      }
      this.countHead(end + 4);
      const parsed = parseHead(bytes.toString("latin1", 0, end));
      bytes = bytes.subarray(end + 4);
      if (parsed.status === 101) throw malformed("101 Switching Protocols, which was not asked for");
      if (parsed.status >= 100 && parsed.status < 200) continue;
      this.head = parsed;
      this.framing = framingOf(parsed.status, parsed.headers, this.noBody);
    }
    return this.readBody(bytes);
  }

  /** The connection closed: that ends a body framed by the close, and leaves any other answer cut off. */
  end(): Answer | null {
    return this.head !== null && this.framing.kind === "close" ? this.answer(false) : null;
  }

  private countHead(n: number): void {
    this.headBytes += n;
    if (this.headBytes > MAX_HEAD_BYTES) throw malformed(`heads and trailers over ${MAX_HEAD_BYTES} bytes`);
  }

  private take(piece: Buffer): void {
    this.size += piece.length;
    if (this.size > MAX_BODY_BYTES)
      throw new WireError("TOO_LARGE", `the answer is over ${MAX_BODY_BYTES} bytes`);
    this.body.push(piece);
  }

  private answer(reusable: boolean): Answer {
    const h = this.head as NonNullable<AnswerReader["head"]>;
    // Transfer-Encoding beside Content-Length is how responses are smuggled (RFC 9112 §6.1): read, never reused.
    const ambiguous =
      h.headers["transfer-encoding"] !== undefined && h.headers["content-length"] !== undefined;
    const keepAlive = h.minor === "1" && !ambiguous && !tokensOf(h.headers.connection).includes("close");
    return {
      status: h.status,
      headers: h.headers,
      body: this.body.length === 1 ? (this.body[0] as Buffer) : Buffer.concat(this.body, this.size),
      reusable: reusable && keepAlive,
    };
  }

  /** Chunked bodies: sizes, data, the CRLF after each, and trailer lines up to the empty one. */
  private readChunks(bytes: Buffer): Answer | null {
    let at = 0;
    for (;;) {
      if (this.chunkState === "data") {
        const n = Math.min(this.chunkLeft, bytes.length - at);
        if (n > 0) this.take(bytes.subarray(at, at + n));
        at += n;
        this.chunkLeft -= n;
        if (this.chunkLeft > 0) return null;
        this.chunkState = "crlf";
      }
      if (this.chunkState === "crlf") {
        if (bytes.length - at < 2) break;
        if (bytes[at] !== 13 || bytes[at + 1] !== 10) throw malformed("no CRLF after a chunk");
        at += 2;
        this.chunkState = "size";
      }
      const eol = bytes.indexOf(CRLF, at);
      if (eol < 0) break;
      const line = bytes.toString("latin1", at, eol);
      at = eol + 2;
      if (this.chunkState === "trailers") {
        this.countHead(line.length + 2);
        if (line === "") return this.answer(at === bytes.length);
        continue;
      }
      const hex = (line.split(";")[0] ?? "").trim();
      if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw malformed(`chunk size "${line.slice(0, 40)}"`);
      this.chunkLeft = Number.parseInt(hex, 16);
      this.chunkState = this.chunkLeft === 0 ? "trailers" : "data";
    }
    const rest = bytes.subarray(at);
    if (rest.length > MAX_HEAD_BYTES) throw malformed("a chunk-size or trailer line that does not end");
    this.pending = rest.length > 0 ? rest : null;
    return null;
  }

  private readBody(bytes: Buffer): Answer | null {
    const framing = this.framing;
    if (framing.kind === "none") return this.answer(bytes.length === 0);
    if (framing.kind === "close") {
      if (bytes.length > 0) this.take(bytes);
      return null;
    }
    if (framing.kind === "chunked") return this.readChunks(bytes);
    const n = Math.min(framing.left, bytes.length);
    if (n > 0) this.take(n === bytes.length ? bytes : bytes.subarray(0, n));
    framing.left -= n;
    // Bytes past the body were never asked for: the socket is not trusted with another request.
    return framing.left === 0 ? this.answer(n === bytes.length) : null;
  }
}

export const createAnswerReader = (noBody: boolean): AnswerReader => new AnswerReader(noBody);

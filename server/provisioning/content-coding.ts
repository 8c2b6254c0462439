import { brotliDecompress, gunzip, inflate } from "node:zlib";
import { type Answer, MAX_BODY_BYTES } from "./http1-answer";
import { WireError } from "./wire-error";

/** An answer as the client hands it on: the body as text. */
export interface DecodedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Inflate = (body: Buffer, done: (err: Error | null, out: Buffer) => void) => void;
/** Each with the body's own bound, so a small gzip bomb cannot fill the memory. */
const bound = { maxOutputLength: MAX_BODY_BYTES };
const INFLATERS: Record<string, Inflate> = {
  gzip: (body, done) => gunzip(body, bound, done),
  "x-gzip": (body, done) => gunzip(body, bound, done),
  deflate: (body, done) => inflate(body, bound, done),
  br: (body, done) => brotliDecompress(body, bound, done),
};

const asText = (answer: Answer, body: Buffer): DecodedAnswer => ({
  status: answer.status,
  headers: answer.headers,
  body: body.toString("utf8"),
});

/** The body as text, decompressed when the IdP's Accept-Encoding invited the server to compress it. */
export function decoded(answer: Answer): Promise<DecodedAnswer> {
  const encoding = (answer.headers["content-encoding"] ?? "").trim().toLowerCase();
  const inflater = Object.hasOwn(INFLATERS, encoding) ? INFLATERS[encoding] : undefined;
  // Codings applied one over another ("gzip, br") are refused rather than handed on still compressed.
  if (encoding.includes(","))
    return Promise.reject(
      new WireError("BAD_RESPONSE", `the answer's content codings "${encoding}" are stacked`),
    );
  if (!inflater || answer.body.length === 0) return Promise.resolve(asText(answer, answer.body));
  return new Promise((resolve, reject) => {
    inflater(answer.body, (err, body) => {
      if (!err) return resolve(asText(answer, body));
      const e = err as NodeJS.ErrnoException;
      reject(
        e.code === "ERR_BUFFER_TOO_LARGE"
          ? new WireError("TOO_LARGE", `the answer is over ${MAX_BODY_BYTES} bytes once decompressed`)
          : new WireError(e.code ?? "ERROR", `the ${encoding} body cannot be decompressed: ${e.message}`),
      );
    });
  });
}

/**
 * JSON text in pieces, exactly as `JSON.stringify(value, null, indent)` would write it whole. A snapshot of 100k
 * records is then never one string of tens of megabytes: the writer holds one piece at a time, so memory stays
 * flat and the event loop gets a turn between pieces.
 */
export function* jsonChunks(
  value: unknown,
  indent: number | undefined,
  pieceBytes = 1 << 20,
): Generator<string> {
  let piece = "";
  for (const part of parts(value, indent, "", 0)) {
    piece += part;
    if (piece.length >= pieceBytes) {
      yield piece;
      piece = "";
    }
  }
  if (piece) yield piece;
}

/** Containers are opened up to this depth (the store, its lists, a target's links); below it values are whole. */
const OPEN_DEPTH = 3;

function* parts(value: unknown, indent: number | undefined, pad: string, depth: number): Generator<string> {
  const whole = (v: unknown) => {
    const text = JSON.stringify(v, null, indent);
    return indent && pad ? text.replace(/\n/g, `\n${pad}`) : text;
  };
  const open = depth < OPEN_DEPTH && value !== null && typeof value === "object" && !hasToJson(value);
  if (!open) {
    yield whole(value);
    return;
  }
  const inner = indent ? pad + " ".repeat(indent) : "";
  const [nl, colon] = indent ? ["\n", ": "] : ["", ":"];
  if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    yield "[";
    for (let i = 0; i < value.length; i++) {
      yield `${i > 0 ? "," : ""}${nl}${inner}`;
      const item = value[i];
      // As JSON.stringify does: what has no JSON form is null inside a list.
      if (item === undefined || typeof item === "function" || typeof item === "symbol") yield "null";
      else yield* parts(item, indent, inner, depth + 1);
    }
    yield `${nl}${pad}]`;
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    yield `${first ? "{" : ","}${nl}${inner}${JSON.stringify(key)}${colon}`;
    first = false;
    yield* parts(item, indent, inner, depth + 1);
  }
  yield first ? "{}" : `${nl}${pad}}`;
}

const hasToJson = (value: object) => typeof (value as { toJSON?: unknown }).toJSON === "function";

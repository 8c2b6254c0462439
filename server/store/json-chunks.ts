/**
 * JSON text in pieces, exactly as `JSON.stringify(value, null, indent)` would write it whole. A snapshot of 100k
 * records is then never one string of tens of megabytes: the writer holds one piece at a time, so memory stays
 * flat and the event loop gets a turn between pieces.
 */
export function* jsonChunks(
  value: unknown,
  indent: number | undefined,
  pieceBytes = 1 << 20,
  /** The form a value takes on disk, given where it sits (a link's pushed copy as a reference, say). */
  diskForm: DiskForm = keep,
): Generator<string> {
  let piece = "";
  for (const part of parts(value, indent, "", [], diskForm)) {
    piece += part;
    if (piece.length >= pieceBytes) {
      yield piece;
      piece = "";
    }
  }
  if (piece) yield piece;
}

export type DiskForm = (path: readonly string[], value: unknown) => unknown;

/** A value's JSON, already written by its store: a snapshot copies it rather than serialise the value again. */
export class RawJson {
  constructor(readonly text: string) {}
}

const keep: DiskForm = (_path, value) => value;

/**
 * Containers are opened up to this depth (the store, its lists, a target's links by kind, each link); below it
 * values are serialised whole.
 */
const OPEN_DEPTH = 4;

const skipped = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";

function* parts(
  given: unknown,
  indent: number | undefined,
  pad: string,
  path: string[],
  diskForm: DiskForm,
): Generator<string> {
  const value = diskForm(path, given);
  if (value instanceof RawJson) return yield value.text;
  const open = path.length < OPEN_DEPTH && value !== null && typeof value === "object" && !hasToJson(value);
  if (!open) {
    const text = JSON.stringify(value, null, indent);
    yield indent && pad ? text.replace(/\n/g, `\n${pad}`) : text;
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
      if (skipped(item)) yield "null";
      else yield* parts(item, indent, inner, [...path, String(i)], diskForm);
    }
    yield `${nl}${pad}]`;
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (skipped(item)) continue;
    yield `${first ? "{" : ","}${nl}${inner}${JSON.stringify(key)}${colon}`;
    first = false;
    yield* parts(item, indent, inner, [...path, key], diskForm);
  }
  yield first ? "{}" : `${nl}${pad}}`;
}

const hasToJson = (value: object) => typeof (value as { toJSON?: unknown }).toJSON === "function";

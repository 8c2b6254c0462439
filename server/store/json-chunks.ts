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
  for (const part of parts(diskForm([], value), indent, "", [], diskForm)) {
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

/** Whether a value (already in its disk form) is written piece by piece rather than whole. */
const opens = (value: unknown, depth: number): value is object =>
  depth < OPEN_DEPTH &&
  value !== null &&
  typeof value === "object" &&
  !(value instanceof RawJson) &&
  !hasToJson(value);

function leaf(value: unknown, indent: number | undefined, pad: string): string {
  if (value instanceof RawJson) return value.text;
  const text = JSON.stringify(value, null, indent);
  return indent && pad ? text.replace(/\n/g, `\n${pad}`) : text;
}

/**
 * The pieces of a value already in its disk form. `path` is one array for the whole walk, pushed and popped as it
 * goes down and up (a disk form reads it at once and keeps nothing). A child written whole is joined to the text
 * before it: most of a store's values are leaves, and each generator a value passes through costs an allocation
 * per piece.
 */
function* parts(
  value: unknown,
  indent: number | undefined,
  pad: string,
  path: string[],
  diskForm: DiskForm,
): Generator<string> {
  if (!opens(value, path.length)) return yield leaf(value, indent, pad);
  const inner = indent ? pad + " ".repeat(indent) : "";
  const nl = indent ? "\n" : "";
  const colon = indent ? ": " : ":";
  const list = Array.isArray(value);
  const record = value as Record<string, unknown>;
  const keys = list ? null : Object.keys(record);
  const count = keys ? keys.length : (value as unknown[]).length;
  let first = true;
  for (let i = 0; i < count; i++) {
    const key = keys ? (keys[i] as string) : String(i);
    const item = record[key];
    // As JSON.stringify does: what has no JSON form is left out of a record, and is null inside a list.
    if (!list && skipped(item)) continue;
    const before = `${first ? (list ? "[" : "{") : ","}${nl}${inner}${list ? "" : `${JSON.stringify(key)}${colon}`}`;
    first = false;
    if (skipped(item)) {
      yield `${before}null`;
      continue;
    }
    path.push(key);
    const formed = diskForm(path, item);
    if (opens(formed, path.length)) {
      yield before;
      yield* parts(formed, indent, inner, path, diskForm);
    } else yield before + leaf(formed, indent, inner);
    path.pop();
  }
  yield first ? (list ? "[]" : "{}") : `${nl}${pad}${list ? "]" : "}"}`;
}

const hasToJson = (value: object) => typeof (value as { toJSON?: unknown }).toJSON === "function";

import type { RequestExplanation, WireReason } from "../../protocol";

/**
 * What a request must look like for a rule to have produced it. Plain data, so each dialect's table reads like
 * docs/dialects.md: the method, the resource (a list or one item), pieces of the decoded query, and what one of its
 * PatchOp operations or one top-level body field holds.
 */
export interface RequestShape {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  resource: "Users" | "Users/{id}" | "Groups" | "Groups/{id}";
  /** Pieces the query must hold, compared after decoding (`+` and `%20` both read as a space). */
  query?: readonly string[];
  /** Pieces the raw, undecoded query must hold: how it was encoded is itself the rule. */
  rawQuery?: readonly string[];
  /** No query at all. */
  noQuery?: boolean;
  /** One PatchOp operation must match: `op` exactly (case counts), `path` exactly, or no path; `value` exactly. */
  operation?: { op?: string; path?: string; pathless?: boolean; value?: unknown; valueHas?: string };
  /** A top-level body field, present, or holding exactly this value. */
  field?: { name: string; value?: unknown };
}

/** One rule of a dialect: the shape it produces and why, with its source, RFC section and a strict server's answer. */
export interface WireRule extends WireReason {
  when: RequestShape;
}

export const DIALECTS_DOC = "docs/dialects.md";

interface SeenRequest {
  method: string;
  url: string;
  body: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function decoded(query: string): string {
  try {
    return decodeURIComponent(query.replace(/\+/g, " "));
  } catch {
    return query;
  }
}

/** The SCIM resource path of a URL, whatever base it sits under: `/Users`, `/Users/{id}`, `/Groups`... */
function resourceOf(url: string): { resource: string; path: string; query: string } | null {
  const [path = "", query = ""] = url.split(/\?(.*)/s);
  const match = /\/(Users|Groups)(\/[^/]+)?\/?$/.exec(path);
  if (!match) return null;
  return { resource: match[2] ? `${match[1]}/{id}` : (match[1] ?? ""), path: match[0], query };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function operationMatches(body: unknown, want: NonNullable<RequestShape["operation"]>): boolean {
  const ops = isRecord(body) && Array.isArray(body.Operations) ? body.Operations : [];
  return ops.some(
    (op) =>
      isRecord(op) &&
      (want.op === undefined || op.op === want.op) &&
      (want.path === undefined || op.path === want.path) &&
      (want.pathless !== true || op.path === undefined) &&
      (!("value" in want) || same(op.value, want.value)) &&
      (want.valueHas === undefined || (isRecord(op.value) && want.valueHas in op.value)),
  );
}

export function shapeMatches(shape: RequestShape, request: SeenRequest): boolean {
  const seen = resourceOf(request.url);
  if (!seen || request.method.toUpperCase() !== shape.method || seen.resource !== shape.resource)
    return false;
  if (shape.noQuery && seen.query !== "") return false;
  const query = decoded(seen.query);
  if (shape.query && !shape.query.every((piece) => query.includes(piece))) return false;
  if (shape.rawQuery && !shape.rawQuery.every((piece) => seen.query.includes(piece))) return false;
  if (shape.operation && !operationMatches(request.body, shape.operation)) return false;
  if (shape.field) {
    const { name } = shape.field;
    if (!isRecord(request.body) || !(name in request.body)) return false;
    if ("value" in shape.field && !same(request.body[name], shape.field.value)) return false;
  }
  return true;
}

const reasonOf = ({ when: _when, ...reason }: WireRule): WireReason => reason;

/**
 * Why a request looks as it does: every rule of its own dialect that matches, then the first plain RFC rule that
 * does, so a quirk is always shown against the baseline it departs from.
 */
export function explainRequest(
  profile: string,
  own: readonly WireRule[],
  baseline: readonly WireRule[],
  request: SeenRequest,
): RequestExplanation {
  const seen = resourceOf(request.url);
  const reasons = own.filter((r) => shapeMatches(r.when, request)).map(reasonOf);
  const base = baseline.find((r) => shapeMatches(r.when, request));
  if (base && !reasons.some((r) => r.rule === base.rule)) reasons.push(reasonOf(base));
  return { profile, method: request.method, path: seen?.path ?? request.url, reasons };
}

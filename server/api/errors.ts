import type { ErrorRequestHandler, RequestHandler } from "express";
import { Problem, type ProblemKind } from "../problem";
import type { ApiError } from "../protocol";
import { findReservedKey } from "../reserved-names";

const STATUS: Record<ProblemKind, number> = { invalid: 400, not_found: 404, conflict: 409 };

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  body?: string;
}

/** Bodies are JSON or nothing; anything else is refused before a handler can misread it. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  const hasBody =
    Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (hasBody && !req.is(["application/json", "application/*+json"])) {
    const got = req.headers["content-type"] ?? "none";
    const body: ApiError = {
      error: `Send the request body as JSON with "Content-Type: application/json" (got "${got}")`,
      details: [{ path: "Content-Type", message: `must be application/json, got "${got}"` }],
    };
    res.status(415).json(body);
    return;
  }
  next();
};

/** Keys such as `__proto__` reach JavaScript's object machinery, not data; no control-API field has one. */
export const refuseReservedKeys: RequestHandler = (req, _res, next) => {
  const path = findReservedKey(req.body);
  if (path !== undefined) {
    throw new Problem(
      "invalid",
      `The request body names "${path}", which is not a field of the control API`,
      [{ path, message: "is not an allowed field name" }],
    );
  }
  next();
};

export const notFound: RequestHandler = (req, res) => {
  const path = req.originalUrl.split("?")[0];
  const body: ApiError = { error: `No route ${req.method} ${path}. See the README for the control API.` };
  res.status(404).json(body);
};

/** The control API's one error shape, {error, details?}; a stack trace never leaves the process. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (err instanceof Problem) {
    const body: ApiError = { error: err.message, ...(err.details ? { details: err.details } : {}) };
    res.status(STATUS[err.kind]).json(body);
    return;
  }
  const parserError = err as BodyParserError;
  if (parserError.type === "entity.parse.failed") {
    res.status(400).json(unparsableBody(parserError));
    return;
  }
  if (parserError.type === "entity.too.large") {
    res.status(413).json({ error: "Request body is too large (limit 1 MB)" } satisfies ApiError);
    return;
  }
  if (typeof parserError.status === "number" && parserError.status >= 400 && parserError.status < 500) {
    res.status(parserError.status).json({ error: parserError.message } satisfies ApiError);
    return;
  }
  console.error(`scimulator: ${req.method} ${req.originalUrl} failed:`, err);
  res.status(500).json({ error: "Internal error; the server log has the details" } satisfies ApiError);
};

/** The JSON parser only takes objects and arrays, so `null` or `"x"` is valid JSON yet still a wrong body. */
function unparsableBody(err: BodyParserError): ApiError {
  const text = err.body?.trim() ?? "";
  let scalar = false;
  try {
    JSON.parse(text);
    scalar = text !== "";
  } catch {
    scalar = false;
  }
  const message = scalar
    ? `must be a JSON object, got ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`
    : `is not valid JSON: ${err.message}`;
  return { error: `The request body ${message}`, details: [{ path: "(body)", message }] };
}

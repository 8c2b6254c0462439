import { randomUUID } from "node:crypto";
import type { CheckFinding, CheckId, Exchange, TargetAuth } from "../protocol";
import { ask, type CheckRun, type DialectRun, read, userNameOfA, userPath } from "./context";
import { describe, failed, ok, statusOf, warned } from "./evidence";
import { CORE_USER, errorOf, idOf, isObject } from "./resources";

/** An RFC 7644 §3.12 error body: the Error schema, `status` as a string equal to the HTTP status, a detail. */
function errorShape(exchange: Exchange, what: string): CheckFinding[] {
  const status = statusOf(exchange);
  const error = errorOf(exchange.response?.body);
  const missing = [
    error.schema ? "" : "the Error schema",
    error.status === String(status) ? "" : `"status": "${status}"`,
    error.detail ? "" : "a detail",
  ].filter(Boolean);
  if (missing.length === 0) return [];
  const typed =
    typeof error.status === "number" ? ` (status is the number ${error.status}; SCIM says a string)` : "";
  return [
    warned(
      `${what} came back without ${missing.join(", ")}${typed}`,
      `Answer with {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"${status}","detail":"…"}`,
      exchange,
    ),
  ];
}

const missing: CheckRun = async (run) => {
  const { exchange } = await read(run, userPath(randomUUID()));
  if (statusOf(exchange) !== 404)
    return {
      findings: [failed(`a user that does not exist: ${describe(exchange, run.target.baseUrl)}`, exchange)],
    };
  return { findings: errorShape(exchange, "the 404") };
};

/** The POST the IdP sent for the test user, sent again with its current userName. */
function createBodyOf(run: DialectRun): Record<string, unknown> {
  const post = run.host.log
    .list()
    .find(
      (e) => e.targetId === run.target.id && e.request.method === "POST" && /\/Users$/.test(e.request.url),
    );
  const body = isObject(post?.request.body) ? post.request.body : { schemas: [CORE_USER] };
  return { ...body, userName: userNameOfA(run) };
}

const duplicate: CheckRun = async (run) => {
  if (!run.remote.a) return { findings: [], skip: "the test user was never created" };
  const { exchange, response } = await ask(run, { method: "POST", path: "/Users", body: createBodyOf(run) });
  const base = run.target.baseUrl;
  const status = statusOf(exchange);
  if (status === 409) {
    const { scimType } = errorOf(response.body);
    const shape = errorShape(exchange, "the 409");
    if (scimType !== "uniqueness")
      shape.push(
        warned(
          `the 409 has scimType ${JSON.stringify(scimType) ?? "missing"}, not "uniqueness"`,
          'Set scimType to "uniqueness"',
          exchange,
        ),
      );
    return { findings: shape };
  }
  if (ok(exchange)) {
    const id = idOf(response.body);
    const what = id && id !== run.remote.a ? `a second account (${id})` : "the existing account";
    return {
      findings: [
        failed(
          `a POST of a userName that is taken: ${describe(exchange, base)}, with ${what}`,
          exchange,
          "accepted",
        ),
      ],
    };
  }
  if (status >= 400 && status < 500)
    return {
      findings: [
        warned(
          `a POST of a userName that is taken: ${describe(exchange, base)}`,
          "Answer with 409 and scimType uniqueness",
          exchange,
        ),
      ],
    };
  return { findings: [failed(`a POST of a userName that is taken: ${describe(exchange, base)}`, exchange)] };
};

/** A credential of the same kind as the real one, but wrong. */
function wrongAuth(auth: TargetAuth): TargetAuth {
  const wrong = `scimulator-check-wrong-${randomUUID()}`;
  switch (auth.type) {
    case "bearer":
    case "none":
      return { type: "bearer", token: wrong };
    case "basic":
      return { type: "basic", username: auth.username, password: wrong };
    case "header":
      return { type: "header", name: auth.name, value: wrong };
  }
}

const invalidAuth: CheckRun = async (run) => {
  if (run.noAuth) return { findings: [], skip: "the server takes no credentials (--no-auth)" };
  const { exchange } = await ask(
    run,
    { method: "GET", path: "/Users", query: [["count", "1"]] },
    wrongAuth(run.target.auth),
  );
  const base = run.target.baseUrl;
  const status = statusOf(exchange);
  if (status === 401) return { findings: errorShape(exchange, "the 401") };
  if (ok(exchange))
    return {
      findings: [
        failed(`a wrong credential was accepted: ${describe(exchange, base)}`, exchange, "accepted"),
      ],
    };
  if (status >= 400 && status < 500)
    return {
      findings: [
        warned(
          `a wrong credential: ${describe(exchange, base)}`,
          "Refuse a wrong credential with 401 (RFC 7644 §3.12)",
          exchange,
        ),
      ],
    };
  return { findings: [failed(`a wrong credential: ${describe(exchange, base)}`, exchange)] };
};

export const errorChecks: Partial<Record<CheckId, CheckRun>> = {
  "user.missing": missing,
  "user.duplicate": duplicate,
  "auth.invalid": invalidAuth,
};

import type { CheckFinding, Exchange } from "../protocol";
import { type DialectRun, read } from "./context";
import { describe, failed, ok, statusOf, warned } from "./evidence";
import { attr, errorOf, idOf, isObject, listOf, sameText } from "./resources";

/** Entra's default `"True"`/`"False"` strings for `active`, in a path op or a path-less value map. */
export function sendsStringBoolean(exchange: Exchange): boolean {
  const ops = (exchange.request.body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(ops)) return false;
  return ops.some((op) => {
    const path = attr(op, "path");
    const value = attr(op, "value");
    if (typeof path === "string") return path.toLowerCase() === "active" && typeof value === "string";
    return typeof attr(value, "active") === "string";
  });
}

const isFilter = (exchange: Exchange) => /[?&]filter=/.test(exchange.request.url);

/** Why a refused request was refused, when that picks a more precise explanation. */
function reasonOf(exchange: Exchange): string | undefined {
  const status = statusOf(exchange);
  if (status === 0) return "no-answer";
  if (status === 400 && sendsStringBoolean(exchange)) return "string-boolean";
  return undefined;
}

/**
 * The IdP's own requests for one step: each must have been answered with a 2xx. A lookup's 404 the IdP reads
 * as "not there", so that is only a warning.
 */
export function judgeTraffic(run: DialectRun, exchanges: Exchange[], what: string): CheckFinding[] {
  const base = run.target.baseUrl;
  if (exchanges.length === 0) return [failed(`${what} sent nothing: SCIMulator had nothing to push`)];
  return exchanges.flatMap((e): CheckFinding[] => {
    if (ok(e)) return [];
    if (statusOf(e) === 404 && e.request.method === "GET" && isFilter(e))
      return [
        warned(
          `${what}: ${describe(e, base)}`,
          "Answer a filter that matches nothing with 200 and an empty ListResponse, not 404 (RFC 7644 §3.4.2)",
          e,
        ),
      ];
    return [failed(`${what}: ${describe(e, base)}`, e, reasonOf(e))];
  });
}

/** A POST that created something: 201 with the resource's id, and a Location header. */
export function judgeCreated(run: DialectRun, exchanges: Exchange[], what: string): CheckFinding[] {
  const base = run.target.baseUrl;
  const post = exchanges.find((e) => e.request.method === "POST" && ok(e));
  if (!post?.response) return [];
  const findings: CheckFinding[] = [];
  if (post.response.status !== 201)
    findings.push(
      warned(
        `${what} was answered ${post.response.status}, not 201 Created`,
        "Answer a create with 201",
        post,
      ),
    );
  if (!idOf(post.response.body))
    findings.push(failed(`${what}: ${describe(post, base)}, with no id in the body`, post, "no-id"));
  if (!post.response.headers.location)
    findings.push(
      warned(
        `${what} was answered with no Location header`,
        "Set Location to the new resource's URL (RFC 7644 §3.3)",
        post,
      ),
    );
  return findings;
}

export interface ReadBack {
  exchange: Exchange;
  body: unknown;
  findings: CheckFinding[];
}

/** Reads a resource back by id and checks that the server found it under that id. */
export async function readBack(run: DialectRun, path: string, id: string, what: string): Promise<ReadBack> {
  const { exchange, response } = await read(run, path);
  const findings: CheckFinding[] = [];
  if (response.status !== 200)
    findings.push(failed(`reading the ${what} back: ${describe(exchange, run.target.baseUrl)}`, exchange));
  else if (idOf(response.body) !== id)
    findings.push(
      failed(`reading the ${what} back gave id ${String(attr(response.body, "id"))}, not ${id}`, exchange),
    );
  return { exchange, body: response.body, findings };
}

/** An attribute read back must hold what the IdP set; strings compare without regard to case. */
export function expectValue(back: ReadBack, path: string, wanted: string | boolean): CheckFinding[] {
  if (back.findings.length > 0) return [];
  const value = attr(back.body, path);
  const same = typeof wanted === "string" ? sameText(value, wanted) : value === wanted;
  if (same) return [];
  if (typeof wanted === "boolean" && sameText(value, String(wanted)))
    return [
      warned(
        `${path} came back as the string ${JSON.stringify(value)}, not the boolean ${wanted}`,
        `Store and return ${path} as a JSON boolean`,
        back.exchange,
      ),
    ];
  return [
    failed(
      `${path} read back as ${JSON.stringify(value) ?? "nothing"} where the IdP had set ${JSON.stringify(wanted)}`,
      back.exchange,
    ),
  ];
}

/**
 * A list answer the IdP depends on: 200 and a ListResponse; with `empty`, one that matched nothing. Returns the
 * resources for further checks.
 */
export function judgeList(
  run: DialectRun,
  exchange: Exchange,
  what: string,
  empty = false,
): { findings: CheckFinding[]; resources: unknown[] } {
  const base = run.target.baseUrl;
  const response = exchange.response;
  if (!ok(exchange) || !response)
    return {
      findings: [failed(`${what}: ${describe(exchange, base)}`, exchange, reasonOf(exchange))],
      resources: [],
    };
  const list = listOf(response.body);
  if (!list || typeof list.totalResults !== "number")
    return {
      findings: [
        failed(
          `${what}: ${describe(exchange, base)}, but the body is not a ListResponse (no numeric totalResults)`,
          exchange,
        ),
      ],
      resources: [],
    };
  const findings: CheckFinding[] = [];
  if (!list.schema)
    findings.push(
      warned(
        `${what}: the ListResponse does not name the schema urn:ietf:params:scim:api:messages:2.0:ListResponse`,
        "List the ListResponse schema in `schemas`",
        exchange,
      ),
    );
  const resources = list.resources ?? [];
  if (empty && (list.totalResults !== 0 || resources.length > 0))
    findings.push(
      failed(`${what} matched ${list.totalResults} resource(s) where it should match none`, exchange),
    );
  if (!empty && list.totalResults > 0 && !list.resources)
    findings.push(
      failed(`${what}: totalResults is ${list.totalResults} but there is no Resources array`, exchange),
    );
  if (resources.some((r) => !isObject(r)))
    findings.push(failed(`${what}: Resources holds something that is not a resource`, exchange));
  return { findings, resources };
}

/**
 * A delete the IdP sent: 204 (any 2xx passes, with a warning), after which the resource is gone: a read of it
 * answers 404, with the SCIM Error body.
 */
export async function judgeDeleted(
  run: DialectRun,
  exchanges: Exchange[],
  path: string,
  what: "user" | "group",
): Promise<CheckFinding[]> {
  const findings = judgeTraffic(run, exchanges, `deleting the ${what}`);
  const del = exchanges.find((e) => e.request.method === "DELETE" && ok(e));
  if (del?.response && del.response.status !== 204)
    findings.push(
      warned(
        `the DELETE was answered ${del.response.status}, not 204`,
        "Answer DELETE with 204 No Content",
        del,
      ),
    );
  if (findings.some((f) => f.level === "fail")) return findings;
  const { exchange } = await read(run, path);
  if (statusOf(exchange) !== 404)
    findings.push(
      failed(`the deleted ${what} can still be read: GET answered ${statusOf(exchange)}`, exchange),
    );
  else if (!errorOf(exchange.response?.body).schema)
    findings.push(
      warned(
        `the 404 for the deleted ${what} has no SCIM Error body`,
        "Answer 404 with the Error schema and a detail",
        exchange,
      ),
    );
  return findings;
}

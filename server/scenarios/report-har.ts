import { STATUS_CODES } from "node:http";
import { version } from "../config";
import { redactBody, redactHeaders, SECRET_QUERY } from "../log/redact";
import type { Exchange, ExchangeCause } from "../protocol";
import type { ScenarioResult } from "./result";

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): browsers' dev tools and proxies import it, so a
// scenario run can be replayed and inspected in tools a trainee already knows.

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarCreator {
  name: string;
  version: string;
}

export interface HarPage {
  id: string;
  title: string;
  startedDateTime: string;
  pageTimings: Record<string, never>;
  comment?: string;
}

export interface HarEntry {
  pageref: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _cause: ExchangeCause;
  _note?: string;
  _simulatedAt?: string;
}

export interface Har {
  log: { version: "1.2"; creator: HarCreator; pages: HarPage[]; entries: HarEntry[] };
}

/** A token in a query string is as much a secret as one in a header, and shows up in every URL we print. */
function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  // The same names the exchange log treats as secret (log/redact.ts), so HAR and log agree.
  const secrets = [...parsed.searchParams.keys()].filter((k) => SECRET_QUERY.test(k));
  // Re-serialising re-encodes the whole query, so only touch URLs that actually carry a secret.
  if (secrets.length === 0) return url;
  for (const key of secrets) parsed.searchParams.set(key, "[redacted]");
  return parsed.toString();
}

/**
 * The exchange as every report shows it. The log redacts already; reports leave the machine (CI artefacts,
 * e-mailed HTML), so they redact again rather than trust that every producer did.
 */
export function redactExchange(exchange: Exchange): Exchange {
  return {
    ...exchange,
    request: {
      ...exchange.request,
      url: redactUrl(exchange.request.url),
      headers: redactHeaders(exchange.request.headers),
      body: redactBody(exchange.request.body),
    },
    response: exchange.response && {
      ...exchange.response,
      headers: redactHeaders(exchange.response.headers),
      body: redactBody(exchange.response.body),
    },
  };
}

/** The body as it went over the wire: JSON values serialised, strings (an HTML error page) kept verbatim. */
export function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  return JSON.stringify(body);
}

const byteLength = (text: string): number => new TextEncoder().encode(text).length;

const toPairs = (headers: Record<string, string>): HarNameValue[] =>
  Object.entries(headers).map(([name, value]) => ({ name, value }));

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function mimeTypeOf(headers: Record<string, string>, body: unknown): string {
  return headers["content-type"] ?? (typeof body === "string" ? "text/plain" : "application/json");
}

/** HAR viewers reject dates they cannot parse, so anything odd is normalised to ISO when possible. */
function isoDate(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

function toEntry(raw: Exchange, pageref: string): HarEntry {
  const exchange = redactExchange(raw);
  const { request, response } = exchange;
  const requestText = bodyText(request.body);
  const responseText = response ? (bodyText(response.body) ?? "") : "";
  const durationMs = Math.max(0, exchange.durationMs);
  const entry: HarEntry = {
    pageref,
    startedDateTime: isoDate(exchange.at),
    time: durationMs,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: toPairs(request.headers),
      queryString: queryOf(request.url),
      headersSize: -1,
      bodySize: requestText === undefined ? 0 : byteLength(requestText),
    },
    response: {
      // Status 0 with an empty httpVersion is how browsers export a request that never got an answer.
      status: response?.status ?? 0,
      statusText: response ? (STATUS_CODES[response.status] ?? "") : "",
      httpVersion: response ? "HTTP/1.1" : "",
      cookies: [],
      headers: response ? toPairs(response.headers) : [],
      content: {
        size: byteLength(responseText),
        mimeType: response ? mimeTypeOf(response.headers, response.body) : "x-unknown",
        text: responseText,
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: response ? byteLength(responseText) : -1,
    },
    cache: {},
    timings: { send: 0, wait: durationMs, receive: 0 },
    _cause: exchange.cause,
  };
  if (requestText !== undefined) {
    entry.request.postData = { mimeType: mimeTypeOf(request.headers, request.body), text: requestText };
  }
  if (exchange.error !== undefined) entry.response._error = exchange.error;
  if (exchange.note !== undefined) entry._note = exchange.note;
  if (exchange.simulatedAt !== undefined) entry._simulatedAt = exchange.simulatedAt;
  return entry;
}

/** One HAR page per scenario, so a viewer groups the wire traffic the way the run was structured. */
export function toHar(results: ScenarioResult[], creator: HarCreator = { name: "SCIMulator", version }): Har {
  const pages: HarPage[] = [];
  const entries: HarEntry[] = [];
  results.forEach((result, i) => {
    const id = `scenario_${i + 1}`;
    const page: HarPage = {
      id,
      title: result.name,
      startedDateTime: isoDate(result.startedAt),
      pageTimings: {},
    };
    if (result.description) page.comment = result.description;
    pages.push(page);
    for (const exchange of result.exchanges) entries.push(toEntry(exchange, id));
  });
  return { log: { version: "1.2", creator, pages, entries } };
}

/** The traffic view's export: the exchanges a filter shows, as one HAR page titled with that filter. */
export function exchangesToHar(
  exchanges: readonly Exchange[],
  title: string,
  creator: HarCreator = { name: "SCIMulator", version },
): Har {
  const id = "traffic";
  const startedDateTime = isoDate(exchanges[0]?.at ?? new Date().toISOString());
  const page: HarPage = { id, title, startedDateTime, pageTimings: {} };
  return { log: { version: "1.2", creator, pages: [page], entries: exchanges.map((e) => toEntry(e, id)) } };
}

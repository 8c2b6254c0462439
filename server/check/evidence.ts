import type { CheckFinding, Exchange } from "../protocol";
import { errorOf } from "./resources";

/** The request's path and query below the base URL, decoded, as a SCIM developer reads them. */
export function pathOf(exchange: Exchange, baseUrl: string): string {
  const url = exchange.request.url;
  const rest = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
  try {
    return decodeURIComponent(rest.replace(/\+/g, " "));
  } catch {
    return rest;
  }
}

const SNIPPET = 240;

function compact(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET - 1)}…` : text;
}

/** What a request carried that matters to the reader: a PATCH's ops, another body as compact JSON. */
function bodyOf(exchange: Exchange): string {
  const body = exchange.request.body;
  if (body === null || body === undefined) return "";
  const ops = (body as { Operations?: unknown }).Operations;
  if (Array.isArray(ops)) return ` ${ops.map((op) => compact(op)).join(", ")}`;
  return ` ${compact(body)}`;
}

export function sentText(exchange: Exchange, baseUrl: string): string {
  return `${exchange.request.method} ${pathOf(exchange, baseUrl)}${bodyOf(exchange)}`;
}

/** The status with the server's own scimType and detail, or why nothing came back. */
export function answerText(exchange: Exchange): string {
  const response = exchange.response;
  if (!response) return `no answer (${exchange.error ?? "no response"})`;
  const error = errorOf(response.body);
  const parts = [String(response.status), error.scimType].filter(Boolean).join(" ");
  return error.detail ? `${parts}: ${error.detail}` : parts;
}

/** One exchange in words: what was sent and what came back. */
export function describe(exchange: Exchange, baseUrl: string): string {
  return `${sentText(exchange, baseUrl)}; the server answered ${answerText(exchange)}`;
}

/** The exchanges of a check in one line: method, path and status of each. */
export function outline(exchanges: Exchange[], baseUrl: string): string {
  if (exchanges.length === 0) return "nothing was sent";
  const shown = exchanges.slice(0, 6).map((e) => {
    // In one line, ids are noise; the findings and the exchanges keep them.
    const path = (pathOf(e, baseUrl).split("?")[0] ?? "").replace(/^\/(Users|Groups)\/[^/]+/, "/$1/{id}");
    return `${e.request.method} ${path} → ${e.response?.status ?? "no answer"}`;
  });
  const more = exchanges.length - shown.length;
  return `${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}

export const failed = (message: string, exchange?: Exchange, reason?: string): CheckFinding => ({
  level: "fail",
  message,
  ...(exchange ? { exchangeId: exchange.id } : {}),
  ...(reason ? { reason } : {}),
});

export const warned = (message: string, fix: string, exchange?: Exchange): CheckFinding => ({
  level: "warning",
  message,
  fix,
  ...(exchange ? { exchangeId: exchange.id } : {}),
});

export const ok = (exchange: Exchange): boolean =>
  exchange.response !== null && exchange.response.status >= 200 && exchange.response.status < 300;

export const statusOf = (exchange: Exchange): number => exchange.response?.status ?? 0;

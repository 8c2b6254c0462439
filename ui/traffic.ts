import type { Exchange } from "../server/protocol";

/** How many exchanges the traffic view keeps in memory; older rows fall off the top. */
export const MAX_ROWS = 500;

export interface TrafficView {
  rows: Exchange[];
  /** Exchanges at or before this instant were cleared by the viewer and are not shown again. */
  clearedAt: string | null;
}

export const emptyTraffic: TrafficView = { rows: [], clearedAt: null };

function visible(view: TrafficView, exchange: Exchange): boolean {
  return view.clearedAt === null || exchange.at > view.clearedAt;
}

function cap(rows: Exchange[]): Exchange[] {
  return rows.length > MAX_ROWS ? rows.slice(rows.length - MAX_ROWS) : rows;
}

/** One exchange from the live channel, appended in arrival order; a repeat of a known id is ignored. */
export function appendExchange(view: TrafficView, exchange: Exchange): TrafficView {
  if (!visible(view, exchange) || view.rows.some((row) => row.id === exchange.id)) return view;
  return { ...view, rows: cap([...view.rows, exchange]) };
}

/** The log as read from /api/log, merged with what the live channel already delivered. */
export function mergeLog(view: TrafficView, log: Exchange[]): TrafficView {
  const known = new Set(view.rows.map((row) => row.id));
  const missing = log.filter((exchange) => !known.has(exchange.id) && visible(view, exchange));
  if (missing.length === 0) return view;
  const rows = [...view.rows, ...missing].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { ...view, rows: cap(rows) };
}

/** Hides every row shown so far; the watermark is a server timestamp, so the browser's clock does not matter. */
export function clearTraffic(view: TrafficView): TrafficView {
  let latest = view.clearedAt;
  for (const row of view.rows) if (latest === null || row.at > latest) latest = row.at;
  return { rows: [], clearedAt: latest };
}

import { Router } from "express";
import type { Directory } from "../directory/directory";
import type { ExchangeLog } from "../log/exchange-log";
import { Problem } from "../problem";
import { type Exchange, LOG_FILTER_KEYS, type LogFilter, type LogPage, type Target } from "../protocol";
import { explainRequest } from "../provisioning/dialects";
import { exchangesToHar, redactExchange } from "../scenarios/report-har";
import { hasLogFilter, logFilterOf, logTest, namesOf } from "./log-filter";
import { allOf, flagOf, pageOf, pageQueryOf, single, textSearch } from "./paging";

// The status as the traffic view shows it: a number, or ERR when no response came.
const search = textSearch<Exchange>((e) => [
  e.request.method,
  e.request.url,
  e.response ? String(e.response.status) : "ERR",
]);

const failed = (e: Exchange) => e.response === null || e.response.status >= 400;

/** `after`: an instant; only exchanges that started later are listed (how a viewer's "clear" is kept). */
function afterOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) {
    throw new Problem("invalid", `after must be an ISO 8601 instant, got ${JSON.stringify(raw)}`, [
      { path: "after", message: "must be an ISO 8601 instant" },
    ]);
  }
  // Exchanges carry toISOString() instants, which compare as text.
  return new Date(at).toISOString();
}

function limitOf(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const limit = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(limit) || limit < 1) {
    throw new Problem("invalid", `limit must be a positive whole number, got "${String(raw)}"`, [
      { path: "limit", message: "must be a positive whole number" },
    ]);
  }
  return limit;
}

const EXPORT_FORMATS = ["har", "json"] as const;

export interface LogRouteDeps {
  log: ExchangeLog;
  directory: Directory;
  targets: { list(): Target[] };
}

export function logRoutes({ log, directory, targets }: LogRouteDeps): Router {
  const router = Router();
  const listTargets = () => targets.list();

  /** Every narrowing the query asks for, the text search and the viewer's clear included. */
  const testOf = (query: Parameters<typeof logFilterOf>[0], text: string) => {
    const onlyFailed = flagOf(query, "failed");
    const after = afterOf(single(query, "after"));
    return allOf<Exchange>(
      text ? search(text) : undefined,
      onlyFailed === undefined ? undefined : (e) => failed(e) === onlyFailed,
      after === undefined ? undefined : (e) => e.at > after,
      logTest(logFilterOf(query), directory, listTargets),
    );
  };

  router.get("/", (req, res) => {
    const limit = limitOf(req.query.limit);
    const query = pageQueryOf(req.query, ["failed", "after", ...LOG_FILTER_KEYS]);
    if (!query) {
      res.json(log.list(limit));
      return;
    }
    if (limit !== undefined) {
      throw new Problem(
        "invalid",
        "limit cannot be combined with startIndex, count, filter or the other narrowings; page with those",
        [{ path: "limit", message: "must not be combined with paging" }],
      );
    }
    const page = pageOf(log.retained(), query, testOf(req.query, query.filter));
    const body: LogPage = { ...page, names: namesOf(page.Resources, directory) };
    res.json(body);
  });

  // The exchanges the traffic view's narrowing shows, in time order, for a file: HAR for dev tools, or JSON.
  router.get("/export", (req, res) => {
    const format = single(req.query, "format") ?? "har";
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new Problem(
        "invalid",
        `format must be one of ${EXPORT_FORMATS.join(", ")}, got ${JSON.stringify(format)}`,
        [{ path: "format", message: `must be one of ${EXPORT_FORMATS.join(", ")}` }],
      );
    }
    const text = single(req.query, "filter")?.trim() ?? "";
    const keep = testOf(req.query, text);
    const exchanges = keep ? log.retained().filter(keep) : [...log.retained()];
    const filter = logFilterOf(req.query);
    const title =
      hasLogFilter(filter) || text ? `SCIMulator traffic: ${describe(filter, text)}` : "SCIMulator traffic";
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    res.setHeader("content-disposition", `attachment; filename="scimulator-traffic-${stamp}.${format}"`);
    if (format === "har") res.json(exchangesToHar(exchanges, title));
    else
      res.json({
        title,
        filter,
        exchanges: exchanges.map(redactExchange),
        names: namesOf(exchanges, directory),
      });
  });

  const find = (id: string): Exchange => {
    const exchange = log.retained().find((e) => e.id === id);
    if (!exchange)
      throw new Problem(
        "not_found",
        `No exchange with id "${id}" is kept in the log. GET /api/log lists them.`,
      );
    return exchange;
  };

  // One exchange, for a link that opens it; with the names of whom it was about, as a page carries them.
  router.get("/:id", (req, res) => {
    const exchange = find(req.params.id);
    res.json({ exchange, names: namesOf([exchange], directory) });
  });

  router.get("/:id/explain", (req, res) => {
    const exchange = find(req.params.id);
    const target = listTargets().find((t) => t.id === exchange.targetId);
    if (!target)
      throw new Problem(
        "not_found",
        `The target of exchange "${exchange.id}" was removed, so its dialect is unknown.`,
      );
    res.json(explainRequest(target.profile, exchange.request));
  });

  router.delete("/", async (_req, res) => {
    await log.clear();
    res.status(204).end();
  });
  return router;
}

function describe(filter: LogFilter, text: string): string {
  const parts = Object.entries(filter).map(([k, v]) => `${k}=${v}`);
  if (text) parts.push(`"${text}"`);
  return parts.join(", ");
}

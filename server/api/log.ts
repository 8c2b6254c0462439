import { Router } from "express";
import type { ExchangeLog } from "../log/exchange-log";
import { Problem } from "../problem";
import type { Exchange } from "../protocol";
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

export function logRoutes(log: ExchangeLog): Router {
  const router = Router();
  router.get("/", (req, res) => {
    const limit = limitOf(req.query.limit);
    const query = pageQueryOf(req.query, ["failed", "after"]);
    if (!query) {
      res.json(log.list(limit));
      return;
    }
    if (limit !== undefined) {
      throw new Problem(
        "invalid",
        "limit cannot be combined with startIndex, count or filter; page with those",
        [{ path: "limit", message: "must not be combined with paging" }],
      );
    }
    const onlyFailed = flagOf(req.query, "failed");
    const after = afterOf(single(req.query, "after"));
    const keep = allOf<Exchange>(
      query.filter ? search(query.filter) : undefined,
      onlyFailed === undefined ? undefined : (e) => failed(e) === onlyFailed,
      after === undefined ? undefined : (e) => e.at > after,
    );
    res.json(pageOf(log.retained(), query, keep));
  });
  router.delete("/", async (_req, res) => {
    await log.clear();
    res.status(204).end();
  });
  return router;
}

import { Router } from "express";
import type { ExchangeLog } from "../log/exchange-log";
import { Problem } from "../problem";

export function logRoutes(log: ExchangeLog): Router {
  const router = Router();
  router.get("/", (req, res) => {
    const raw = req.query.limit;
    let limit: number | undefined;
    if (raw !== undefined) {
      limit = Number(raw);
      if (typeof raw !== "string" || !Number.isInteger(limit) || limit < 1) {
        throw new Problem("invalid", `limit must be a positive whole number, got "${String(raw)}"`, [
          { path: "limit", message: "must be a positive whole number" },
        ]);
      }
    }
    res.json(log.list(limit));
  });
  router.delete("/", async (_req, res) => {
    await log.clear();
    res.status(204).end();
  });
  return router;
}

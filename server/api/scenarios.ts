import { Router } from "express";
import { z } from "zod";
import { parseOrThrow } from "../problem";
import { PROFILES } from "../protocol";
import type { LeftoversBook } from "../scenarios/leftovers";
import type { LiveRuns } from "../scenarios/live-runs";

const runSchema = z
  .strictObject(
    {
      targetId: z.string().optional(),
      profile: z.enum(PROFILES, `must be one of ${PROFILES.join(", ")}`).optional(),
      stepping: z.boolean("must be true or false").optional(),
      holdClock: z.boolean("must be true or false").optional(),
    },
    "must be {targetId?, profile?, stepping?, holdClock?}",
  )
  .optional();

export function scenariosRoutes(runs: LiveRuns, leftovers: LeftoversBook): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    res.json(await runs.list());
  });
  router.get("/leftovers", (_req, res) => {
    res.json(leftovers.list());
  });
  router.delete("/leftovers", async (_req, res) => {
    res.json(await leftovers.remove());
  });
  router.post("/leftovers/keep", async (_req, res) => {
    res.json(await leftovers.keep());
  });
  router.post("/:name/run", async (req, res) => {
    const input = parseOrThrow(runSchema, req.body, "scenario run");
    res.status(202).json(await runs.start(req.params.name, input ?? {}));
  });
  router.get("/runs/:runId", (req, res) => {
    res.json(runs.get(req.params.runId));
  });
  router.post("/runs/:runId/continue", (req, res) => {
    res.json(runs.resume(req.params.runId));
  });
  return router;
}

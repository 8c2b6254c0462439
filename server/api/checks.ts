import { Router } from "express";
import { z } from "zod";
import type { LiveChecks } from "../check/live-checks";
import { parseOrThrow } from "../problem";
import { CHECK_PROFILES } from "../protocol";

const checkSchema = z
  .strictObject(
    {
      profiles: z
        .array(z.enum(CHECK_PROFILES, `must be one of ${CHECK_PROFILES.join(", ")}`))
        .min(1, "must name at least one IdP")
        .optional(),
      rate: z.number("must be a number of requests a second").gt(0).max(1000).optional(),
    },
    "must be {profiles?, rate?}",
  )
  .optional();

/** The compatibility check of a target: started here, followed on /ws, read back when done. */
export function checksRoutes(checks: LiveChecks): Router {
  const router = Router();
  router.post("/targets/:id/check", (req, res) => {
    const input = parseOrThrow(checkSchema, req.body, "check request");
    res.status(202).json(checks.start(req.params.id, input ?? {}));
  });
  router.get("/checks/:checkId", (req, res) => {
    res.json(checks.get(req.params.checkId));
  });
  return router;
}

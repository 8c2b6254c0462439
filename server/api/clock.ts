import { Router } from "express";
import { z } from "zod";
import type { Clock } from "../clock";
import { parseOrThrow } from "../problem";

const clockSchema = z.strictObject(
  {
    scale: z.number("must be a number").min(0.001, "must be above 0").max(1_000_000).optional(),
    reset: z.literal(true, "must be true: it sets the clock back to real time").optional(),
    advanceMs: z
      .int("must be a whole number of milliseconds")
      .min(0, "must not be negative: the simulated clock only moves forward")
      .max(10 * 365 * 24 * 3600 * 1000, "must be at most ten years")
      .optional(),
  },
  "must be {scale?, advanceMs?, reset?}",
);

/** The simulated clock: read it, change its speed, jump it forward, or set it back to real time. */
export function clockRoutes(clock: Clock): Router {
  const router = Router();
  const describe = () => ({
    scale: clock.scale(),
    now: new Date(clock.now()).toISOString(),
    realNow: new Date().toISOString(),
    paused: clock.paused(),
  });
  router.get("/", (_req, res) => {
    res.json(describe());
  });
  router.patch("/", (req, res) => {
    const input = parseOrThrow(clockSchema, req.body, "clock settings");
    // A reset comes first, so {reset, scale} means "real time, then this speed".
    if (input.reset) clock.reset();
    if (input.scale !== undefined) clock.setScale(input.scale);
    if (input.advanceMs) clock.advance(input.advanceMs);
    res.json(describe());
  });
  return router;
}

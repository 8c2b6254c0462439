import { Router } from "express";
import { z } from "zod";
import { parseOrThrow } from "../problem";
import type { DemoReset } from "../protocol";

const confirmation = z.strictObject(
  {
    confirm: z.literal(true, {
      error: "must be true: a reset deletes every user, group and target and empties the embedded org",
    }),
  },
  'send {"confirm":true}: a reset deletes every user, group and target and empties the embedded org',
);

/** POST /api/reset: the demo back to its first start, once the caller confirms it. */
export function resetRoutes(resetDemo: () => Promise<DemoReset>): Router {
  const router = Router();
  router.post("/", async (req, res) => {
    parseOrThrow(confirmation, req.body ?? {}, "reset");
    res.json(await resetDemo());
  });
  return router;
}

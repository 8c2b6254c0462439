import { Router } from "express";
import { z } from "zod";
import { parseOrThrow } from "../problem";
import type { TargetOrg } from "../target-org/create-target-org";
import type { Faults } from "../target-org/faults";

const settingsSchema = z.strictObject({ strict: z.boolean("must be true or false").optional() });

/** The embedded org seen from the control API: where it is, its token, and its knobs. */
export function targetOrgRoutes(org: TargetOrg, faults: Faults, baseUrl: () => string): Router {
  const router = Router();
  router.get("/faults", (_req, res) => {
    res.json(faults.list());
  });
  router.post("/faults", (req, res) => {
    res.status(201).json(faults.add(req.body));
  });
  router.delete("/faults", (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  const describe = () => ({ baseUrl: baseUrl(), token: org.token, strict: org.strict, ...org.counts() });
  router.get("/", (_req, res) => {
    res.json(describe());
  });
  router.patch("/", (req, res) => {
    const input = parseOrThrow(settingsSchema, req.body, "target-org settings");
    if (input.strict !== undefined) org.setStrict(input.strict);
    res.json(describe());
  });
  router.post("/reset", async (_req, res) => {
    await org.reset();
    res.json(describe());
  });
  return router;
}

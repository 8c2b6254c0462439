import { Router } from "express";
import { z } from "zod";
import { parseOrThrow } from "../problem";
import { CYCLE_KINDS, type Target, type TargetHealth } from "../protocol";
import type { Actions } from "../provisioning/actions";
import type { Cycles } from "../provisioning/cycles";
import { previewCycle } from "../provisioning/dry-run";
import type { Provisioner } from "../provisioning/provisioner";
import type { Scheduler } from "../schedule/scheduler";
import { maskTarget } from "../targets/mask";
import type { Targets } from "../targets/targets";

const syncSchema = z
  .strictObject(
    {
      kind: z.enum(CYCLE_KINDS, "must be full, incremental or reconcile").optional(),
      fix: z.boolean("must be true or false").optional(),
    },
    "must be {kind?, fix?}",
  )
  .optional();
const provisionSchema = z.strictObject({ userId: z.string("must be a user id") }, "must be {userId}");
const purgeSchema = z.strictObject({ userId: z.string().optional() }).optional();
const previewQuery = z.object({
  kind: z.enum(["full", "incremental"], "must be full or incremental").optional(),
});

export interface TargetRouteDeps {
  targets: Targets;
  provisioner: Provisioner;
  actions: Actions;
  cycles: Cycles;
  scheduler: Scheduler;
  health(target: Target): TargetHealth;
}

export function targetsRoutes(deps: TargetRouteDeps): Router {
  const { targets, actions, cycles, scheduler } = deps;
  const router = Router();
  const view = (target: Target) => ({
    ...maskTarget(target),
    nextRuns: scheduler.nextRuns(target.id),
    health: deps.health(target),
  });
  router.get("/", (_req, res) => {
    res.json(targets.list().map((t) => view(t)));
  });
  router.post("/", async (req, res) => {
    res.status(201).json(view(await targets.create(req.body)));
  });
  router.get("/:id", (req, res) => {
    res.json(view(targets.get(req.params.id)));
  });
  router.patch("/:id", async (req, res) => {
    res.json(view(await targets.update(req.params.id, req.body)));
  });
  router.delete("/:id", async (req, res) => {
    await targets.remove(req.params.id);
    res.status(204).end();
  });
  router.post("/:id/sync", async (req, res) => {
    const input = parseOrThrow(syncSchema, req.body, "sync request");
    res.json(
      await cycles.runCycle(req.params.id, {
        kind: input?.kind ?? "full",
        cause: "sync-now",
        fix: input?.fix,
      }),
    );
  });
  router.get("/:id/preview", (req, res) => {
    const { kind } = parseOrThrow(previewQuery, { kind: req.query.kind }, "preview query");
    const target = targets.get(req.params.id);
    res.json(
      previewCycle({ provisioner: deps.provisioner, keys: cycles.keys }, target, kind ?? "incremental"),
    );
  });
  router.get("/:id/cycles", (req, res) => {
    targets.get(req.params.id);
    res.json(cycles.history(req.params.id));
  });
  router.post("/:id/restart", async (req, res) => {
    res.json(await cycles.restart(req.params.id));
  });
  router.post("/:id/provision", async (req, res) => {
    const input = parseOrThrow(provisionSchema, req.body, "provision request");
    res.json(await actions.provisionOne(req.params.id, input.userId));
  });
  router.post("/:id/test", async (req, res) => {
    res.json(await actions.testConnection(req.params.id));
  });
  // Entra's "delete permanently now" for soft-deleted users: DELETE them without waiting for the window.
  router.post("/:id/purge", async (req, res) => {
    const input = parseOrThrow(purgeSchema, req.body, "purge request");
    res.json(await actions.purge(req.params.id, input?.userId));
  });
  return router;
}

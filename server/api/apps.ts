import { Router } from "express";
import type { SignIn } from "../signin";

/** The apps registered at the embedded IdP. The client secret is in the create's answer only; masked after. */
export function appsRoutes(signin: Pick<SignIn, "apps" | "view">): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    res.json(signin.apps.list().map((a) => signin.view(a)));
  });
  router.post("/", async (req, res) => {
    const app = await signin.apps.create(req.body);
    res.status(201).json({ ...signin.view(app), clientSecret: app.clientSecret });
  });
  router.get("/:id", (req, res) => {
    res.json(signin.view(signin.apps.get(req.params.id)));
  });
  router.patch("/:id", async (req, res) => {
    res.json(signin.view(await signin.apps.update(req.params.id, req.body)));
  });
  router.delete("/:id", async (req, res) => {
    await signin.apps.remove(req.params.id);
    res.status(204).end();
  });
  return router;
}

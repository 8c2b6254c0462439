import { Router } from "express";
import type { Directory } from "../directory/directory";

export function groupsRoutes(directory: Directory): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    res.json(directory.listGroups());
  });
  router.post("/", async (req, res) => {
    res.status(201).json(await directory.createGroup(req.body));
  });
  router.get("/:id", (req, res) => {
    res.json(directory.getGroup(req.params.id));
  });
  router.patch("/:id", async (req, res) => {
    res.json(await directory.updateGroup(req.params.id, req.body));
  });
  router.delete("/:id", async (req, res) => {
    await directory.deleteGroup(req.params.id);
    res.status(204).end();
  });
  return router;
}

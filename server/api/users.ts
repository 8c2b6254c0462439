import { Router } from "express";
import type { Directory } from "../directory/directory";

export function usersRoutes(directory: Directory): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    res.json(directory.listUsers());
  });
  router.post("/", async (req, res) => {
    res.status(201).json(await directory.createUser(req.body));
  });
  router.get("/:id", (req, res) => {
    res.json(directory.getUser(req.params.id));
  });
  router.patch("/:id", async (req, res) => {
    res.json(await directory.updateUser(req.params.id, req.body));
  });
  router.delete("/:id", async (req, res) => {
    await directory.deleteUser(req.params.id);
    res.status(204).end();
  });
  return router;
}

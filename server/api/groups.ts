import { Router } from "express";
import type { Directory } from "../directory/directory";
import type { Group } from "../protocol";
import { pageOf, pageQueryOf, textSearch } from "./paging";

const search = textSearch<Group>((g) => [g.displayName]);

export function groupsRoutes(directory: Directory): Router {
  const router = Router();
  router.get("/", (req, res) => {
    const query = pageQueryOf(req.query);
    if (!query) {
      res.json(directory.listGroups());
      return;
    }
    res.json(pageOf(directory.groupsByName(), query, query.filter ? search(query.filter) : undefined));
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

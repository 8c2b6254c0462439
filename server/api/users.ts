import { Router } from "express";
import type { Directory } from "../directory/directory";
import type { User } from "../protocol";
import { allOf, flagOf, idsOf, pageOf, pageQueryOf, textSearch } from "./paging";

const search = textSearch<User>((u) => [u.userName, u.givenName, u.familyName, u.displayName, u.email]);

export function usersRoutes(directory: Directory): Router {
  const router = Router();
  router.get("/", (req, res) => {
    const query = pageQueryOf(req.query, ["active", "ids"]);
    if (!query) {
      res.json(directory.listUsers());
      return;
    }
    // Named ones, for a view that shows a few people of a large directory (a group's members, a plan's users).
    const ids = idsOf(req.query);
    if (ids) {
      const found = ids.flatMap((id) => directory.findUser(id) ?? []);
      const count = req.query.count === undefined ? Math.max(1, found.length) : query.count;
      res.json(pageOf(found, { ...query, count }));
      return;
    }
    const active = flagOf(req.query, "active");
    const keep = allOf<User>(
      query.filter ? search(query.filter) : undefined,
      active === undefined ? undefined : (u) => u.active === active,
    );
    res.json(pageOf(directory.usersByName(), query, keep));
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

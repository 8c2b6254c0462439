import express, { type NextFunction, type Request, type Response, Router } from "express";
import { findReservedKey } from "../reserved-names";
import { requireBearer } from "./auth";
import { methodNotAllowed, mountDiscovery } from "./discovery";
import { groupsKind } from "./groups";
import { listQueryFromSearch, MAX_RESULTS } from "./list-query";
import { listResources } from "./list-resources";
import { writeLimit } from "./org-rules";
import type { OrgState } from "./resource-kind";
import { mountResource } from "./resource-routes";
import { badRequest, notFound, ScimError, sendError, setResponseStyle } from "./scim-errors";
import { usersKind } from "./users";

const JSON_TYPES = ["application/json", "application/scim+json", "application/*+json"];

/** The org's whole SCIM surface. Everything below answers with RFC 7644 §3.12 errors, never HTML or stacks. */
export function createOrgRouter(org: OrgState, token: () => string): Router {
  const router = Router();
  router.use((_req, res, next) => {
    setResponseStyle(res, { contentType: org.preset().contentType, errorBody: org.switches().errorBody });
    next();
  });
  router.use(requireBearer(token));
  router.use(writeLimit(org));
  router.use(express.json({ type: JSON_TYPES, limit: "1mb" }));
  router.use((req, _res, next) => {
    const reserved = findReservedKey(req.body);
    if (reserved !== undefined) {
      throw badRequest(
        "invalidValue",
        `'${reserved}' in the request body is not an attribute name SCIM allows`,
      );
    }
    next();
  });

  mountDiscovery(router, () => org.preset().maxResults ?? MAX_RESULTS);
  mountResource(router, usersKind, org);
  mountResource(router, groupsKind, org);
  router.post("/.search", (req, res) => {
    listResources(req, res, [usersKind, groupsKind], org, listQueryFromSearch(req.body, org.isStrict()));
  });

  router.all(["/Users", "/Groups"], (req) => {
    throw methodNotAllowed(req, "GET, POST");
  });
  router.all(["/Users/:id", "/Groups/:id"], (req) => {
    throw methodNotAllowed(req, "GET, PUT, PATCH, DELETE");
  });
  router.all(["/Me", "/Bulk"], (req) => {
    throw new ScimError(501, `${req.path} is not implemented by this org (bulk.supported is false)`);
  });
  router.use((req) => {
    throw notFound(
      `no SCIM endpoint at ${req.method} ${req.path}; see /ResourceTypes for what this org serves`,
    );
  });
  router.use(scimErrorHandler);
  return router;
}

function scimErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) {
    next(err);
    return;
  }
  sendError(res, toScimError(err));
}

function toScimError(err: unknown): ScimError {
  if (err instanceof ScimError) return err;
  const type = typeof err === "object" && err !== null && "type" in err ? err.type : undefined;
  if (type === "entity.parse.failed") {
    return badRequest("invalidSyntax", `request body is not valid JSON: ${(err as Error).message}`);
  }
  if (type === "entity.too.large")
    return new ScimError(413, "request body is larger than the 1mb this org accepts");
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new ScimError(415, `unsupported request encoding: ${(err as Error).message}`);
  }
  console.error("scimulator: target-org: unexpected error", err);
  return new ScimError(500, "the target org failed to handle this request; see the server log");
}

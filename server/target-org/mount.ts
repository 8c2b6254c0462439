import { type RequestHandler, Router } from "express";
import type { OrgState } from "./resource-kind";
import { notFound, sendError, setResponseStyle } from "./scim-errors";

/** Where the embedded org's SCIM surfaces live, below the app's /target/scim. */
export const GENERIC_BASE = "/v2";
export const ORGANIZATION_BASE = "/v2.0/organizations/:orgUid";

/** The base path the active preset serves, with the organization uid filled in. */
export function basePathOf(org: OrgState, orgUid: string): string {
  return org.preset().basePath.replace("{org}", orgUid);
}

/**
 * Serves the org at the base path its preset declares, and answers the other shape with a 404 that says where
 * the org is now, so a target left on the old URL fails with a reason rather than silently.
 */
export function mountOrg(
  org: OrgState,
  orgUid: () => string,
  scim: Router,
  before: RequestHandler[] = [],
): Router {
  const outer = Router();
  const guard =
    (shape: "generic" | "organization"): RequestHandler =>
    (req, res, next) => {
      const wanted = org.preset().basePath === GENERIC_BASE ? "generic" : "organization";
      const uid = typeof req.params.orgUid === "string" ? req.params.orgUid : undefined;
      if (wanted === shape && (shape === "generic" || uid === orgUid())) return next();
      setResponseStyle(res, { contentType: org.preset().contentType, errorBody: org.switches().errorBody });
      const where = `/target/scim${basePathOf(org, orgUid())}`;
      const why =
        wanted === shape
          ? `organization '${uid}' is not this one`
          : `the embedded org runs the ${org.preset().name} preset`;
      sendError(res, notFound(`no SCIM service at this path: ${why}; it is served at ${where}`));
    };
  outer.use(ORGANIZATION_BASE, guard("organization"), ...before, scim);
  outer.use(GENERIC_BASE, guard("generic"), ...before, scim);
  return outer;
}

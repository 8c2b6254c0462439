import { existsSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import { appsRoutes } from "./api/apps";
import { checksRoutes } from "./api/checks";
import { clockRoutes } from "./api/clock";
import { dialectsRoutes } from "./api/dialects";
import { errorHandler, notFound, refuseReservedKeys, requireJsonBody } from "./api/errors";
import { groupsRoutes } from "./api/groups";
import { logRoutes } from "./api/log";
import { resetRoutes } from "./api/reset";
import { scenariosRoutes } from "./api/scenarios";
import { targetOrgRoutes } from "./api/target-org";
import { type TargetRouteDeps, targetsRoutes } from "./api/targets";
import { usersRoutes } from "./api/users";
import type { LiveChecks } from "./check/live-checks";
import type { Clock } from "./clock";
import type { Config } from "./config";
import type { Directory } from "./directory/directory";
import { noteActivity } from "./heap";
import type { ExchangeLog } from "./log/exchange-log";
import type { Perimeter } from "./perimeter/perimeter";
import type { DemoReset } from "./protocol";
import type { LeftoversBook } from "./scenarios/leftovers";
import type { LiveRuns } from "./scenarios/live-runs";
import type { SignIn } from "./signin";
import type { TargetOrg } from "./target-org/create-target-org";
import type { Faults } from "./target-org/faults";

/** The embedded org lives below this path; its preset picks the base path under it. */
export const TARGET_ORG_ROOT = "/target/scim";
/** The embedded org's base URL path under the generic presets (strict, lenient). */
export const TARGET_ORG_PATH = `${TARGET_ORG_ROOT}/v2`;

/**
 * The HTTP surface, outermost first: the perimeter, the embedded org, the control API (JSON only, one error
 * shape), then the built UI with its client-side routes.
 */
export function createApp(
  deps: TargetRouteDeps & {
    config: Config;
    perimeter: Perimeter;
    directory: Directory;
    org: TargetOrg;
    faults: Faults;
    clock: Clock;
    log: ExchangeLog;
    liveRuns: LiveRuns;
    leftovers: LeftoversBook;
    resetDemo(): Promise<DemoReset>;
    checks: LiveChecks;
    orgUrl(): string;
    orgMoved(): Promise<void>;
    signin: SignIn;
  },
) {
  const { config } = deps;
  const app = express();
  app.disable("x-powered-by");
  // Every request counts as activity until it is answered, so a collection of a large cycle's garbage waits for
  // a quiet moment.
  app.use((_req, res, next) => {
    res.once("close", noteActivity());
    next();
  });
  app.use(deps.perimeter.middleware);
  app.use(TARGET_ORG_ROOT, deps.org.router);
  app.use(deps.signin.router);
  const api = express.Router();
  api.use(requireJsonBody, express.json({ limit: "1mb", type: ["application/json", "application/*+json"] }));
  api.use(refuseReservedKeys);
  api.get("/health", (_req, res) => {
    res.json({ ok: true, version: config.version });
  });
  api.use("/users", usersRoutes(deps.directory));
  api.use("/groups", groupsRoutes(deps.directory));
  api.use("/targets", targetsRoutes(deps));
  api.use(checksRoutes(deps.checks));
  api.use("/target-org", targetOrgRoutes(deps));
  api.use("/clock", clockRoutes(deps.clock));
  api.use("/log", logRoutes(deps));
  api.use("/dialects", dialectsRoutes(deps.directory));
  api.use("/apps", appsRoutes(deps.signin));
  api.use("/scenarios", scenariosRoutes(deps.liveRuns, deps.leftovers));
  api.use("/reset", resetRoutes(deps.resetDemo));
  api.use(notFound);
  api.use(errorHandler);
  app.use("/api", api);
  if (config.uiDir && existsSync(config.uiDir)) {
    const uiDir = config.uiDir;
    app.use(express.static(uiDir, { index: "index.html" }));
    app.get(/^\/(?!api\/|target\/|oidc\/|saml\/|demo-app(\/|$)|ws$).*/, (_req, res) =>
      res.sendFile(join(uiDir, "index.html")),
    );
  } else {
    app.get("/", (_req, res) => {
      res.type("text").send("SCIMulator is running. The UI is not built: run `npm run build`, then reload.");
    });
  }
  return app;
}

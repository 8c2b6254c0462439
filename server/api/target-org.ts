import { Router } from "express";
import { parseOrThrow } from "../problem";
import type { TargetOrgInfo } from "../protocol";
import type { TargetOrg } from "../target-org/create-target-org";
import type { Faults } from "../target-org/faults";
import { accountInput, settingsInput } from "../target-org/settings";

interface Deps {
  org: TargetOrg;
  faults: Faults;
  orgUrl(): string;
  /** Called after a settings change that may move the org's base URL. */
  orgMoved(): Promise<void>;
}

/** The embedded org seen from the control API: where it is, its token, its preset and its knobs. */
export function targetOrgRoutes({ org, faults, orgUrl, orgMoved }: Deps): Router {
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
  const describe = (): TargetOrgInfo => {
    const settings = org.settings();
    return {
      baseUrl: orgUrl(),
      token: org.token,
      strict: settings.strict,
      ...org.counts(),
      preset: settings.preset,
      orgUid: settings.orgUid,
      switches: settings.switches,
      presets: org.presets(),
      roleMapping: settings.roleMapping,
      accountsOutside: org.accountsOutside(),
    };
  };
  router.get("/", (_req, res) => {
    res.json(describe());
  });
  router.patch("/", async (req, res) => {
    const input = parseOrThrow(settingsInput, req.body, "target-org settings");
    await org.configure(input);
    await orgMoved();
    res.json(describe());
  });
  router.post("/accounts", async (req, res) => {
    const input = parseOrThrow(accountInput, req.body, "account");
    res.status(201).json(await org.addAccount(input));
  });
  router.get("/roles", (_req, res) => {
    res.json(org.roles());
  });
  router.post("/reset", async (_req, res) => {
    await org.reset();
    res.json(describe());
  });
  return router;
}

import { expect } from "vitest";
import type { TargetOrgInfo } from "../../server/protocol";
import type { Running } from "./simulator";

/** Puts the embedded org on the contentstack preset with these switches, through the control API. */
export async function contentstack(
  r: Running,
  switches: Record<string, unknown> = {},
): Promise<TargetOrgInfo> {
  const res = await r.api<TargetOrgInfo>("PATCH", "/target-org", { preset: "contentstack", switches });
  expect(res.status).toBe(200);
  return res.body;
}

/** Waits until the provisioner has sent everything the edits so far call for. */
export async function settle(r: Running) {
  await r.sim.provisioner.idle();
}

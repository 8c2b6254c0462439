import type { OrgPresetInfo, OrgPresetName } from "../../protocol";
import { awsIdentityCenterPreset } from "./aws-identity-center";
import { contentstackPreset } from "./contentstack";
import { lenientPreset } from "./lenient";
import { type OrgPreset, SWITCHES } from "./preset";
import { strictPreset } from "./strict";

export type { OrgPreset } from "./preset";

const PRESETS: Record<OrgPresetName, OrgPreset> = {
  strict: strictPreset,
  lenient: lenientPreset,
  contentstack: contentstackPreset,
  "aws-identity-center": awsIdentityCenterPreset,
};

export function presetNamed(name: OrgPresetName): OrgPreset {
  return PRESETS[name];
}

/** Every preset as GET /api/target-org lists it. */
export function presetInfos(): OrgPresetInfo[] {
  return Object.values(PRESETS).map((preset) => ({
    name: preset.name,
    label: preset.label,
    summary: preset.summary,
    switches: preset.switches.map((name) => ({ name, ...SWITCHES[name] })),
    roles: preset.roleMapping !== undefined,
  }));
}

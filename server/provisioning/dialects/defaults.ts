import type { DialectDefaults } from "./types";

/** An IdP that pushes each change as it happens and follows the target's deprovision choice. */
export const ON_EDIT_DEFAULTS: DialectDefaults = {
  deprovision: "deactivate",
  mode: "on-edit",
  schedule: null,
  softDeleteDays: null,
  unassigned: "as-deprovision",
  quarantine: null,
  groupUnlinkOption: false,
};

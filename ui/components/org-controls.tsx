import { useState } from "react";
import type { OrgRoles, TargetOrgInfo } from "../api";
import { activePreset, OrgPresetSelect } from "./org-preset-select";
import { OrgSettingsDialog } from "./org-settings-dialog";
import "./org-controls.css";

interface Props {
  info: TargetOrgInfo | undefined;
  roles: OrgRoles | undefined;
  /** After a settings change: the org's info, users, groups and roles are to be read again. */
  onSettingsChanged: () => void;
  onError: (message: string) => void;
  /** Opens the fault injection panel in the org panel's place. */
  onShowFaults: () => void;
}

/** What both org panels carry in their header: the preset, its settings, and the way to the faults. */
export function OrgControls({ info, roles, onSettingsChanged, onError, onShowFaults }: Props) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  const preset = activePreset(info);
  // The generic presets differ only in strictness, which the faults panel switches; they have nothing to set.
  const hasSettings = preset !== undefined && (preset.switches.length > 0 || preset.roles);

  return (
    <>
      {info && <OrgPresetSelect info={info} onChanged={onSettingsChanged} onError={onError} />}
      {hasSettings && (
        <button
          type="button"
          className="small"
          onClick={() => setSettingsOpen(true)}
          data-testid="org-settings"
          title="Behaviours, Group Mapping and accounts of this organization"
        >
          ⚙ Settings
        </button>
      )}
      <button
        type="button"
        className="small"
        onClick={onShowFaults}
        data-testid="open-faults"
        title="Inject faults, switch strict or lenient"
      >
        ⚡ Faults
      </button>
      {settingsOpen && info && hasSettings && (
        <OrgSettingsDialog
          info={info}
          roles={roles}
          onChanged={onSettingsChanged}
          onClose={() => setSettingsOpen(false)}
        />
      )}
    </>
  );
}

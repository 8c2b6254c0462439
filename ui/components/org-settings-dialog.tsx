import type { OrgRoles, TargetOrgInfo } from "../api";
import { EffectiveRolesTable } from "./effective-roles-table";
import { Modal } from "./modal";
import { activePreset } from "./org-preset-select";
import { OrgSwitchesForm } from "./org-switches-form";
import { OutsideAccountForm } from "./outside-account-form";
import { RoleMappingTable } from "./role-mapping-table";
import "./org-settings-dialog.css";

interface Props {
  info: TargetOrgInfo;
  roles: OrgRoles | undefined;
  /** After a change the org took: its info and roles are to be read again. */
  onChanged: () => void;
  onClose: () => void;
}

/**
 * The settings of a SaaS-shaped org: its undocumented behaviours, its Group Mapping and what that gives each user,
 * and the accounts it knows of outside the organization. Each part saves on its own, so the dialog only closes.
 */
export function OrgSettingsDialog({ info, roles, onChanged, onClose }: Props) {
  const preset = activePreset(info);
  return (
    <Modal
      title={`Organization settings · ${preset?.label ?? info.preset}`}
      onClose={onClose}
      testId="org-settings-dialog"
      wide
    >
      <div className="modal-body org-settings">
        {preset && <p className="muted">{preset.summary}</p>}
        {preset && preset.switches.length > 0 && (
          <section className="org-settings-section">
            <h4 className="section-title">Behaviours</h4>
            <OrgSwitchesForm switches={preset.switches} values={info.switches} onChanged={onChanged} />
          </section>
        )}
        {preset?.roles && (
          <>
            <section className="org-settings-section">
              <h4 className="section-title">Group Mapping</h4>
              <p className="muted">
                Roles never travel over SCIM: members of a pushed group get its organization and stack roles,
                and the highest permission wins.
              </p>
              <RoleMappingTable mapping={info.roleMapping ?? []} onSaved={onChanged} />
            </section>
            <section className="org-settings-section">
              <h4 className="section-title">Effective roles</h4>
              <EffectiveRolesTable roles={roles} />
            </section>
          </>
        )}
        <section className="org-settings-section">
          <h4 className="section-title">Other organizations</h4>
          <OutsideAccountForm count={info.accountsOutside} onAdded={onChanged} />
        </section>
      </div>
      <footer className="modal-foot">
        <button type="button" className="primary" onClick={onClose} data-testid="close-org-settings">
          Done
        </button>
      </footer>
    </Modal>
  );
}

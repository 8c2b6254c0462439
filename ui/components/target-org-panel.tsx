import { type ReactNode, useMemo } from "react";
import type { OrgRole, OrgRoles, ScimUser, TargetOrgInfo } from "../api";
import { fullName } from "../format";
import { useFlash } from "../use-flash";
import { ActiveBadge } from "./active-badge";
import { OrgRolePill } from "./effective-roles-table";
import { activePreset } from "./org-preset-select";
import { Panel } from "./panel";
import "./target-org-panel.css";

export interface OrgSnapshot {
  info: TargetOrgInfo;
  users: ScimUser[];
}

interface Props {
  org: OrgSnapshot | undefined;
  error: string | null;
  /** The org's effective roles, shown beside each user when the preset maps groups to roles. */
  roles?: OrgRoles;
  /** The header's controls: the preset, its settings, the faults. */
  controls?: ReactNode;
}

const orgKey = (u: ScimUser) => u.id;
const orgSignature = (u: ScimUser) =>
  JSON.stringify([u.userName, u.name, u.displayName, u.active, u.emails, u.meta?.lastModified]);

function scimName(user: ScimUser): string {
  return (
    user.name?.formatted ||
    fullName({ givenName: user.name?.givenName, familyName: user.name?.familyName }) ||
    user.displayName ||
    ""
  );
}

/** What the embedded SCIM service provider holds, read over SCIM itself, so edits are seen crossing over. */
export function TargetOrgPanel({ org, error, roles, controls }: Props) {
  const users = org?.users;
  const flashing = useFlash(users, orgKey, orgSignature);
  const sorted = useMemo(
    () => [...(users ?? [])].sort((a, b) => a.userName.localeCompare(b.userName)),
    [users],
  );

  const info = org?.info;
  const rolesOn = activePreset(info)?.roles === true;
  const roleOf = useMemo(
    () => new Map<string, OrgRole>((roles?.users ?? []).map((r) => [r.userId, r.orgRole])),
    [roles],
  );
  return (
    <Panel
      title="Target org"
      count={users?.length}
      className={`panel-org ${rolesOn ? "panel-org-roles" : ""}`}
      actions={controls}
      testId="target-org-panel"
      subtitle={
        info ? (
          <>
            <span className="mono" data-testid="org-base-path">
              {new URL(info.baseUrl, window.location.href).pathname}
            </span>
            {info.strict !== undefined && (
              <span className={`pill ${info.strict ? "pill-strict" : ""}`}>
                {info.strict ? "strict" : "lenient"}
              </span>
            )}
            {info.groups !== undefined && <span className="muted">{info.groups} groups</span>}
          </>
        ) : (
          "embedded SCIM 2.0 service provider"
        )
      }
    >
      {error && (
        <p className="panel-error" role="alert">
          Could not read the target org: {error}
        </p>
      )}
      {users && users.length === 0 && (
        <p className="empty">The target org is empty. Provisioned users appear here as they arrive.</p>
      )}
      {sorted.length > 0 && (
        <table className="table" data-testid="org-users-table">
          <thead>
            <tr>
              <th>User name</th>
              <th>Name</th>
              <th>Status</th>
              {rolesOn && <th title="The organization role its mapped groups give">Role</th>}
            </tr>
          </thead>
          <tbody>
            {sorted.map((user) => {
              const flash = flashing.get(user.id);
              const role = roleOf.get(user.id);
              return (
                <tr
                  key={flash ? `${user.id}:${flash}` : user.id}
                  className={`${flash ? "flash" : ""} ${user.active === false ? "row-inactive" : ""}`}
                  data-testid="org-user-row"
                  data-username={user.userName}
                  data-scim-id={user.id}
                >
                  <td className="mono cell-ellipsis" title={user.userName}>
                    {user.userName}
                  </td>
                  <td className="cell-ellipsis strong">{scimName(user)}</td>
                  <td>
                    <ActiveBadge active={user.active} />
                  </td>
                  {rolesOn && <td data-testid="org-user-role">{role && <OrgRolePill role={role} />}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

import { useMemo } from "react";
import type { ScimUser, TargetOrgInfo } from "../api";
import { fullName } from "../format";
import { useFlash } from "../use-flash";
import { ActiveBadge } from "./active-badge";
import { Panel } from "./panel";
import "./target-org-panel.css";

export interface OrgSnapshot {
  info: TargetOrgInfo;
  users: ScimUser[];
}

interface Props {
  org: OrgSnapshot | undefined;
  error: string | null;
  /** Opens the fault injection panel in this panel's place. */
  onShowFaults?: () => void;
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
export function TargetOrgPanel({ org, error, onShowFaults }: Props) {
  const users = org?.users;
  const flashing = useFlash(users, orgKey, orgSignature);
  const sorted = useMemo(
    () => [...(users ?? [])].sort((a, b) => a.userName.localeCompare(b.userName)),
    [users],
  );

  const info = org?.info;
  return (
    <Panel
      title="Target org"
      count={users?.length}
      className="panel-org"
      actions={
        onShowFaults && (
          <button
            type="button"
            className="small"
            onClick={onShowFaults}
            data-testid="open-faults"
            title="Inject faults, switch strict or lenient"
          >
            ⚡ Faults
          </button>
        )
      }
      testId="target-org-panel"
      subtitle={
        info ? (
          <>
            <span className="mono">{new URL(info.baseUrl, window.location.href).pathname}</span>
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
            </tr>
          </thead>
          <tbody>
            {sorted.map((user) => {
              const flash = flashing.get(user.id);
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
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

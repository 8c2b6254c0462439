import { type ReactNode, useEffect, useMemo, useRef } from "react";
import { api, type OrgRole, type OrgRoles, type Page, type ScimUser, type TargetOrgInfo } from "../api";
import { fullName } from "../format";
import { usePagedList } from "../use-paged-list";
import { useVirtualRows } from "../use-virtual-rows";
import { ActiveBadge } from "./active-badge";
import { OrgRolePill } from "./effective-roles-table";
import { activePreset } from "./org-preset-select";
import { Panel } from "./panel";
import { VirtualTableBody } from "./virtual-table";
import "./target-org-panel.css";

interface Props {
  info: TargetOrgInfo | undefined;
  error: string | null;
  /** Goes up whenever the org's users may have changed (a write reached it); the rows in view are read again. */
  changes: number;
  /** The org's effective roles, shown beside each user when the preset maps groups to roles. */
  roles?: OrgRoles;
  /** The header's controls: the preset, its settings, the faults. */
  controls?: ReactNode;
}

const ROW_HEIGHT = 37;
const noUsers: Page<ScimUser> = { totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] };
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

/**
 * What the embedded SCIM service provider holds, read over SCIM itself (a page at a time, in userName order), so
 * edits are seen crossing over. The count is the org's own totalResults.
 */
export function TargetOrgPanel({ info, error, changes, roles, controls }: Props) {
  const list = usePagedList<ScimUser>({
    // A new preset can move the org to another base path: that is another list.
    query: info ? `${info.baseUrl} ${info.token}` : "",
    fetchPage: (startIndex, count) =>
      info ? api.orgUsersPage(info, startIndex, count) : Promise.resolve(noUsers),
    key: orgKey,
    signature: orgSignature,
  });
  const { refresh } = list;
  useEffect(() => {
    if (changes > 0) refresh();
  }, [changes, refresh]);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualRows<HTMLTableSectionElement>({ list, scroller, estimate: ROW_HEIGHT });

  const rolesOn = activePreset(info)?.roles === true;
  const columns = rolesOn ? 4 : 3;
  const roleOf = useMemo(
    () => new Map<string, OrgRole>((roles?.users ?? []).map((r) => [r.userId, r.orgRole])),
    [roles],
  );
  const total = list.total;
  const problem = error ?? list.error;
  return (
    <Panel
      title="Target org"
      count={info ? total : undefined}
      className={`panel-org ${rolesOn ? "panel-org-roles" : ""}`}
      actions={controls}
      testId="target-org-panel"
      bodyRef={scroller}
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
      {problem && (
        <p className="panel-error" role="alert">
          Could not read the target org: {problem}
        </p>
      )}
      {info && total === 0 && (
        <p className="empty">The target org is empty. Provisioned users appear here as they arrive.</p>
      )}
      {total !== undefined && total > 0 && (
        <table className="table" data-testid="org-users-table" data-total={total}>
          <thead>
            <tr>
              <th>User name</th>
              <th>Name</th>
              <th>Status</th>
              {rolesOn && <th title="The organization role its mapped groups give">Role</th>}
            </tr>
          </thead>
          <VirtualTableBody rows={rows} columns={columns} at={list.at} bodyRef={rows.start}>
            {(user, index) => {
              const flash = list.flashing.get(user.id);
              const role = roleOf.get(user.id);
              return (
                <tr
                  key={flash ? `${user.id}:${flash}` : user.id}
                  ref={rows.virtualizer.measureElement}
                  data-index={index}
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
            }}
          </VirtualTableBody>
        </table>
      )}
    </Panel>
  );
}

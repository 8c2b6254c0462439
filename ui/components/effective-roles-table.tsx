import { useMemo } from "react";
import type { OrgRole, OrgRoles } from "../api";

/** An org role as a pill: admins stand out, members do not. */
export function OrgRolePill({ role }: { role: OrgRole }) {
  return <span className={`pill ${role === "admin" ? "pill-accent" : ""}`}>{role}</span>;
}

/** What the saved Group Mapping gives each user of the org, from the groups the IdP pushed. */
export function EffectiveRolesTable({ roles }: { roles: OrgRoles | undefined }) {
  const users = useMemo(
    () => [...(roles?.users ?? [])].sort((a, b) => a.userName.localeCompare(b.userName)),
    [roles],
  );
  if (!roles) return <p className="muted">Reading the roles…</p>;
  if (users.length === 0) return <p className="muted">The org has no users yet.</p>;
  return (
    <table className="table mapping-table effective-roles" data-testid="effective-roles">
      <thead>
        <tr>
          <th>User</th>
          <th>Org role</th>
          <th>Stack roles</th>
          <th>Via groups</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => {
          const stacks = Object.entries(user.stacks).sort(([a], [b]) => a.localeCompare(b));
          // Two pushed groups may share a mapped name; the mapping row counts once.
          const groups = [...new Set(user.groups)];
          return (
            <tr
              key={user.userId}
              data-testid="effective-role-row"
              data-username={user.userName}
              data-org-role={user.orgRole}
            >
              <td className="mono cell-ellipsis" title={user.userName}>
                {user.userName}
              </td>
              <td>
                <OrgRolePill role={user.orgRole} />
              </td>
              <td data-testid="effective-stacks">
                {stacks.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="chips">
                    {stacks.map(([stack, role]) => (
                      <li key={stack} title={`${stack}: ${role}`}>
                        {stack}: <span className="strong">{role}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                {groups.length === 0 ? (
                  <span className="muted">no mapped group</span>
                ) : (
                  <ul className="chips">
                    {groups.map((group) => (
                      <li key={group} title={group}>
                        {group}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

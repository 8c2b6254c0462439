import { type ReactNode, useMemo } from "react";
import type { ScimGroup, ScimUser } from "../api";
import { useFlash } from "../use-flash";
import { Panel } from "./panel";
import "./org-groups-panel.css";

interface Props {
  groups: ScimGroup[] | undefined;
  /** The org's users, to name members by userName rather than by the org's ids. */
  users: ScimUser[] | undefined;
  error: string | null;
  /** The header's controls: the preset, its settings, the faults. */
  controls?: ReactNode;
}

const orgGroupKey = (g: ScimGroup) => g.id;
const orgGroupSignature = (g: ScimGroup) =>
  JSON.stringify([g.displayName, g.members?.map((m) => m.value), g.meta?.lastModified]);

/** The groups the embedded org holds, read over SCIM, members resolved to the org's userNames. */
export function OrgGroupsPanel({ groups, users, error, controls }: Props) {
  const flashing = useFlash(groups, orgGroupKey, orgGroupSignature);
  const userNames = useMemo(() => new Map((users ?? []).map((u) => [u.id, u.userName])), [users]);
  const sorted = useMemo(
    () => [...(groups ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName)),
    [groups],
  );

  return (
    <Panel
      title="Target org groups"
      count={groups?.length}
      subtitle={<span className="mono">GET /Groups on the embedded org</span>}
      className="panel-org"
      actions={controls}
      testId="org-groups-panel"
    >
      {error && (
        <p className="panel-error" role="alert">
          Could not read the org's groups: {error}
        </p>
      )}
      {groups && groups.length === 0 && (
        <p className="empty">The target org has no groups. Pushed groups appear here as they arrive.</p>
      )}
      {sorted.length > 0 && (
        <ul className="org-groups" data-testid="org-groups-list">
          {sorted.map((group) => {
            const flash = flashing.get(group.id);
            const members = (group.members ?? []).map((m) => userNames.get(m.value) ?? m.display ?? m.value);
            return (
              <li
                key={flash ? `${group.id}:${flash}` : group.id}
                className={`org-group ${flash ? "flash-block" : ""}`}
                data-testid="org-group-row"
                data-group-name={group.displayName}
                data-member-count={members.length}
                data-scim-id={group.id}
              >
                <div className="org-group-head">
                  <span className="strong">{group.displayName}</span>
                  <span className="count" title="members">
                    {members.length}
                  </span>
                </div>
                {members.length > 0 ? (
                  <ul className="org-group-members" data-testid="org-group-members">
                    {members.map((name) => (
                      <li key={name} className="mono">
                        {name}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <div className="muted sub">no members</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}

import { type ReactNode, useMemo, useState } from "react";
import type { Group } from "../../server/protocol";
import { api, type GroupPatch } from "../api";
import { fullName } from "../format";
import { useUsersById } from "../use-directory-lookup";
import { useFlash } from "../use-flash";
import { ConfirmDialog } from "./confirm-dialog";
import { GroupFormDialog } from "./group-form-dialog";
import { OriginPill } from "./origin-pill";
import { Panel } from "./panel";
import "./groups-panel.css";

interface Props {
  groups: Group[] | undefined;
  error: string | null;
  onChanged: () => void;
  /** Shown above the list: what scenario runs left in the directory. */
  notice?: ReactNode;
}

type Editing = { kind: "create" } | { kind: "edit"; group: Group } | { kind: "delete"; group: Group } | null;

const groupKey = (g: Group) => g.id;
const groupSignature = (g: Group) => g.updatedAt;
const PREVIEW_MEMBERS = 3;

/** The IdP's groups: names, descriptions and members, pushed to every target like users are. */
export function GroupsPanel({ groups, error, onChanged, notice }: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const flashing = useFlash(groups, groupKey, groupSignature);
  // Only the members each row names are read, so a directory of 100k is never loaded to name a few.
  const byId = useUsersById(
    useMemo(() => (groups ?? []).flatMap((g) => g.members.slice(0, PREVIEW_MEMBERS)), [groups]),
  );
  const sorted = useMemo(
    () => [...(groups ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName)),
    [groups],
  );

  const save = async (body: GroupPatch) => {
    if (editing?.kind === "edit") await api.updateGroup(editing.group.id, body);
    else await api.createGroup(body);
    onChanged();
  };

  return (
    <Panel
      title="Groups"
      subtitle="directory groups · membership travels as SCIM Group members"
      count={groups?.length}
      className="panel-groups"
      testId="groups-panel"
      actions={
        <button
          type="button"
          className="primary"
          onClick={() => setEditing({ kind: "create" })}
          data-testid="create-group"
        >
          + New group
        </button>
      }
    >
      {error && (
        <p className="panel-error" role="alert">
          Could not load groups: {error}
        </p>
      )}
      {notice}
      {groups && groups.length === 0 && (
        <p className="empty">No groups yet. Create one, add members, and watch its SCIM calls go out.</p>
      )}
      {sorted.length > 0 && (
        <table className="table" data-testid="groups-table">
          <thead>
            <tr>
              <th>Group</th>
              <th className="col-members">Members</th>
              <th className="actions-col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((group) => {
              const flash = flashing.get(group.id);
              const names = group.members.map((id) => {
                const user = byId.get(id);
                return user ? fullName(user) : id.slice(0, 8);
              });
              const rest = names.length - PREVIEW_MEMBERS;
              return (
                <tr
                  key={flash ? `${group.id}:${flash}` : group.id}
                  className={flash ? "flash" : ""}
                  data-testid="group-row"
                  data-group-id={group.id}
                  data-group-name={group.displayName}
                  data-member-count={group.members.length}
                >
                  <td className="cell-user">
                    <div className="cell-ellipsis strong" data-testid="group-name">
                      {group.displayName}
                    </div>
                    <div className="cell-ellipsis sub muted" data-testid="group-description">
                      <OriginPill origin={group.origin} /> {group.description || "no description"}
                    </div>
                  </td>
                  <td className="col-members" title={names.join(", ")}>
                    <div className="member-line">
                      <span className="count" data-testid="group-member-count">
                        {group.members.length}
                      </span>
                      <span className="cell-ellipsis member-names">
                        {names.slice(0, PREVIEW_MEMBERS).join(", ")}
                        {rest > 0 && <span className="muted"> +{rest} more</span>}
                        {names.length === 0 && <span className="muted">no members</span>}
                      </span>
                    </div>
                  </td>
                  <td className="actions-col">
                    <div className="row-actions">
                      <button
                        type="button"
                        className="small"
                        onClick={() => setEditing({ kind: "edit", group })}
                        data-testid="edit-group"
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="small danger-ghost"
                        onClick={() => setEditing({ kind: "delete", group })}
                        data-testid="delete-group"
                        aria-label={`Delete ${group.displayName}`}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {(editing?.kind === "create" || editing?.kind === "edit") && (
        <GroupFormDialog
          group={editing.kind === "edit" ? editing.group : null}
          onSave={save}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === "delete" && (
        <ConfirmDialog
          title="Delete group"
          confirmLabel="Delete group"
          danger
          onClose={() => setEditing(null)}
          onConfirm={async () => {
            await api.deleteGroup(editing.group.id);
            onChanged();
          }}
        >
          <p>
            Delete <strong>{editing.group.displayName}</strong> from the directory?
          </p>
          <p className="muted">
            Its members stay. Each target removes or keeps the group on its side as its dialect does.
          </p>
        </ConfirmDialog>
      )}
    </Panel>
  );
}

import { type ReactNode, useMemo, useState } from "react";
import type { TargetView, User } from "../../server/protocol";
import { api, messageOf, type UserPatch } from "../api";
import { fullName } from "../format";
import { useFlash } from "../use-flash";
import { ActiveBadge } from "./active-badge";
import { ConfirmDialog } from "./confirm-dialog";
import { OriginPill } from "./origin-pill";
import { Panel } from "./panel";
import { ProvisionDialog } from "./provision-dialog";
import { UserFormDialog } from "./user-form-dialog";
import "./directory-panel.css";

interface Props {
  users: User[] | undefined;
  error: string | null;
  onChanged: () => void;
  onError: (message: string) => void;
  targets: TargetView[] | undefined;
  onNotify: (message: string, kind?: "error" | "info") => void;
  /** Shown above the list: what scenario runs left in the directory. */
  notice?: ReactNode;
}

type Editing =
  | { kind: "create" }
  | { kind: "edit"; user: User }
  | { kind: "delete"; user: User }
  | { kind: "provision"; user: User }
  | null;

const userKey = (u: User) => u.id;
const userSignature = (u: User) => u.updatedAt;

function matches(user: User, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [user.userName, fullName(user), user.email, user.department, user.title]
    .filter((v): v is string => typeof v === "string")
    .some((v) => v.toLowerCase().includes(q));
}

/** The IdP's own users: what a person edits, and what provisioning pushes to every target. */
export function DirectoryPanel({ users, error, onChanged, onError, targets, onNotify, notice }: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const [query, setQuery] = useState("");
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const flashing = useFlash(users, userKey, userSignature);

  const sorted = useMemo(
    () => [...(users ?? [])].sort((a, b) => a.userName.localeCompare(b.userName)),
    [users],
  );
  const shown = sorted.filter((u) => matches(u, query));
  const activeCount = sorted.filter((u) => u.active).length;

  const toggleActive = async (user: User) => {
    setPending((p) => new Set(p).add(user.id));
    try {
      await api.updateUser(user.id, { active: !user.active });
      onChanged();
    } catch (err) {
      onError(`Could not ${user.active ? "deactivate" : "reactivate"} ${user.userName}: ${messageOf(err)}`);
    } finally {
      setPending((p) => {
        const next = new Set(p);
        next.delete(user.id);
        return next;
      });
    }
  };

  const save = async (body: UserPatch) => {
    if (editing?.kind === "edit") await api.updateUser(editing.user.id, body);
    else await api.createUser(body);
    onChanged();
  };

  return (
    <Panel
      title="Directory"
      subtitle={
        users
          ? `${activeCount} active · ${sorted.length - activeCount} inactive · the IdP's source of truth`
          : null
      }
      count={users?.length}
      className="panel-directory"
      testId="directory-panel"
      actions={
        <>
          <input
            type="search"
            className="search"
            placeholder="Filter users…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            aria-label="Filter users"
            data-testid="user-filter"
          />
          <button
            type="button"
            className="primary"
            onClick={() => setEditing({ kind: "create" })}
            data-testid="create-user"
          >
            + New user
          </button>
        </>
      }
    >
      {error && (
        <p className="panel-error" role="alert">
          Could not load users: {error}
        </p>
      )}
      {notice}
      {users && users.length === 0 && (
        <p className="empty">No users yet. Create one and watch it cross over to the target org.</p>
      )}
      {users && users.length > 0 && (
        <table className="table" data-testid="users-table">
          <thead>
            <tr>
              <th>User</th>
              <th className="col-email">Email</th>
              <th>Department</th>
              <th className="col-title">Title</th>
              <th>Status</th>
              <th className="actions-col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((user) => {
              const flash = flashing.get(user.id);
              const busy = pending.has(user.id);
              return (
                <tr
                  key={flash ? `${user.id}:${flash}` : user.id}
                  className={`${flash ? "flash" : ""} ${user.active ? "" : "row-inactive"}`}
                  data-testid="user-row"
                  data-user-id={user.id}
                  data-username={user.userName}
                >
                  <td className="cell-user" title={user.userName}>
                    <div className="cell-ellipsis strong" data-testid="user-name">
                      {fullName(user)}
                    </div>
                    <div className="cell-ellipsis mono sub" data-testid="user-username">
                      {user.userName}
                    </div>
                  </td>
                  <td className="cell-ellipsis col-email" title={user.email ?? undefined}>
                    {user.email ?? <span className="muted">—</span>}
                  </td>
                  <td className="cell-ellipsis" data-testid="user-department">
                    {user.department ?? <span className="muted">—</span>}
                  </td>
                  <td className="cell-ellipsis col-title" title={user.title ?? undefined}>
                    {user.title ?? <span className="muted">—</span>}
                  </td>
                  <td>
                    <ActiveBadge active={user.active} />
                    <OriginPill origin={user.origin} />
                    {user.passwordSet && (
                      <div
                        className="password-set"
                        title="Has a directory password"
                        data-testid="password-set"
                      >
                        password set
                      </div>
                    )}
                  </td>
                  <td className="actions-col">
                    <div className="row-actions">
                      <button
                        type="button"
                        className="small"
                        onClick={() => setEditing({ kind: "edit", user })}
                        data-testid="edit-user"
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="small"
                        disabled={busy}
                        onClick={() => toggleActive(user)}
                        data-testid="toggle-active"
                      >
                        {user.active ? "Deactivate" : "Reactivate"}
                      </button>
                      <button
                        type="button"
                        className="small"
                        disabled={!targets || targets.length === 0}
                        onClick={() => setEditing({ kind: "provision", user })}
                        data-testid="provision-user"
                        title="Provision on demand: push this user to a target now"
                      >
                        Provision
                      </button>
                      <button
                        type="button"
                        className="small danger-ghost"
                        onClick={() => setEditing({ kind: "delete", user })}
                        data-testid="delete-user"
                        aria-label={`Delete ${user.userName}`}
                        title="Delete"
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
      {users && users.length > 0 && shown.length === 0 && <p className="empty">No user matches “{query}”.</p>}

      {(editing?.kind === "create" || editing?.kind === "edit") && (
        <UserFormDialog
          user={editing.kind === "edit" ? editing.user : null}
          users={users ?? []}
          onSave={save}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === "provision" && (
        <ProvisionDialog
          user={editing.user}
          targets={targets ?? []}
          onNotify={onNotify}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === "delete" && (
        <ConfirmDialog
          title="Delete user"
          confirmLabel="Delete user"
          danger
          onClose={() => setEditing(null)}
          onConfirm={async () => {
            await api.deleteUser(editing.user.id);
            onChanged();
          }}
        >
          <p>
            Delete <strong>{editing.user.userName}</strong> from the directory?
          </p>
          <p className="muted">
            What each target receives follows its deprovisioning rule: usually a deactivation, sometimes a
            DELETE.
          </p>
        </ConfirmDialog>
      )}
    </Panel>
  );
}

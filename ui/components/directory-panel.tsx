import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { api, messageOf, type TargetView, type User, type UserPatch } from "../api";
import { type LiveSignal, useLiveSignals } from "../live-bus";
import { useDebounced } from "../use-debounced";
import { usePagedList } from "../use-paged-list";
import { useVirtualRows } from "../use-virtual-rows";
import { ConfirmDialog } from "./confirm-dialog";
import { Panel } from "./panel";
import { ProvisionDialog } from "./provision-dialog";
import { UserFormDialog } from "./user-form-dialog";
import { type UserAction, UserRow } from "./user-row";
import { VirtualTableBody } from "./virtual-table";
import "./directory-panel.css";

/** How many users the directory holds, and how many of them are inactive. */
export interface UserTotals {
  total: number;
  inactive: number;
}

interface Props {
  totals: UserTotals | undefined;
  onError: (message: string) => void;
  targets: TargetView[] | undefined;
  onNotify: (message: string, kind?: "error" | "info") => void;
  /** Shown above the list: what scenario runs left in the directory. */
  notice?: ReactNode;
  /** Jumps to the traffic about this user. */
  onShowTraffic: (user: User) => void;
  /** The user the address names: their edit form opens, and their row is found and marked. */
  selectedUserId?: string;
  onSelectUser: (id: string | undefined) => void;
}

type Editing =
  | { kind: "create" }
  | { kind: "edit"; user: User }
  | { kind: "delete"; user: User }
  | { kind: "provision"; user: User }
  | null;

const COLUMNS = 6;
const ROW_HEIGHT = 53;
const SEARCH_PAUSE_MS = 200;
const userKey = (u: User) => u.id;
const userSignature = (u: User) => u.updatedAt;

/**
 * The IdP's own users: what a person edits, and what provisioning pushes to every target. The server searches
 * and pages them; only the rows in view are drawn, so a directory of 100,000 scrolls like one of ten.
 */
export function DirectoryPanel({
  totals,
  onError,
  targets,
  onNotify,
  notice,
  onShowTraffic,
  selectedUserId,
  onSelectUser,
}: Props) {
  const [editing, setEditingState] = useState<Editing>(null);
  const selectUser = useRef(onSelectUser);
  selectUser.current = onSelectUser;
  // The user being edited is in the address, so a link (or a reload) opens the same form.
  const setEditing = useCallback((next: Editing) => {
    setEditingState(next);
    selectUser.current(next?.kind === "edit" ? next.user.id : undefined);
  }, []);
  const [query, setQuery] = useState("");
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const filter = useDebounced(query.trim(), SEARCH_PAUSE_MS);
  const list = usePagedList<User>({
    query: filter,
    fetchPage: (startIndex, count) => api.usersPage(filter, startIndex, count),
    key: userKey,
    signature: userSignature,
  });
  const scroller = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new address is read, not every form change
  useEffect(() => {
    if (!selectedUserId || (editing?.kind === "edit" && editing.user.id === selectedUserId)) return;
    let alive = true;
    api.user(selectedUserId).then(
      (user) => {
        if (!alive) return;
        setQuery(user.userName);
        setEditingState({ kind: "edit", user });
      },
      (err: unknown) => {
        if (!alive) return;
        onError(`The linked user is not in the directory: ${messageOf(err)}`);
        selectUser.current(undefined);
      },
    );
    return () => {
      alive = false;
    };
  }, [selectedUserId]);
  const rows = useVirtualRows<HTMLTableSectionElement>({ list, scroller, estimate: ROW_HEIGHT });

  useLiveSignals((signal: LiveSignal) => {
    if (signal.type === "reread") list.refresh();
    if (signal.type !== "directory") return;
    const { event } = signal;
    switch (event.type) {
      case "user.created":
      case "user.deleted":
        list.refresh();
        break;
      case "user.updated":
      case "user.deactivated":
      case "user.reactivated":
        list.patch(event.user);
        // Only a new userName moves a row, and only a search can drop one; otherwise the patch is the whole change.
        if (filter || event.before.userName !== event.user.userName) list.refresh();
        break;
    }
  });

  const toggleActive = async (user: User) => {
    setPending((p) => new Set(p).add(user.id));
    try {
      list.patch(await api.updateUser(user.id, { active: !user.active }));
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
  const toggle = useRef(toggleActive);
  toggle.current = toggleActive;

  const showTraffic = useRef(onShowTraffic);
  showTraffic.current = onShowTraffic;
  const onAction = useCallback(
    (action: UserAction, user: User) => {
      if (action === "toggle") void toggle.current(user);
      else if (action === "traffic") showTraffic.current(user);
      else setEditing({ kind: action, user });
    },
    [setEditing],
  );

  const save = async (body: UserPatch) => {
    if (editing?.kind === "edit") list.patch(await api.updateUser(editing.user.id, body));
    else await api.createUser(body);
    list.refresh();
  };

  const total = list.total;
  const searching = list.query !== "";
  const canProvision = (targets ?? []).length > 0;
  return (
    <Panel
      title="Directory"
      subtitle={
        totals ? (
          <>
            {`${(totals.total - totals.inactive).toLocaleString()} active · ${totals.inactive.toLocaleString()} inactive · the IdP's source of truth`}
            {searching && total !== undefined && (
              <span className="muted" data-testid="user-matches">
                {" "}
                · {total.toLocaleString()} {total === 1 ? "match" : "matches"}
              </span>
            )}
          </>
        ) : null
      }
      count={totals?.total}
      className="panel-directory"
      testId="directory-panel"
      bodyRef={scroller}
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
            data-shortcut="search"
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
      {list.error && (
        <p className="panel-error" role="alert">
          Could not load users: {list.error}
        </p>
      )}
      {notice}
      {total === 0 && !searching && (
        <p className="empty">No users yet. Create one and watch it cross over to the target org.</p>
      )}
      {total !== undefined && total > 0 && (
        <table className="table" data-testid="users-table" data-total={total}>
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
          <VirtualTableBody rows={rows} columns={COLUMNS} at={list.at} bodyRef={rows.start}>
            {(user, index) => {
              const flash = list.flashing.get(user.id);
              return (
                <UserRow
                  key={flash ? `${user.id}:${flash}` : user.id}
                  user={user}
                  index={index}
                  rowRef={rows.virtualizer.measureElement}
                  flashing={flash !== undefined}
                  busy={pending.has(user.id)}
                  selected={user.id === selectedUserId}
                  canProvision={canProvision}
                  onAction={onAction}
                />
              );
            }}
          </VirtualTableBody>
        </table>
      )}
      {total === 0 && searching && <p className="empty">No user matches “{list.query}”.</p>}

      {(editing?.kind === "create" || editing?.kind === "edit") && (
        <UserFormDialog
          user={editing.kind === "edit" ? editing.user : null}
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
            list.refresh();
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

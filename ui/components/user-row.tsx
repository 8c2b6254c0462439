import { memo, type Ref } from "react";
import type { User } from "../api";
import { fullName } from "../format";
import { ActiveBadge } from "./active-badge";
import { OriginPill } from "./origin-pill";

export type UserAction = "edit" | "toggle" | "provision" | "delete" | "traffic";

interface Props {
  user: User;
  /** The virtual list's position of the row, which it measures the row by. */
  index: number;
  rowRef: Ref<HTMLTableRowElement>;
  flashing: boolean;
  busy: boolean;
  /** The user the address names. */
  selected: boolean;
  canProvision: boolean;
  onAction: (action: UserAction, user: User) => void;
}

/** One directory user, with what a person does to it. */
export const UserRow = memo(function UserRow({
  user,
  index,
  rowRef,
  flashing,
  busy,
  selected,
  canProvision,
  onAction,
}: Props) {
  return (
    <tr
      ref={rowRef}
      data-index={index}
      className={`${flashing ? "flash" : ""} ${user.active ? "" : "row-inactive"} ${selected ? "row-selected" : ""}`}
      aria-selected={selected || undefined}
      data-testid="user-row"
      data-user-id={user.id}
      data-username={user.userName}
    >
      <td className="cell-user" title={user.userName}>
        <div className="cell-ellipsis strong" data-testid="user-name">
          <a
            className="user-traffic-link"
            href={`/?view=traffic&t.user=${encodeURIComponent(user.id)}`}
            onClick={(event) => {
              // A plain click stays in the page; a middle or Ctrl click opens the link in a new tab.
              if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
              event.preventDefault();
              onAction("traffic", user);
            }}
            title={`Show ${fullName(user)}'s traffic`}
            data-testid="user-traffic"
          >
            {fullName(user)}
          </a>
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
          <div className="password-set" title="Has a directory password" data-testid="password-set">
            password set
          </div>
        )}
      </td>
      <td className="actions-col">
        <div className="row-actions">
          <button
            type="button"
            className="small"
            onClick={() => onAction("edit", user)}
            data-testid="edit-user"
          >
            Edit
          </button>
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => onAction("toggle", user)}
            data-testid="toggle-active"
          >
            {user.active ? "Deactivate" : "Reactivate"}
          </button>
          <button
            type="button"
            className="small"
            disabled={!canProvision}
            onClick={() => onAction("provision", user)}
            data-testid="provision-user"
            title="Provision on demand: push this user to a target now"
          >
            Provision
          </button>
          <button
            type="button"
            className="small danger-ghost"
            onClick={() => onAction("delete", user)}
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
});

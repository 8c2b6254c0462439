import type { SyncRequest } from "../api";
import { usePopover } from "../use-popover";
import "./sync-menu.css";

interface Choice {
  id: string;
  label: string;
  hint: string;
  request: SyncRequest;
}

export const SYNC_CHOICES: readonly Choice[] = [
  { id: "full", label: "Full", hint: "compare every user and group in scope", request: { kind: "full" } },
  {
    id: "incremental",
    label: "Incremental",
    hint: "only what changed since the last cycle",
    request: { kind: "incremental" },
  },
  {
    id: "reconcile",
    label: "Reconcile",
    hint: "read the target and report drift; change nothing",
    request: { kind: "reconcile" },
  },
  {
    id: "reconcile-fix",
    label: "Reconcile and fix",
    hint: "report drift, then re-create, push and adopt",
    request: { kind: "reconcile", fix: true },
  },
];

interface Props {
  busy: boolean;
  onSync: (request: SyncRequest, label: string) => void;
}

/** A split button: the main half runs a full cycle, the caret opens the other kinds. */
export function SyncMenu({ busy, onSync }: Props) {
  const popover = usePopover();

  return (
    <div className="split-button" ref={popover.root}>
      <button
        type="button"
        className="primary small split-main"
        onClick={() => onSync({ kind: "full" }, "Full")}
        disabled={busy}
        data-testid="sync-target"
        title="Run a full cycle now"
      >
        {busy ? "Syncing…" : "Sync now"}
      </button>
      <button
        type="button"
        className="primary small split-caret"
        ref={popover.trigger}
        onClick={popover.toggle}
        disabled={busy}
        aria-haspopup="menu"
        aria-expanded={popover.open}
        aria-label="Choose the kind of cycle"
        data-testid="sync-menu"
      >
        ▾
      </button>
      {popover.open && (
        <div
          className="menu"
          role="menu"
          aria-label="Kind of cycle"
          ref={popover.menu}
          onKeyDown={popover.onMenuKeyDown}
          data-testid="sync-menu-items"
        >
          {SYNC_CHOICES.map((choice) => (
            <button
              key={choice.id}
              type="button"
              role="menuitem"
              // One tab stop for the menu: the arrow keys move between its items.
              tabIndex={-1}
              className="menu-item"
              onClick={() => {
                popover.close();
                onSync(choice.request, choice.label);
              }}
              data-testid={`sync-kind-${choice.id}`}
            >
              <span className="menu-label">{choice.label}</span>
              <span className="menu-hint">{choice.hint}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

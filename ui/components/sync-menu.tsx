import { useEffect, useRef, useState } from "react";
import type { SyncRequest } from "../api";

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
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div className="split-button" ref={root}>
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
        onClick={() => setOpen((o) => !o)}
        disabled={busy}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="Choose the kind of cycle"
        data-testid="sync-menu"
      >
        ▾
      </button>
      {open && (
        <div className="menu" role="menu" data-testid="sync-menu-items">
          {SYNC_CHOICES.map((choice) => (
            <button
              key={choice.id}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => {
                setOpen(false);
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

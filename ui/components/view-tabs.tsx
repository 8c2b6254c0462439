import type { View } from "../url-state";
import "./view-tabs.css";

/** The views in tab order; the number keys 1 to 6 pick them in this order. */
export const VIEWS: ReadonlyArray<{ id: View; label: string }> = [
  { id: "users", label: "Users" },
  { id: "groups", label: "Groups" },
  { id: "traffic", label: "Traffic" },
  { id: "compare", label: "Compare dialects" },
  { id: "scenarios", label: "Scenarios" },
  { id: "sign-in", label: "Sign-in" },
];

interface Props {
  view: View;
  onChange: (view: View) => void;
  counts: Partial<Record<View, number>>;
}

/** The page's top-level views: the directory's users, its groups, and the trainer's dialect comparison. */
export function ViewTabs({ view, onChange, counts }: Props) {
  return (
    <nav className="view-tabs" aria-label="Views">
      {VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          aria-current={view === v.id ? "page" : undefined}
          className={`view-tab ${view === v.id ? "selected" : ""}`}
          onClick={() => onChange(v.id)}
          aria-keyshortcuts={String(VIEWS.indexOf(v) + 1)}
          data-testid={`tab-${v.id}`}
        >
          {v.label}
          {counts[v.id] !== undefined && <span className="tab-count">{counts[v.id]?.toLocaleString()}</span>}
        </button>
      ))}
    </nav>
  );
}

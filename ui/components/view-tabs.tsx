import "./view-tabs.css";

export const VIEWS = [
  { id: "users", label: "Users" },
  { id: "groups", label: "Groups" },
  { id: "compare", label: "Compare dialects" },
  { id: "scenarios", label: "Scenarios" },
  { id: "sign-in", label: "Sign-in" },
] as const;
export type View = (typeof VIEWS)[number]["id"];

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
          data-testid={`tab-${v.id}`}
        >
          {v.label}
          {counts[v.id] !== undefined && <span className="tab-count">{counts[v.id]?.toLocaleString()}</span>}
        </button>
      ))}
    </nav>
  );
}

import { useMemo, useState } from "react";
import "./searchable-checklist.css";

export interface ChecklistItem {
  id: string;
  label: string;
  /** A second, smaller line: a userName, a member count. */
  detail?: string;
}

interface Props {
  items: ChecklistItem[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  /** What the items are, for the search box and the counter ("users", "groups"). */
  noun: string;
  testId?: string;
  /**
   * For lists too large to hold (a directory's users): the search goes to the caller, whose `items` are then the
   * server's matches plus what is chosen, and `total` is how many there are in all.
   */
  search?: { query: string; setQuery(query: string): void; total: number | null };
}

/** A multi-select: a search box over a list of checkboxes, with a count of what is chosen and a clear. */
export function SearchableChecklist({ items, selected, onChange, noun, testId, search }: Props) {
  const [ownQuery, setOwnQuery] = useState("");
  const query = search ? search.query : ownQuery;
  const setQuery = search ? search.setQuery : setOwnQuery;
  const chosen = useMemo(() => new Set(selected), [selected]);
  const q = query.trim().toLowerCase();
  const shown = search
    ? items
    : items.filter(
        (item) => !q || item.label.toLowerCase().includes(q) || item.detail?.toLowerCase().includes(q),
      );
  const total = search ? (search.total ?? items.length) : items.length;

  const toggle = (id: string) => {
    if (chosen.has(id)) onChange(selected.filter((s) => s !== id));
    else onChange([...selected, id]);
  };

  return (
    <div className="checklist" data-testid={testId}>
      <div className="checklist-bar">
        <input
          type="search"
          className="search"
          placeholder={`Search ${noun}…`}
          aria-label={`Search ${noun}`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="checklist-search"
        />
        <span className="checklist-count" data-testid="checklist-count">
          {selected.length} of {total.toLocaleString()} {noun}
        </span>
        {selected.length > 0 && (
          <button type="button" className="ghost small" onClick={() => onChange([])}>
            Clear
          </button>
        )}
      </div>
      <ul className="checklist-items">
        {shown.map((item) => (
          <li key={item.id}>
            <label className={`checklist-item ${chosen.has(item.id) ? "checked" : ""}`}>
              <input
                type="checkbox"
                checked={chosen.has(item.id)}
                onChange={() => toggle(item.id)}
                data-testid="checklist-option"
                data-id={item.id}
                data-label={item.label}
              />
              <span className="checklist-label">
                <span className="strong">{item.label}</span>
                {item.detail && <span className="mono sub">{item.detail}</span>}
              </span>
            </label>
          </li>
        ))}
        {shown.length === 0 && (
          <li className="muted checklist-empty">
            {total === 0 && !q ? `No ${noun} yet.` : `No ${noun} match “${query}”.`}
          </li>
        )}
      </ul>
    </div>
  );
}

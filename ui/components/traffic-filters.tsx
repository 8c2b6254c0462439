import { useEffect, useState } from "react";
import { STATUS_CLASSES, type TargetView } from "../../server/protocol";
import type { TrafficLocation } from "../url-state";
import { useDebounced } from "../use-debounced";
import "./traffic-filters.css";

interface Props {
  value: TrafficLocation;
  targets: TargetView[] | undefined;
  onChange: (next: TrafficLocation) => void;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const CAUSES = [
  "user.",
  "group.",
  "cycle:",
  "scenario:",
  "retry:",
  "provision-on-demand",
  "test-connection",
  "check",
];
const TYPED = ["q", "path", "cause", "who"] as const;
type Typed = (typeof TYPED)[number];
const PAUSE_MS = 250;

/** The traffic view's narrowing: each field is a server-side filter, all of them combined, kept in the address. */
export function TrafficFilters({ value, targets, onChange }: Props) {
  // Typed fields settle before they reach the address (and the server); picked ones apply at once.
  const [typed, setTyped] = useState<Pick<TrafficLocation, Typed>>(() => pick(value));
  const settled = useDebounced(typed, PAUSE_MS);
  // What the address held at the last render, and the last settled edit sent to it.
  const [shown, setShown] = useState(() => pick(value));
  const [sent, setSent] = useState<Pick<TrafficLocation, Typed> | null>(null);
  // A link, Back or Clear that changes the address changes the fields in this very render, not in an effect
  // after it: an edit that settles in between must not put the old text back. The address taking the edit
  // just sent is no such change, and leaves alone what has been typed since.
  if (!samePick(shown, pick(value))) {
    setShown(pick(value));
    if (!sent || !samePick(sent, pick(value))) setTyped(pick(value));
    setSent(null);
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled edit is sent on, not every new value
  useEffect(() => {
    // An edit overtaken by the address (a clear while it was settling) is stale: only the latest goes on.
    if (!samePick(settled, typed)) return;
    if (TYPED.some((k) => (settled[k] ?? "") !== (value[k] ?? ""))) {
      setSent(settled);
      onChange({ ...value, ...settled });
    }
  }, [settled]);

  const set = (patch: Partial<TrafficLocation>) => onChange({ ...value, ...patch });
  const text = (key: Typed, label: string, placeholder: string, extra: Record<string, string> = {}) => (
    <label className="tf-field">
      <span className="control-label">{label}</span>
      <input
        type="search"
        value={typed[key] ?? ""}
        placeholder={placeholder}
        onChange={(e) => setTyped((t) => ({ ...t, [key]: e.target.value || undefined }))}
        data-testid={`traffic-filter-${key}`}
        {...extra}
      />
    </label>
  );
  const choice = (
    key: "target" | "method" | "status",
    label: string,
    none: string,
    options: ReadonlyArray<readonly [string, string]>,
    size = "",
  ) => (
    <label className={`tf-field ${size}`}>
      <span className="control-label">{label}</span>
      <select
        value={value[key] ?? ""}
        onChange={(e) =>
          set(
            key === "status"
              ? { status: STATUS_CLASSES.find((s) => s === e.target.value) }
              : { [key]: e.target.value || undefined },
          )
        }
        data-testid={`traffic-filter-${key}`}
      >
        <option value="">{none}</option>
        {options.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
  const active = Object.entries(value).some(([k, v]) => k !== "mode" && v);

  return (
    <form
      className="traffic-filters"
      onSubmit={(e) => e.preventDefault()}
      aria-label="Filter the traffic"
      data-testid="traffic-filters"
    >
      {text("q", "Search", "method, path or status", { "data-shortcut": "search" })}
      {choice("target", "Target", "every target", targets?.map((t) => [t.id, t.name]) ?? [])}
      {choice(
        "method",
        "Method",
        "any",
        METHODS.map((m) => [m, m]),
        "tf-small",
      )}
      {choice(
        "status",
        "Status",
        "any",
        STATUS_CLASSES.map((s) => [s, s === "err" ? "no answer" : s]),
        "tf-small",
      )}
      {text("path", "Path", "/Users, filter=…")}
      {text("cause", "Cause", "cycle, user.deactivated…", { list: "traffic-causes" })}
      <datalist id="traffic-causes">
        {CAUSES.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      {text("who", "User or group", "a name")}
      <button
        type="button"
        className="ghost small tf-clear"
        disabled={!active && !TYPED.some((k) => typed[k])}
        onClick={() => {
          // Text still settling is cleared too: it never reached the address, so the address alone cannot.
          setTyped({});
          setSent(null);
          onChange({ mode: value.mode });
        }}
        data-testid="traffic-filter-clear"
      >
        Clear filters
      </button>
    </form>
  );
}

function pick(value: TrafficLocation): Pick<TrafficLocation, Typed> {
  return { q: value.q, path: value.path, cause: value.cause, who: value.who };
}

const samePick = (a: Pick<TrafficLocation, Typed>, b: Pick<TrafficLocation, Typed>) =>
  TYPED.every((k) => (a[k] ?? "") === (b[k] ?? ""));

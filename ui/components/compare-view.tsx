import { useEffect, useMemo, useRef, useState } from "react";
import { PROFILES, type Profile } from "../../server/protocol";
import {
  api,
  messageOf,
  RENDER_BASE_URL,
  RENDER_OPERATIONS,
  type Rendering,
  type RenderOperation,
  type RenderResult,
  type UserPatch,
} from "../api";
import { fullName, relativeUrl } from "../format";
import { useUserSearch, useUsersById } from "../use-directory-lookup";
import { CHANGE_FIELDS, type ChangesDraft, CompareChangesForm } from "./compare-changes-form";
import { DialectColumn } from "./dialect-column";
import { normalizeJsonLine } from "./json-diff-view";
import type { RequestBaseline } from "./rendered-request";
import { UserSearchInput } from "./user-search-input";
import "./compare-view.css";

const BASELINE: Profile = "rfc";
const DEBOUNCE_MS = 200;

const OPERATION_HINTS: Record<RenderOperation, string> = {
  create: "a new user arrives",
  update: "attributes change",
  deactivate: "the user is disabled",
  reactivate: "the user is enabled again",
  delete: "the user leaves the directory",
};

function baselineOf(rendering: Rendering | undefined): RequestBaseline | null {
  if (!rendering) return null;
  const lines = new Set<string>();
  const headers = new Map<string, string>();
  for (const exchange of rendering.exchanges) {
    if (exchange.body !== null && exchange.body !== undefined) {
      for (const line of JSON.stringify(exchange.body, null, 2).split("\n"))
        lines.add(normalizeJsonLine(line));
    }
    for (const [name, value] of Object.entries(exchange.headers))
      if (!headers.has(name)) headers.set(name, value);
  }
  return {
    methods: new Set(rendering.exchanges.map((e) => e.method)),
    paths: new Set(rendering.exchanges.map((e) => relativeUrl(e.url, RENDER_BASE_URL))),
    headers,
    lines,
  };
}

function changesBody(changes: ChangesDraft): UserPatch {
  const body: UserPatch = {};
  for (const field of CHANGE_FIELDS) {
    const value = changes[field]?.trim();
    if (value) body[field] = value;
  }
  return body;
}

/** The trainer's view: one change, as each IdP would put it on the wire, side by side. Nothing is sent. */
export function CompareView() {
  const [operation, setOperation] = useState<RenderOperation>("update");
  const [userId, setUserId] = useState("");
  const [changes, setChanges] = useState<ChangesDraft>({ title: "Director" });
  const [shown, setShown] = useState<ReadonlySet<Profile>>(new Set(PROFILES));
  const [highlightDiffs, setHighlightDiffs] = useState(true);
  const [result, setResult] = useState<RenderResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const sequence = useRef(0);

  const body = useMemo(() => changesBody(changes), [changes]);
  const needsChanges = operation === "update" && Object.keys(body).length === 0;
  const request = useMemo(
    () => ({
      operation,
      ...(userId ? { userId } : {}),
      ...(operation === "update" ? { changes: body } : {}),
    }),
    [operation, userId, body],
  );

  useEffect(() => {
    if (needsChanges) return;
    const seq = ++sequence.current;
    setLoading(true);
    const timer = setTimeout(() => {
      api.renderDialects(request).then(
        (answer) => {
          if (seq !== sequence.current) return;
          setResult(answer);
          setError(null);
          setLoading(false);
        },
        (err: unknown) => {
          if (seq !== sequence.current) return;
          setError(messageOf(err));
          setLoading(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [request, needsChanges]);

  // Any user of a directory of any size: the server's matches for a search, and the one chosen, read by id.
  const search = useUserSearch();
  const picked = useUsersById(userId ? [userId] : []);
  const selectedUser = (userId && picked.get(userId)) || null;
  const sortedUsers = useMemo(
    () => [
      ...(selectedUser ? [selectedUser] : []),
      ...search.matches.filter((u) => u.id !== selectedUser?.id),
    ],
    [selectedUser, search.matches],
  );
  const before = result?.before ?? selectedUser;
  const baseline = useMemo(
    () => (highlightDiffs ? baselineOf(result?.renderings.find((r) => r.profile === BASELINE)) : null),
    [result, highlightDiffs],
  );
  const columns = (result?.renderings ?? []).filter((r) => shown.has(r.profile));

  const toggleProfile = (profile: Profile) =>
    setShown((current) => {
      const next = new Set(current);
      if (next.has(profile)) next.delete(profile);
      else next.add(profile);
      return next;
    });

  const changed = result
    ? CHANGE_FIELDS.filter((f) => result.before[f] !== result.after[f]).map((f) => ({
        field: f,
        from: result.before[f],
        to: result.after[f],
      }))
    : [];

  return (
    <section className="panel panel-compare" data-testid="compare-view" aria-label="Compare dialects">
      <header className="panel-head compare-head">
        <div className="panel-title">
          <h2>Compare dialects</h2>
          <div className="panel-subtitle">
            one change, rendered by every IdP profile · nothing is sent · paths relative to{" "}
            <span className="mono">{RENDER_BASE_URL}</span>
          </div>
        </div>
        {loading && (
          <span className="muted" data-testid="compare-loading">
            Rendering…
          </span>
        )}
      </header>
      <div className="compare-controls">
        <div className="control-group">
          <span className="control-label">Operation</span>
          <div className="segmented">
            {RENDER_OPERATIONS.map((op) => (
              <button
                key={op}
                type="button"
                aria-pressed={operation === op}
                className={operation === op ? "selected" : ""}
                onClick={() => setOperation(op)}
                title={OPERATION_HINTS[op]}
                data-testid={`compare-op-${op}`}
              >
                {op}
              </button>
            ))}
          </div>
        </div>
        <label className="control-group" htmlFor="compare-user">
          <span className="control-label">User</span>
          <UserSearchInput search={search} label="Find a user" testId="compare-user-search" />
          <select
            id="compare-user"
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            data-testid="compare-user"
          >
            <option value="">Sample user · Jordan Lee</option>
            {sortedUsers.map((u) => (
              <option key={u.id} value={u.id}>
                {fullName(u)} ({u.userName})
              </option>
            ))}
          </select>
        </label>
        <div className="control-group">
          <span className="control-label">Show</span>
          <div className="profile-toggles">
            {PROFILES.map((p) => (
              <label key={p} className={`profile-toggle ${shown.has(p) ? "on" : ""}`}>
                <input
                  type="checkbox"
                  checked={shown.has(p)}
                  onChange={() => toggleProfile(p)}
                  data-testid={`compare-profile-${p}`}
                />
                <span className="mono">{p}</span>
              </label>
            ))}
          </div>
        </div>
        <label className="control-group control-check">
          <input
            type="checkbox"
            checked={highlightDiffs}
            onChange={(e) => setHighlightDiffs(e.target.checked)}
            data-testid="compare-highlight"
          />
          <span>
            Highlight what differs from <span className="mono">rfc</span>
          </span>
        </label>
      </div>
      {operation === "update" && (
        <CompareChangesForm changes={changes} before={before} onChange={setChanges} />
      )}
      {result && changed.length > 0 && (
        <div className="compare-summary" data-testid="compare-summary">
          {changed.map((c) => (
            <span key={c.field} className="change-chip">
              <span className="mono">{c.field}</span> <s>{c.from ?? "∅"}</s> → <b>{c.to ?? "∅"}</b>
            </span>
          ))}
        </div>
      )}
      {needsChanges && <p className="panel-error">Fill in at least one field to see an update.</p>}
      {error && (
        <p className="panel-error" role="alert" data-testid="compare-error">
          Could not render: {error}
        </p>
      )}
      <div className="compare-columns" data-testid="compare-columns" data-operation={result?.operation}>
        {columns.map((rendering) => (
          <DialectColumn
            key={rendering.profile}
            rendering={rendering}
            baseline={rendering.profile === BASELINE ? null : baseline}
            isBaseline={highlightDiffs && rendering.profile === BASELINE}
          />
        ))}
        {result && columns.length === 0 && <p className="empty">Tick at least one profile to show.</p>}
      </div>
    </section>
  );
}

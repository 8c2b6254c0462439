import type { DriftReport } from "../../server/protocol";
import "./drift-view.css";

function show(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A reconcile's findings in three lists: what is missing on the target, what it holds unknown, what differs. */
export function DriftView({ drift }: { drift: DriftReport }) {
  const none = drift.missing.length + drift.unknown.length + drift.different.length === 0;
  return (
    <div className="drift" data-testid="drift-view" data-fixed={drift.fixed}>
      {drift.fixed && (
        <p className="drift-fixed" data-testid="drift-fixed">
          ✓ Fixed: missing accounts re-created, differences pushed, matching unknown accounts adopted.
        </p>
      )}
      {none && <p className="empty">No drift. The target holds exactly what the directory says it should.</p>}
      {drift.missing.length > 0 && (
        <section className="drift-section" data-testid="drift-missing">
          <h4>
            Missing on the target <span className="count">{drift.missing.length}</span>
          </h4>
          <p className="muted">Linked in SCIMulator, but the target no longer has them.</p>
          <ul className="drift-list">
            {drift.missing.map((m) => (
              <li key={m.remoteId} data-testid="drift-missing-item" data-name={m.name}>
                <span className="pill">{m.groupId ? "group" : "user"}</span>
                <b>{m.name}</b>
                <span className="mono muted">{m.remoteId}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {drift.unknown.length > 0 && (
        <section className="drift-section" data-testid="drift-unknown">
          <h4>
            Unknown on the target <span className="count">{drift.unknown.length}</span>
          </h4>
          <p className="muted">On the target, but linked to nothing in the directory.</p>
          <ul className="drift-list">
            {drift.unknown.map((u) => (
              <li key={u.remoteId} data-testid="drift-unknown-item" data-name={u.name}>
                <span className="pill">{u.resourceType}</span>
                <b>{u.name}</b>
                <span className="mono muted">{u.remoteId}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {drift.different.length > 0 && (
        <section className="drift-section" data-testid="drift-different">
          <h4>
            Different <span className="count">{drift.different.length}</span>
          </h4>
          {drift.different.map((d) => (
            <div
              key={d.remoteId}
              className="drift-diff"
              data-testid="drift-different-item"
              data-name={d.name}
            >
              <div className="drift-diff-head">
                <span className="pill">{d.groupId ? "group" : "user"}</span>
                <b>{d.name}</b>
              </div>
              <table className="drift-fields">
                <thead>
                  <tr>
                    <th>Field</th>
                    <th>Directory</th>
                    <th>Target</th>
                  </tr>
                </thead>
                <tbody>
                  {d.fields.map((f) => (
                    <tr key={f.field}>
                      <td className="mono">{f.field}</td>
                      <td className="mono drift-dir">{show(f.directory)}</td>
                      <td className="mono drift-target">{show(f.target)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

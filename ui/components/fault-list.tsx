import type { Fault } from "../api";
import "./fault-list.css";

function describe(fault: Fault): string {
  const what: string[] = [];
  if (fault.drop) what.push("drop connection");
  else if (fault.hang) what.push("hang");
  if (fault.status !== undefined) {
    what.push(
      fault.status === 429 && fault.retryAfterSeconds !== undefined
        ? `429, Retry-After ${fault.retryAfterSeconds}s`
        : String(fault.status),
    );
  }
  if (fault.latencyMs) what.push(`+${fault.latencyMs} ms`);
  return what.join(" · ");
}

function scope(fault: Fault): string {
  const which = `${fault.method ?? "any method"} ${fault.path ?? "any path"}`;
  if (fault.count !== undefined) return `next ${fault.count} · ${which}`;
  if (fault.rate !== undefined) return `${Math.round(fault.rate * 100)} % · ${which}`;
  return `every request · ${which}`;
}

/** The faults in force, each with how many requests it has hit; a spent one is greyed out. */
export function FaultList({ faults }: { faults: Fault[] }) {
  if (faults.length === 0) {
    return (
      <p className="empty fault-empty" data-testid="faults-empty">
        No faults. The org answers every request normally.
      </p>
    );
  }
  return (
    <ul className="fault-list" data-testid="fault-list">
      {faults.map((fault) => {
        const spent = fault.count !== undefined && fault.fired >= fault.count;
        return (
          <li
            key={fault.id}
            className={`fault-item ${spent ? "fault-spent" : ""}`}
            data-testid="fault-item"
            data-status={fault.status ?? ""}
            data-fired={fault.fired}
          >
            <span className="fault-what">
              <b>{describe(fault)}</b>
              <span className="muted">{scope(fault)}</span>
            </span>
            <span className="fault-fired" title="requests this fault has hit">
              fired <b data-testid="fault-fired">{fault.fired}</b>
              {fault.count !== undefined && <span className="muted"> / {fault.count}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

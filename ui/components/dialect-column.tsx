import type { Rendering } from "../api";
import { DIALECTS } from "../dialects";
import { RenderedRequest, type RequestBaseline } from "./rendered-request";
import "./dialect-column.css";

interface Props {
  rendering: Rendering;
  baseline: RequestBaseline | null;
  isBaseline: boolean;
}

/** One IdP's whole sequence for the chosen change, numbered in the order it sends them. */
export function DialectColumn({ rendering, baseline, isBaseline }: Props) {
  const dialect = DIALECTS[rendering.profile];
  const count = rendering.exchanges.length;
  return (
    <section
      className="dialect-column"
      data-testid="dialect-column"
      data-profile={rendering.profile}
      aria-label={`${rendering.profile} dialect`}
    >
      <header className="dialect-head">
        <div className="dialect-title">
          <h3>
            <span className="mono">{rendering.profile}</span>
            {isBaseline && <span className="pill pill-accent">baseline</span>}
          </h3>
          <div className="dialect-sub">
            {dialect.label} · {dialect.blurb}
          </div>
        </div>
        <div className="dialect-meta">
          <span className="pill" data-testid="dialect-outcome">
            {rendering.outcome}
          </span>
          <span className="muted">
            {count} request{count === 1 ? "" : "s"}
          </span>
        </div>
      </header>
      {count === 0 ? (
        <p className="empty">Sends nothing for this change.</p>
      ) : (
        <ol className="rendered-list">
          {rendering.exchanges.map((exchange, i) => (
            <RenderedRequest
              // The sequence is fixed per rendering; its position is its identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={i}
              step={i + 1}
              exchange={exchange}
              baseline={baseline}
              profile={rendering.profile}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

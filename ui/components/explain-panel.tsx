import type { RequestExplanation } from "../../server/protocol";
import { useLoader } from "../use-loader";
import "./explain-panel.css";

interface Props {
  /** Reads the explanation once, when the panel opens. */
  load: () => Promise<RequestExplanation>;
  /** Fewer details, for beside a trainer's caption. */
  compact?: boolean;
}

/** Why a request looks as it does: each rule of its dialect that produced it, with source, RFC section and a strict answer. */
export function ExplainPanel({ load, compact }: Props) {
  const explanation = useLoader(load);
  if (explanation.error)
    return (
      <p className="panel-error" role="alert">
        Could not explain this request: {explanation.error}
      </p>
    );
  const data = explanation.data;
  if (!data) return <p className="muted explain-loading">Reading the dialect's rules…</p>;
  return <Explanation explanation={data} compact={compact} />;
}

/** The specs write attribute names in backticks, as docs/dialects.md does; they read as code here too. */
function withCode(text: string) {
  return text.split("`").map((part, i) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed sentence
    i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>,
  );
}

export function Explanation({
  explanation,
  compact,
}: {
  explanation: RequestExplanation;
  compact?: boolean;
}) {
  return (
    <section
      className={`explain ${compact ? "explain-compact" : ""}`}
      data-testid="explanation"
      data-profile={explanation.profile}
      aria-label={`Why ${explanation.method} ${explanation.path} looks as it does`}
    >
      <h4>
        Why it looks like this <span className="pill pill-profile">{explanation.profile}</span>{" "}
        <span className="mono explain-request">
          {explanation.method} {explanation.path}
        </span>
      </h4>
      {explanation.reasons.length === 0 && (
        <p className="muted">No rule of this dialect matches this request.</p>
      )}
      <ol className="explain-reasons">
        {explanation.reasons.map((reason) => (
          <li key={reason.rule} className="explain-reason" data-testid="explain-reason">
            <p className="explain-rule">{withCode(reason.rule)}</p>
            <dl className="explain-facts">
              <dt>Source</dt>
              <dd data-testid="explain-source">{reason.source}</dd>
              {!compact && (
                <>
                  <dt>Documented in</dt>
                  <dd className="mono">{reason.docs}</dd>
                </>
              )}
              <dt>RFC</dt>
              <dd data-testid="explain-rfc">{reason.rfc}</dd>
              <dt>A strict server answers</dt>
              <dd data-testid="explain-strict">{reason.strictAnswer}</dd>
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}

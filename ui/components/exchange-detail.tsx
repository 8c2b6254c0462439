import type { Exchange } from "../../server/protocol";
import { formatTime, statusClass } from "../format";
import { formatSimTime } from "../sim-time";
import { ExchangeActions } from "./exchange-actions";
import { HeadersTable } from "./headers-table";
import { JsonView } from "./json-view";
import { SignInFactsView } from "./sign-in-facts";
import "./exchange-detail.css";

/** The full exchange: request line, headers and body beside the response status, headers and body. */
export function ExchangeDetail({
  exchange,
  names = {},
}: {
  exchange: Exchange;
  names?: Record<string, string>;
}) {
  const { request, response, cause } = exchange;
  const simulated = exchange.simulatedAt ? Date.parse(exchange.simulatedAt) : Number.NaN;
  // At real speed the two clocks agree to the millisecond; only a scaled or advanced clock is worth showing.
  const showSimulated = !Number.isNaN(simulated) && Math.abs(simulated - Date.parse(exchange.at)) > 1000;
  return (
    <div className="exchange-detail" data-testid="traffic-detail" data-exchange-id={exchange.id}>
      <ExchangeActions exchange={exchange} />
      <section className="exchange-side" data-testid="request-detail">
        <h4>Request</h4>
        <div className="request-line mono">
          <span className={`method method-${request.method.toLowerCase()}`}>{request.method}</span>{" "}
          {request.url}
        </div>
        <div className="cause muted">
          cause <b>{cause.type}</b>
          {cause.userId && (
            <span>
              {" "}
              user {names[cause.userId] && <b data-testid="cause-name">{names[cause.userId]}</b>}{" "}
              <span className="mono">{cause.userId}</span>
            </span>
          )}
          {cause.groupId && (
            <span>
              {" "}
              group {names[cause.groupId] && <b>{names[cause.groupId]}</b>}{" "}
              <span className="mono">{cause.groupId}</span>
            </span>
          )}
        </div>
        <div className="exchange-times muted" data-testid="exchange-times">
          at <span className="mono">{formatTime(exchange.at)}</span>
          {showSimulated && (
            <>
              {" "}
              · simulated{" "}
              <span className="mono sim-at" data-testid="exchange-simulated-at">
                {formatSimTime(simulated)}
              </span>
            </>
          )}
        </div>
        {exchange.signIn && <SignInFactsView facts={exchange.signIn} />}
        {exchange.note && (
          <p className="exchange-note" data-testid="exchange-note">
            <span className="note-marker" aria-hidden="true">
              i
            </span>
            {exchange.note}
          </p>
        )}
        <HeadersTable headers={request.headers} />
        <JsonView value={request.body} testId="request-body" />
      </section>
      <section className="exchange-side" data-testid="response-detail">
        <h4>Response</h4>
        {response ? (
          <>
            <div className="request-line mono">
              <span className={`status ${statusClass(response.status)}`}>{response.status}</span>
              <span className="muted"> in {exchange.durationMs} ms</span>
            </div>
            <HeadersTable headers={response.headers} />
            <JsonView value={response.body} testId="response-body" />
          </>
        ) : (
          <div className="exchange-error" role="alert">
            <span className="status status-err">ERR</span> {exchange.error ?? "no response"}
          </div>
        )}
      </section>
    </div>
  );
}

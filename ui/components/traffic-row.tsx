import { memo, useCallback, useEffect, useRef } from "react";
import type { Exchange } from "../../server/protocol";
import { formatTime, relativeUrl, statusClass } from "../format";
import { ExchangeDetail } from "./exchange-detail";
import "./traffic-row.css";

interface Props {
  exchange: Exchange;
  targetName: string | undefined;
  targetBaseUrl: string | undefined;
  /** The name of the user or group the exchange was about, when the directory still has them. */
  causeName: string | undefined;
  names: Record<string, string>;
  expanded: boolean;
  /** Whether an opened row shows the exchange beneath itself, or only marks it (the traffic view shows it aside). */
  inline: boolean;
  onToggle: (id: string) => void;
  /** The virtual list's position of the row, and the ref it measures the row by (an opened row is taller). */
  index: number;
  measureRef: (element: Element | null) => void;
}

/** One exchange as one line; a click opens the whole request and response beneath it. */
export const TrafficRow = memo(function TrafficRow({
  exchange,
  targetName,
  targetBaseUrl,
  causeName,
  names,
  expanded,
  inline,
  onToggle,
  index,
  measureRef,
}: Props) {
  const { request, response } = exchange;
  const status = response?.status ?? null;
  const path = relativeUrl(request.url, targetBaseUrl);
  const item = useRef<HTMLDivElement | null>(null);
  const ref = useCallback(
    (element: HTMLDivElement | null) => {
      item.current = element;
      measureRef(element);
    },
    [measureRef],
  );
  // An opened exchange is brought into view, so the details never open below the fold.
  useEffect(() => {
    if (expanded && inline) item.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [expanded, inline]);
  return (
    <div className={`traffic-item ${expanded ? "expanded" : ""}`} ref={ref} data-index={index}>
      <button
        type="button"
        className={`traffic-row ${statusClass(status)}-row`}
        onClick={() => onToggle(exchange.id)}
        aria-expanded={expanded}
        data-testid="traffic-row"
        data-method={request.method}
        data-status={status ?? "ERR"}
        data-exchange-id={exchange.id}
        data-cause-user-id={exchange.cause.userId}
        data-cause-group-id={exchange.cause.groupId}
        data-cause-type={exchange.cause.type}
        data-kind={exchange.kind ?? "scim"}
        data-path={path}
        data-has-note={exchange.note ? "true" : undefined}
      >
        <span className="t-time mono">{formatTime(exchange.at)}</span>
        <span className="t-target" title={targetBaseUrl}>
          {targetName ?? exchange.signIn?.appName ?? exchange.targetId.slice(0, 8)}
        </span>
        <span className={`t-method method method-${request.method.toLowerCase()}`}>{request.method}</span>
        <span
          className="t-path mono"
          title={exchange.note ? `${request.url}\nNote: ${exchange.note}` : request.url}
        >
          {exchange.note && (
            <span className="note-marker" data-testid="note-marker" title="has a note">
              i
            </span>
          )}
          {path}
        </span>
        <span className={`t-status status ${statusClass(status)}`} title={exchange.error}>
          {status ?? "ERR"}
        </span>
        <span className="t-ms mono">{exchange.durationMs} ms</span>
        <span
          className="t-cause"
          title={[exchange.cause.type, causeName, exchange.cause.userId ?? exchange.cause.groupId]
            .filter(Boolean)
            .join(" · ")}
        >
          {exchange.signIn && (
            <span
              className="cause-kind sign-in-kind"
              title={exchange.signIn.error}
              data-testid="sign-in-kind"
            >
              {exchange.signIn.protocol} {exchange.signIn.outcome}
            </span>
          )}
          {exchange.cause.groupId && !exchange.cause.type.startsWith("group") && (
            <span className="cause-kind" title={`group ${exchange.cause.groupId}`}>
              group
            </span>
          )}
          {exchange.cause.type}
          {causeName && (
            <span className="cause-name" data-testid="traffic-cause-name">
              {" "}
              · {causeName}
            </span>
          )}
        </span>
        {status === null && exchange.error && <span className="t-error">{exchange.error}</span>}
      </button>
      {expanded && inline && <ExchangeDetail exchange={exchange} names={names} />}
    </div>
  );
});

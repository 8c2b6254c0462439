import { useCallback, useMemo } from "react";
import type { TargetView } from "../api";
import { type TrafficQuery, trafficApi } from "../api-traffic";
import type { TrafficLocation } from "../url-state";
import { OpenedExchange } from "./opened-exchange";
import { SequencePanel } from "./sequence-panel";
import { TrafficFilters } from "./traffic-filters";
import { TrafficPanel } from "./traffic-panel";
import "./traffic-view.css";

interface Props {
  targets: TargetView[] | undefined;
  traffic: TrafficLocation;
  openId: string | undefined;
  onTraffic: (next: TrafficLocation) => void;
  onOpen: (exchangeId: string | undefined) => void;
}

export function queryOf(traffic: TrafficLocation): TrafficQuery {
  const { q, mode: _mode, ...filter } = traffic;
  return { ...filter, filter: q };
}

/** The whole traffic, to work with: filters, the table or the sequence diagram, exports and the opened exchange. */
export function TrafficView({ targets, traffic, openId, onTraffic, onOpen }: Props) {
  const query = useMemo(() => queryOf(traffic), [traffic]);
  const mode = traffic.mode ?? "table";
  const open = useCallback((id: string) => onOpen(id), [onOpen]);

  return (
    <main className={`layout layout-traffic ${openId ? "with-opened" : ""}`}>
      <div className="traffic-toolbar">
        <TrafficFilters value={traffic} targets={targets} onChange={onTraffic} />
        <div className="traffic-tools">
          <fieldset className="segmented traffic-mode">
            <legend className="sr-only">Show the traffic as</legend>
            {(["table", "sequence"] as const).map((m) => (
              <button
                key={m}
                type="button"
                className={mode === m ? "selected" : ""}
                aria-pressed={mode === m}
                onClick={() => onTraffic({ ...traffic, mode: m === "table" ? undefined : m })}
                data-testid={`traffic-mode-${m}`}
              >
                {m === "table" ? "Table" : "Sequence"}
              </button>
            ))}
          </fieldset>
          {(["har", "json"] as const).map((format) => (
            <a
              key={format}
              className="button small"
              href={trafficApi.exportUrl(query, format)}
              download
              data-testid={`export-${format}`}
            >
              Export {format.toUpperCase()}
            </a>
          ))}
        </div>
      </div>
      {mode === "sequence" ? (
        <SequencePanel targets={targets} query={query} onOpen={open} openId={openId} />
      ) : (
        <TrafficPanel targets={targets} query={query} onOpen={open} openId={openId} />
      )}
      {openId && <OpenedExchange id={openId} onClose={() => onOpen(undefined)} />}
    </main>
  );
}

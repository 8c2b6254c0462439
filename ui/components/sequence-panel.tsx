import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Exchange, TargetView } from "../api";
import { type TrafficQuery, trafficApi } from "../api-traffic";
import { downloadText } from "../download";
import { useLiveSignals } from "../live-bus";
import { buildSequence, toMermaid } from "../sequence";
import { Panel } from "./panel";
import { SequenceDiagram } from "./sequence-diagram";

interface Props {
  targets: TargetView[] | undefined;
  query: TrafficQuery;
  onOpen: (exchangeId: string) => void;
  openId?: string;
}

/** The last exchanges drawn: enough for a lesson's worth of story, few enough to read. */
const WINDOW = 120;
/** Live exchanges arrive in bursts; the diagram is redrawn at most this often. */
const REDRAW_MS = 300;

/** The traffic the filter selects as a sequence diagram, following live unless paused, exportable for docs. */
export function SequencePanel({ targets, query, onOpen, openId }: Props) {
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [names, setNames] = useState<Record<string, string>>({});
  const [paused, setPaused] = useState(false);
  // Exchanges that arrived while paused: the diagram holds still, and says how much it is behind.
  const [missed, setMissed] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const read = useCallback(async () => {
    try {
      const count = await trafficApi.count(query);
      const page = await trafficApi.page(query, Math.max(1, count - WINDOW + 1), WINDOW);
      setExchanges(page.Resources);
      setTotal(page.totalResults);
      setNames(page.names);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [query]);

  // Read on a new filter and on following again after a pause, which catches up on what was missed.
  useEffect(() => {
    if (!paused) void read();
  }, [read, paused]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  useLiveSignals((signal) => {
    if (signal.type !== "exchange" && signal.type !== "reread") return;
    if (paused) {
      if (signal.type === "exchange") setMissed((n) => n + 1);
      return;
    }
    timer.current ??= setTimeout(() => {
      timer.current = null;
      void read();
    }, REDRAW_MS);
  });

  const context = useMemo(
    () => ({
      targets: new Map((targets ?? []).map((t) => [t.id, { name: t.name, baseUrl: t.baseUrl }])),
      names,
    }),
    [targets, names],
  );
  const sequence = useMemo(() => buildSequence(exchanges, context), [exchanges, context]);

  // Following live means the newest arrow stays in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls whenever a new drawing arrives
  useEffect(() => {
    if (!paused && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
  }, [sequence, paused]);

  const stamp = () => new Date().toISOString().replace(/[:.]/g, "-");
  const exportSvg = () => {
    if (!svg.current) return;
    const text = new XMLSerializer().serializeToString(svg.current);
    downloadText(
      `scimulator-sequence-${stamp()}.svg`,
      "image/svg+xml",
      `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`,
    );
  };
  const exportMermaid = () =>
    downloadText(`scimulator-sequence-${stamp()}.mmd`, "text/plain", toMermaid(sequence));

  const shown = exchanges.length;
  return (
    <Panel
      title="Sequence diagram"
      count={total}
      subtitle={
        total !== undefined && total > shown
          ? `the last ${shown} exchanges of ${total.toLocaleString()}, grouped by what set them off`
          : "each request and its answer, grouped by what set them off"
      }
      className="panel-traffic panel-sequence"
      testId="sequence-panel"
      actions={
        <>
          <button
            type="button"
            className="small"
            onClick={() => {
              setPaused((p) => !p);
              setMissed(0);
            }}
            aria-pressed={paused}
            data-testid="sequence-pause"
          >
            {paused ? "▶ Follow live" : "❚❚ Pause"}
          </button>
          {paused && missed > 0 && (
            <span className="pill pill-warn" role="status" data-testid="sequence-missed">
              {missed.toLocaleString()} new since paused
            </span>
          )}
          <button type="button" className="ghost small" onClick={exportSvg} data-testid="export-svg">
            SVG
          </button>
          <button type="button" className="ghost small" onClick={exportMermaid} data-testid="export-mermaid">
            Mermaid
          </button>
        </>
      }
    >
      {error && (
        <p className="panel-error" role="alert">
          Could not read the log: {error}
        </p>
      )}
      <div className="sequence-scroll" ref={scroller} data-paused={paused}>
        {shown === 0 ? (
          <p className="empty">No exchange to draw yet. Edit a user and watch the arrows appear.</p>
        ) : (
          <SequenceDiagram ref={svg} sequence={sequence} onOpen={onOpen} openId={openId} />
        )}
      </div>
    </Panel>
  );
}

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Exchange, TargetView } from "../api";
import { type TrafficQuery, trafficApi } from "../api-traffic";
import { type LiveSignal, useLiveSignals } from "../live-bus";
import { useDebounced } from "../use-debounced";
import { usePagedList } from "../use-paged-list";
import { useVirtualRows } from "../use-virtual-rows";
import { Panel } from "./panel";
import { TrafficRow } from "./traffic-row";
import "./traffic-panel.css";

interface Props {
  targets: TargetView[] | undefined;
  /** The traffic view's narrowing, searched on the server; without it the panel keeps a search box of its own. */
  query?: TrafficQuery;
  /** Opens an exchange where the caller shows it (the traffic view's side); without it a row opens in place. */
  onOpen?: (id: string) => void;
  openId?: string;
  /** Names of people and groups, by directory id, as the pages read so far carried them. */
  onNames?: (names: Record<string, string>) => void;
}

/** How close to the bottom (px) still counts as "following" the newest exchange. */
const STICK_SLACK = 32;
const ROW_HEIGHT = 34;
const SEARCH_PAUSE_MS = 200;
/** Rows added from the live channel are checked against the log this often, as the log drops its oldest. */
const RESYNC_MS = 1000;
const exchangeKey = (e: Exchange) => e.id;
const failedExchange = (e: Exchange) => e.response === null || e.response.status >= 400;
const narrowed = (q: TrafficQuery) =>
  Object.entries(q).some(([k, v]) => k !== "after" && v !== undefined && v !== "");

/**
 * Every SCIM exchange as it completes, in the order they started, newest at the bottom; follows the tail unless the
 * viewer scrolled up. The log is paged and searched on the server, and only the rows in view are drawn.
 */
export function TrafficPanel({ targets, query, onOpen, openId, onNames }: Props) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [following, setFollowing] = useState(true);
  const [search, setSearch] = useState("");
  const typed = useDebounced(search.trim(), SEARCH_PAUSE_MS);
  // Exchanges that started at or before this server instant were cleared by the viewer and are not shown again.
  const [clearedAt, setClearedAt] = useState<string | null>(null);
  const [failed, setFailed] = useState(0);
  const [names, setNames] = useState<Record<string, string>>({});
  const effective = useMemo<TrafficQuery>(
    () => ({ ...(query ?? { filter: typed }), after: clearedAt }),
    [query, typed, clearedAt],
  );
  const key = JSON.stringify(effective);
  const list = usePagedList<Exchange>({
    query: key,
    fetchPage: async (startIndex, count) => {
      const page = await trafficApi.page(effective, startIndex, count);
      if (Object.keys(page.names).length > 0) setNames((known) => ({ ...known, ...page.names }));
      return page;
    },
    key: exchangeKey,
    anchor: "end",
  });
  const follow = useRef(true);
  const resync = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualRows<HTMLDivElement>({ list, scroller, estimate: ROW_HEIGHT, startAt: "bottom" });

  const byId = useMemo(() => new Map((targets ?? []).map((t) => [t.id, t])), [targets]);
  useEffect(() => onNames?.(names), [names, onNames]);

  const countFailed = useCallback(() => {
    trafficApi.count({ ...effective, failed: true }).then(setFailed, () => {});
  }, [effective]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again for each new list (a clear starts one).
  useEffect(() => countFailed(), [list.query, countFailed]);
  useEffect(
    () => () => {
      if (resync.current) clearTimeout(resync.current);
    },
    [],
  );

  useLiveSignals((signal: LiveSignal) => {
    if (signal.type === "reread") {
      list.refresh();
      countFailed();
    }
    if (signal.type !== "exchange") return;
    const { exchange } = signal;
    if (clearedAt !== null && exchange.at <= clearedAt) return;
    const total = list.total ?? 0;
    const last = total > 0 ? list.at(total - 1) : undefined;
    // With a narrowing the server decides, and counts; an exchange that started before the last row shown belongs
    // among the rows, not after them: both are read again rather than appended.
    if (narrowed(effective) || (last && last.at > exchange.at)) list.refresh();
    else {
      list.append(exchange);
      if (failedExchange(exchange)) setFailed((n) => n + 1);
    }
    resync.current ??= setTimeout(() => {
      resync.current = null;
      list.refresh();
      countFailed();
    }, RESYNC_MS);
  });

  const onToggle = useCallback(
    (id: string) => {
      if (onOpen) return onOpen(id);
      setExpanded((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
    },
    [onOpen],
  );

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_SLACK;
    follow.current = atBottom;
    setFollowing(atBottom);
  };

  const toBottom = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    follow.current = true;
    setFollowing(true);
  }, []);

  const total = list.total ?? 0;
  const size = rows.virtualizer.getTotalSize();
  // Runs before paint whenever rows arrive or are measured, so a following view never shows a frame off the bottom.
  useLayoutEffect(() => {
    if (total >= 0 && size >= 0 && follow.current && scroller.current) {
      scroller.current.scrollTop = scroller.current.scrollHeight;
    }
  }, [total, size]);

  // The newest instant among the last rows: the watermark is a server timestamp, so the browser's clock does not
  // matter. The log is in start order, so the last row is the newest.
  const clear = () => {
    const at = list.at(total - 1)?.at;
    setExpanded(new Set());
    setFailed(0);
    if (at) setClearedAt(at);
  };

  const searching = query ? narrowed(query) : typed !== "";
  return (
    <Panel
      title="Live traffic"
      count={list.total}
      subtitle={
        <>
          every SCIM request and response, as it happens
          {failed > 0 && <span className="pill pill-warn">{failed.toLocaleString()} failed</span>}
        </>
      }
      className="panel-traffic"
      testId="traffic-panel"
      actions={
        <>
          {!query && (
            <input
              type="search"
              className="search search-small"
              placeholder="Filter traffic…"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              aria-label="Filter traffic by method, path or status"
              data-testid="traffic-filter"
              data-shortcut="search"
            />
          )}
          {expanded.size > 0 && (
            <button type="button" className="ghost small" onClick={() => setExpanded(new Set())}>
              Collapse all
            </button>
          )}
          <button type="button" className="ghost small" onClick={clear} data-testid="clear-traffic">
            Clear view
          </button>
        </>
      }
    >
      <div className="traffic-head" aria-hidden="true">
        <span className="t-time">Time</span>
        <span className="t-target">Target</span>
        <span className="t-method">Method</span>
        <span className="t-path">Path</span>
        <span className="t-status">Status</span>
        <span className="t-ms">Duration</span>
        <span className="t-cause">Cause</span>
      </div>
      <div className="traffic-scroll" ref={scroller} onScroll={onScroll} data-testid="traffic-list">
        {list.error && (
          <p className="panel-error" role="alert">
            Could not read the log: {list.error}
          </p>
        )}
        {list.total === 0 && (
          <p className="empty">
            {searching
              ? "No exchange matches this search."
              : "No traffic yet. Edit a user in the directory and watch the SCIM calls appear here."}
          </p>
        )}
        <div ref={rows.start}>
          {rows.before > 0 && <div style={{ height: rows.before }} aria-hidden="true" />}
          {rows.items.map(({ index }) => {
            const exchange = list.at(index);
            if (!exchange)
              return (
                <div
                  key={`loading-${index}`}
                  data-index={index}
                  className="traffic-item traffic-loading"
                  style={{ height: rows.rowHeight }}
                  aria-busy="true"
                />
              );
            const target = byId.get(exchange.targetId);
            const about = exchange.cause.userId ?? exchange.cause.groupId;
            return (
              <TrafficRow
                key={exchange.id}
                exchange={exchange}
                targetName={target?.name}
                targetBaseUrl={target?.baseUrl}
                causeName={about ? names[about] : undefined}
                names={names}
                expanded={expanded.has(exchange.id) || openId === exchange.id}
                inline={!onOpen}
                onToggle={onToggle}
                index={index}
                measureRef={rows.virtualizer.measureElement}
              />
            );
          })}
          {rows.after > 0 && <div style={{ height: rows.after }} aria-hidden="true" />}
        </div>
      </div>
      {!following && total > 0 && (
        <button type="button" className="jump-latest" onClick={toBottom} data-testid="jump-latest">
          ↓ Latest
        </button>
      )}
    </Panel>
  );
}

import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Exchange, TargetView } from "../../server/protocol";
import { MAX_ROWS } from "../traffic";
import { Panel } from "./panel";
import { TrafficRow } from "./traffic-row";
import "./traffic-panel.css";

interface Props {
  rows: Exchange[];
  targets: TargetView[] | undefined;
  onClear: () => void;
}

/** How close to the bottom (px) still counts as "following" the newest exchange. */
const STICK_SLACK = 32;

/** Every SCIM exchange as it completes, newest at the bottom; follows the tail unless the viewer scrolled up. */
export function TrafficPanel({ rows, targets, onClear }: Props) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [following, setFollowing] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);
  const follow = useRef(true);

  const byId = useMemo(() => new Map((targets ?? []).map((t) => [t.id, t])), [targets]);

  const onToggle = useCallback((id: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

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

  // Runs before paint whenever rows arrive, so a following view never shows a frame that is not at the bottom.
  useLayoutEffect(() => {
    if (rows.length >= 0 && follow.current && scroller.current) {
      scroller.current.scrollTop = scroller.current.scrollHeight;
    }
  }, [rows]);

  const errors = rows.filter((r) => r.response === null || r.response.status >= 400).length;

  return (
    <Panel
      title="Live traffic"
      count={rows.length}
      subtitle={
        <>
          every SCIM request and response, as it happens
          {errors > 0 && <span className="pill pill-warn">{errors} failed</span>}
        </>
      }
      className="panel-traffic"
      testId="traffic-panel"
      actions={
        <>
          {expanded.size > 0 && (
            <button type="button" className="ghost small" onClick={() => setExpanded(new Set())}>
              Collapse all
            </button>
          )}
          <button
            type="button"
            className="ghost small"
            onClick={() => {
              setExpanded(new Set());
              onClear();
            }}
            data-testid="clear-traffic"
          >
            Clear view
          </button>
        </>
      }
    >
      <div className="traffic-head" aria-hidden="true">
        <span>Time</span>
        <span>Target</span>
        <span>Method</span>
        <span>Path</span>
        <span>Status</span>
        <span className="t-ms">Duration</span>
        <span>Cause</span>
      </div>
      <div className="traffic-scroll" ref={scroller} onScroll={onScroll} data-testid="traffic-list">
        {rows.length >= MAX_ROWS && (
          <p className="muted traffic-note">
            Showing the latest {MAX_ROWS} exchanges; GET /api/log has more.
          </p>
        )}
        {rows.length === 0 && (
          <p className="empty">
            No traffic yet. Edit a user in the directory and watch the SCIM calls appear here.
          </p>
        )}
        {rows.map((exchange) => {
          const target = byId.get(exchange.targetId);
          return (
            <TrafficRow
              key={exchange.id}
              exchange={exchange}
              targetName={target?.name}
              targetBaseUrl={target?.baseUrl}
              expanded={expanded.has(exchange.id)}
              onToggle={onToggle}
            />
          );
        })}
      </div>
      {!following && rows.length > 0 && (
        <button type="button" className="jump-latest" onClick={toBottom} data-testid="jump-latest">
          ↓ Latest
        </button>
      )}
    </Panel>
  );
}

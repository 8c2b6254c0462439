import { useVirtualizer, type VirtualItem, type Virtualizer } from "@tanstack/react-virtual";
import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";

/** Rows rendered beyond each edge of the view, so a short scroll shows rows already drawn. */
const OVERSCAN = 6;

/** What the rows show: a paged list, or anything that says as much. */
interface Rows {
  /** How many rows there are. */
  total: number | undefined;
  /** Told which rows are in view (0-based, inclusive) whenever that changes, or `query` does. */
  show: (from: number, to: number) => void;
  /** What the rows answer (a search): a new one tells `show` again even when the range is unchanged. */
  query: string;
}

interface Options {
  list: Rows;
  /** The element that scrolls. */
  scroller: RefObject<HTMLElement | null>;
  /** A row's height before any is drawn, in pixels; the rows drawn first then set the usual height. */
  estimate: number;
  /** Where a new query's rows are shown from: the first (a directory) or the last (a log). */
  startAt?: "top" | "bottom";
}

export interface VirtualRows<Start extends HTMLElement> {
  /** For the element the rows begin in (a tbody, a list); what sits above it in the scroller is the rows' margin. */
  start: RefObject<Start | null>;
  virtualizer: Virtualizer<HTMLElement, Element>;
  items: VirtualItem[];
  /** Blank space above the first drawn row and below the last, in pixels, standing in for the rows not drawn. */
  before: number;
  after: number;
  /** The usual row height: what a row still loading is drawn at, so that it needs no measuring. */
  rowHeight: number;
}

/** The height most of these rows have: one odd row (a pill, an opened exchange) does not set it. */
function usualHeight(rows: NodeListOf<HTMLElement>): number | null {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.offsetHeight, (counts.get(row.offsetHeight) ?? 0) + 1);
  let best: number | null = null;
  for (const [height, n] of counts)
    if (height > 0 && (best === null || n > (counts.get(best) ?? 0))) best = height;
  return best;
}

/**
 * Only the rows in view are in the DOM, measured as they are drawn (an opened row or a wrapped cell is taller):
 * @tanstack/react-virtual keeps the positions, and this adds where the rows start inside a scroller that also
 * holds a header or a notice, and the usual row height, learnt from the first rows drawn. Every row whose height
 * differs from the estimate makes the virtualizer add up again the heights of the rows after it, which for 100,000
 * rows is milliseconds per row; with the usual height as the estimate only the odd rows cost that.
 */
export function useVirtualRows<Start extends HTMLElement>({
  list,
  scroller,
  estimate,
  startAt = "top",
}: Options): VirtualRows<Start> {
  const { total, show: onRange, query: rangeKey } = list;
  const count = total ?? 0;
  const start = useRef<Start>(null);
  const [margin, setMargin] = useState(0);
  const [rowHeight, setRowHeight] = useState(estimate);
  const learnt = useRef(false);
  const virtualizer = useVirtualizer<HTMLElement, Element>({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    scrollMargin: margin,
    // Rendering in the scroll event itself would call flushSync from React's commit phase, which React 19 warns of.
    useFlushSync: false,
  });

  // A notice above the rows can come and go; the rows' offset is read after each render that is not part of a
  // scroll. Reading it forces a layout inside the render's task: while scrolling, that layout is left to the frame.
  useLayoutEffect(() => {
    const el = scroller.current;
    const first = start.current;
    if (!el || !first || virtualizer.isScrolling) return;
    const offset = first.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop;
    if (Math.abs(offset - margin) >= 1) setMargin(offset);
    if (learnt.current) return;
    const usual = usualHeight(first.querySelectorAll<HTMLElement>("[data-index]:not([aria-busy])"));
    if (usual === null) return;
    learnt.current = true;
    setRowHeight(usual);
  });

  // A new estimate counts for the rows measured so far too; they are measured again as they are drawn.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the new height is the reason to measure again.
  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  // A new search starts at its first match (or a log at its newest), not where the last one was scrolled to.
  const shownKey = useRef(rangeKey);
  useLayoutEffect(() => {
    if (shownKey.current === rangeKey) return;
    shownKey.current = rangeKey;
    const el = scroller.current;
    if (el) el.scrollTop = startAt === "top" ? 0 : el.scrollHeight;
  }, [rangeKey, startAt, scroller]);

  const items = virtualizer.getVirtualItems();
  const from = items[0]?.index ?? 0;
  const to = items.at(-1)?.index ?? -1;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new rangeKey is the point: the same rows of a new query are needed too.
  useEffect(() => {
    onRange(from, to);
  }, [from, to, onRange, rangeKey]);

  const first = items[0];
  const last = items.at(-1);
  const before = first ? first.start - margin : 0;
  const after = last ? Math.max(0, virtualizer.getTotalSize() - (last.end - margin)) : 0;
  return { start, virtualizer, items, before, after, rowHeight };
}

import { useCallback, useEffect, useRef, useState } from "react";
import { messageOf, type Page } from "./api";
import { patchedPage } from "./patched-page";
import { type Flashes, useFlashes } from "./use-flash";

/** Rows per request: a few screens, so a scroll of one screen rarely waits and a request stays small. */
export const PAGE_SIZE = 200;
/** Cached rows beyond which those far from the view are forgotten: a long scroll never piles up 100,000. */
const MAX_CACHED = 2000;
/** How many rows either side of the view stay cached when the cache is trimmed. */
const KEEP_AROUND = 600;
/** Requests in flight at once while filling the view: a fast scroll skips the pages it flew past. */
const MAX_IN_FLIGHT = 2;
/** The least time between two reads that fill the view: a fast scroll reads where it slows, not every page passed. */
const FILL_SPACING_MS = 50;
/** How far back an appended row is looked for among the last rows, so a row read and then announced shows once. */
const RECENT = 50;

export interface PagedListOptions<T> {
  /** What the rows answer (a search, an org's address); a new one starts the list over. */
  query: string;
  /** Reads rows `startIndex` (1-based) to `startIndex + count - 1` for the current query. */
  fetchPage: (startIndex: number, count: number) => Promise<Page<T>>;
  key: (row: T) => string;
  /** What makes a row flash when a re-read finds it changed; no flashing without it. */
  signature?: (row: T) => string;
  /** Where the list starts: its first rows, or its last ones (a log, newest at the bottom). */
  anchor?: "start" | "end";
}

export interface PagedList<T> {
  /** The query the cached rows answer; it trails `query` until the new query's first rows arrive. */
  query: string;
  /** Every row the query matches on the server; undefined until the first answer. */
  total: number | undefined;
  error: string | null;
  /** The row at this 0-based position, or undefined while its page loads. */
  at(index: number): T | undefined;
  /** The rows from `from` to `to` (inclusive) are on screen: reads the ones not cached. */
  show(from: number, to: number): void;
  /** Reads what is on screen again (and the total), keeping the rows shown until the answer comes. */
  refresh(): void;
  /** Replaces the cached row with this row's key, if it is cached. */
  patch(row: T): void;
  /** Adds a row after the last one, as a live log does. */
  append(row: T): void;
  flashing: Flashes["flashing"];
}

interface Cache<T> {
  query: string;
  total: number | undefined;
  rows: ReadonlyMap<number, T>;
}

function place<T>(rows: Map<number, T>, page: Page<T>): void {
  page.Resources.forEach((row, i) => {
    rows.set(page.startIndex - 1 + i, row);
  });
}

/** Forgets rows far from the view once the cache is large. */
function trimmed<T>(rows: Map<number, T>, from: number, to: number): Map<number, T> {
  if (rows.size <= MAX_CACHED) return rows;
  const kept = new Map<number, T>();
  for (const [i, row] of rows) if (i >= from - KEEP_AROUND && i <= to + KEEP_AROUND) kept.set(i, row);
  return kept;
}

/**
 * A server-paged list read as it scrolls into view: pages cached by position, a re-read of what is on screen when
 * something changes (a live event), and the rows a re-read finds changed or new flashed. Nothing reads the whole
 * list, however long it is.
 */
export function usePagedList<T>(options: PagedListOptions<T>): PagedList<T> {
  const { query } = options;
  const opts = useRef(options);
  opts.current = options;
  const [cache, setCache] = useState<Cache<T>>({ query, total: undefined, rows: new Map() });
  const [error, setError] = useState<string | null>(null);
  const { flashing, flash } = useFlashes();
  const current = useRef(cache);
  const state = useRef({
    generation: 0,
    query,
    view: [0, -1] as [number, number],
    inFlight: [] as Array<[number, number]>,
    lastFill: 0,
    fillTimer: null as ReturnType<typeof setTimeout> | null,
    refreshing: false,
    again: false,
    seen: new Map<string, string>(),
    // Rows patched while reads were on their way, by key, with the tick of the patch: a read sent before it holds
    // the row as it was, and its answer must not undo the patch.
    tick: 0,
    patched: new Map<string, { row: T; tick: number }>(),
  });

  const commit = useCallback((next: Cache<T>) => {
    current.current = next;
    setCache(next);
  }, []);

  // An answer to a replaced query (an org's old address, now 404) must not put a notice over the new query's rows.
  const fetchPage = useCallback(async (startIndex: number, count: number) => {
    const generation = state.current.generation;
    const page = await opts.current.fetchPage(startIndex, count).catch((err: unknown) => messageOf(err));
    if (generation !== state.current.generation) return null;
    setError(typeof page === "string" ? page : null);
    return typeof page === "string" ? null : page;
  }, []);

  const withPatches = useCallback(
    (page: Page<T>, sent: number) => patchedPage(page, sent, state.current.patched, opts.current.key),
    [],
  );

  /** Once no read is on its way, no answer can undo a patch: the patches are forgotten. */
  const settled = useCallback(() => {
    const s = state.current;
    if (s.inFlight.length === 0 && !s.refreshing) s.patched.clear();
  }, []);

  /** Notes each row's signature; with `report`, flashes the rows whose signature is new or changed. */
  const look = useCallback(
    (rows: readonly T[], report: boolean) => {
      const { key, signature } = opts.current;
      if (!signature) return;
      const { seen } = state.current;
      const changed: string[] = [];
      for (const row of rows) {
        const k = key(row);
        const sig = signature(row);
        if (report && seen.get(k) !== sig) changed.push(k);
        seen.set(k, sig);
      }
      flash(changed);
    },
    [flash],
  );

  const pump = useCallback(() => {
    const s = state.current;
    const { total, rows } = current.current;
    if (total === undefined || current.current.query !== s.query) return;
    const [from, to] = s.view;
    const last = Math.min(to, total - 1);
    for (let i = Math.max(0, from); i <= last && s.inFlight.length < MAX_IN_FLIGHT; i++) {
      if (rows.has(i)) continue;
      const covering = s.inFlight.find(([a, b]) => i >= a && i < b);
      if (covering) {
        i = covering[1] - 1;
        continue;
      }
      const wait = s.lastFill + FILL_SPACING_MS - performance.now();
      if (wait > 0) {
        s.fillTimer ??= setTimeout(() => {
          s.fillTimer = null;
          pump();
        }, wait);
        return;
      }
      s.lastFill = performance.now();
      // Whole pages, so scrolling back up reads a page once rather than a screen at a time.
      const end = (Math.floor(i / PAGE_SIZE) + 1) * PAGE_SIZE;
      const range: [number, number] = [i, end];
      s.inFlight.push(range);
      const generation = s.generation;
      const sent = s.tick;
      void fetchPage(i + 1, end - i).then((answer) => {
        if (generation !== s.generation) return;
        s.inFlight = s.inFlight.filter((r) => r !== range);
        const page = answer && withPatches(answer, sent);
        settled();
        if (!page) return;
        const next = new Map(current.current.rows);
        place(next, page);
        look(page.Resources, false);
        // A page shorter than asked (a provider's own cap) is followed by the next; an empty one ends the list.
        const total = next.has(i) ? page.totalResults : Math.min(page.totalResults, i);
        commit({ ...current.current, total, rows: trimmed(next, s.view[0], s.view[1]) });
        pump();
      });
      i = end - 1;
    }
  }, [fetchPage, look, commit, withPatches, settled]);

  const show = useCallback(
    (from: number, to: number) => {
      state.current.view = [from, to];
      pump();
    },
    [pump],
  );

  /** The first rows of the query, or its last ones; a log asks its length first. */
  const readFirst = useCallback(async () => {
    const end = opts.current.anchor === "end";
    const page = await fetchPage(1, end ? 1 : PAGE_SIZE);
    if (!page || !end || page.totalResults <= 1) return page;
    return fetchPage(Math.max(1, page.totalResults - PAGE_SIZE + 1), PAGE_SIZE);
  }, [fetchPage]);

  const refresh = useCallback(() => {
    const s = state.current;
    if (s.refreshing) {
      s.again = true;
      return;
    }
    s.refreshing = true;
    const generation = s.generation;
    const sent = s.tick;
    const ready = current.current.query === s.query && current.current.total !== undefined;
    const [from, to] = s.view;
    const start = Math.max(0, from);
    const read = ready
      ? fetchPage(start + 1, Math.min(PAGE_SIZE * 2, Math.max(PAGE_SIZE, to - start + 1)))
      : readFirst();
    void read.then((answer) => {
      if (generation !== s.generation) return;
      s.refreshing = false;
      const page = answer && withPatches(answer, sent);
      settled();
      if (page) {
        // Only the rows just read are kept: an insert or a removal may have moved every other one.
        const rows = new Map<number, T>();
        place(rows, page);
        look(page.Resources, ready);
        commit({ query: s.query, total: page.totalResults, rows });
        // A first read waits for the view to say where it is; a re-read fills the rest of the view now.
        if (ready) pump();
      }
      if (s.again) {
        s.again = false;
        refresh();
      }
    });
  }, [fetchPage, readFirst, look, commit, pump, withPatches, settled]);

  // A new query starts over; the rows of the old one stay on screen until the new one's arrive.
  useEffect(() => {
    const s = state.current;
    s.generation++;
    s.query = query;
    s.inFlight = [];
    s.refreshing = false;
    s.again = false;
    s.seen = new Map();
    s.patched.clear();
    refresh();
    return () => {
      if (s.fillTimer) clearTimeout(s.fillTimer);
      s.fillTimer = null;
    };
  }, [query, refresh]);

  const patch = useCallback(
    (row: T) => {
      const { key } = opts.current;
      const k = key(row);
      const s = state.current;
      if (s.inFlight.length > 0 || s.refreshing) s.patched.set(k, { row, tick: ++s.tick });
      const { rows } = current.current;
      for (const [i, cached] of rows) {
        if (key(cached) !== k) continue;
        const next = new Map(rows);
        next.set(i, row);
        look([row], true);
        commit({ ...current.current, rows: next });
        return;
      }
    },
    [look, commit],
  );

  const append = useCallback(
    (row: T) => {
      const { total, rows } = current.current;
      if (total === undefined || current.current.query !== state.current.query) return;
      // A row that landed while the last read was on its way is in that read already.
      const k = opts.current.key(row);
      for (let i = total - 1; i >= Math.max(0, total - RECENT); i--) {
        const cached = rows.get(i);
        if (cached && opts.current.key(cached) === k) return;
      }
      const next = new Map(rows);
      next.set(total, row);
      const [from, to] = state.current.view;
      commit({ ...current.current, total: total + 1, rows: trimmed(next, from, to) });
    },
    [commit],
  );

  const at = useCallback((index: number) => cache.rows.get(index), [cache]);

  return { query: cache.query, total: cache.total, error, at, show, refresh, patch, append, flashing };
}

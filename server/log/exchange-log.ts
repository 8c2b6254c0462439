import { z } from "zod";
import { createEmitter } from "../emitter";
import type { Exchange } from "../protocol";
import { RawJson } from "../store/json-chunks";
import { openRecordStore } from "../store/record-store";

const fileShape = z.object({ exchanges: z.array(z.object({ id: z.string() })) });

export type ExchangeLog = Awaited<ReturnType<typeof openExchangeLog>>;

/**
 * An exchange as the log announces it, with its JSON: made on first asking and kept, so the journal, /ws and the
 * snapshot share one serialisation, and an exchange that nobody watches and the history trims before its write
 * is never serialised at all.
 */
export interface LoggedExchange {
  exchange: Exchange;
  /** A method of the announcement: call it on it, not taken off it. */
  json(): string;
}

/**
 * The announcement of one exchange. A class, not an object with an arrow in it: the TypeScript loader names every
 * such arrow as it is made, and at a cycle's pace that naming alone was 2% of the engine's thread.
 */
class Announced implements LoggedExchange {
  constructor(
    readonly exchange: Exchange,
    private readonly serialise: (exchange: Exchange) => RawJson,
  ) {}
  json(): string {
    return this.serialise(this.exchange).text;
  }
}

/** How long recorded exchanges wait to be written together: at a cycle's pace, most are trimmed meanwhile. */
export const LOG_WRITE_MS = 1000;

/**
 * The wait while the history turns over faster than it is written: the last window recorded more exchanges than
 * the history keeps, as a cycle does at thousands a second. Each write then serialises a whole history's worth, and
 * every second or two the journal is folded into a new snapshot; those strings outlive the young generation, so the
 * collections copy them too. Waiting five seconds took what survived it in a 30k-user cycle from 365 MB to 223 MB.
 * A crash at that pace loses the last few seconds of history rather than the last one; either way that is about
 * the whole history the log held.
 */
export const BUSY_LOG_WRITE_MS = 5000;

/**
 * The bounded history of every SCIM exchange. Entries arrive already redacted; the log only keeps, trims,
 * persists and announces them. It knows nothing of how they are shown.
 */
export async function openExchangeLog(file: string, limit: number) {
  // Journaled: a write appends the exchanges recorded since the last one (and notes those trimmed), never the
  // whole history. Nothing waits for this file, so writes gather for a moment and share one append and fsync.
  // An exchange is serialised at most once: the journal line, /ws and the snapshot all reuse that text.
  const written = new WeakMap<object, RawJson>();
  const jsonOf = (exchange: Exchange): RawJson => {
    let raw = written.get(exchange);
    if (!raw) {
      raw = new RawJson(JSON.stringify(exchange));
      written.set(exchange, raw);
    }
    return raw;
  };
  const db = await openRecordStore<{ exchanges: Exchange[] }>(file, { exchanges: [] }, fileShape, {
    compact: true,
    what: "an exchange log",
    records: ["exchanges"],
    diskForm: (path, value) =>
      path.length === 2 && value !== null && typeof value === "object" ? jsonOf(value as Exchange) : value,
  });
  const events = createEmitter<LoggedExchange>();
  let pending: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  // Exchanges recorded since the last write. One that the bounded history trims before the write comes never
  // reaches the disk at all: a full cycle records about 5,000 a second, so with the default history of 2,000
  // most of a window's exchanges are trimmed by its end. A crash loses about one window of history.
  const unwritten = new Set<Exchange>();
  let recorded = 0;
  let busy = false;
  const forget = (old: Exchange) => {
    if (!unwritten.delete(old)) db.drop("exchanges", old.id);
  };
  const write = () => {
    writing = writing
      .then(() => {
        for (const exchange of unwritten) db.put("exchanges", exchange, jsonOf(exchange).text);
        unwritten.clear();
        return db.write();
      })
      .catch((err: unknown) => console.error(`scimulator: could not write ${file}:`, err));
    return writing;
  };
  const soon = () => {
    if (pending) return;
    const wait = busy ? BUSY_LOG_WRITE_MS : LOG_WRITE_MS;
    pending = setTimeout(() => {
      pending = null;
      // Busy while more than a history's worth arrives per ordinary window, however long this one was.
      busy = (recorded * LOG_WRITE_MS) / wait > limit;
      recorded = 0;
      void write();
    }, wait);
  };
  // A history written before exchanges were kept in start order is put in order once.
  db.data.exchanges.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  if (db.data.exchanges.length > limit) {
    for (const old of db.data.exchanges.slice(0, -limit)) db.drop("exchanges", old.id);
    db.data.exchanges = db.data.exchanges.slice(-limit);
  }
  /** The kept history, oldest first, for reading without a copy; a slice only while a trim is due. */
  const retained = (): readonly Exchange[] => {
    const list = db.data.exchanges;
    return list.length > limit ? list.slice(-limit) : list;
  };
  return {
    on: events.on,

    /**
     * Keeps the exchange and announces it at once; the file write is not awaited, because a request should not
     * wait for a megabyte of history to reach the disk. Writes still coalesce and land in order. The exchange is
     * serialised later, when first asked for, so it must not change once recorded.
     */
    record(exchange: Exchange): void {
      const list = db.data.exchanges;
      // Exchanges are recorded as they finish but listed by when they started: a slow one is placed among the
      // quick ones that finished before it, so the history is in strict time order. It is rarely more than a few back.
      let at = list.length;
      while (at > 0 && (list[at - 1]?.at ?? "") > exchange.at) at--;
      if (at === list.length) list.push(exchange);
      else list.splice(at, 0, exchange);
      unwritten.add(exchange);
      recorded++;
      // Trim in chunks so a full log does not copy its whole array on every exchange.
      if (list.length > limit + Math.max(1, Math.floor(limit / 10))) {
        for (const old of list.slice(0, list.length - limit)) forget(old);
        db.data.exchanges = list.slice(-limit);
      }
      events.emit(new Announced(exchange, jsonOf));
      soon();
    },

    retained,

    list(max = limit): Exchange[] {
      const all = retained();
      return max >= all.length ? [...all] : all.slice(-max);
    },

    async clear(): Promise<void> {
      for (const old of db.data.exchanges) forget(old);
      db.data.exchanges = [];
      await write();
    },

    async flush(): Promise<void> {
      if (pending) clearTimeout(pending);
      pending = null;
      await write();
    },

    async close(): Promise<void> {
      await this.flush();
      await db.close();
    },
  };
}

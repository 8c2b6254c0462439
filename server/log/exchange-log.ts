import { z } from "zod";
import { createEmitter } from "../emitter";
import type { Exchange } from "../protocol";
import { openJsonStore } from "../store/json-file";

const fileShape = z.object({ exchanges: z.array(z.looseObject({ id: z.string() })) });

export type ExchangeLog = Awaited<ReturnType<typeof openExchangeLog>>;

/**
 * The bounded history of every SCIM exchange. Entries arrive already redacted; the log only keeps, trims,
 * persists and announces them. It knows nothing of how they are shown.
 */
export async function openExchangeLog(file: string, limit: number) {
  // Nothing waits for this file, and it is the largest: writing it a few times a second instead of after every
  // exchange keeps a bulk run from spending most of its time re-serialising history.
  const db = await openJsonStore<{ exchanges: Exchange[] }>(file, { exchanges: [] }, fileShape, {
    windowMs: 250,
    compact: true,
    what: "an exchange log",
  });
  const events = createEmitter<Exchange>();
  if (db.data.exchanges.length > limit) db.data.exchanges = db.data.exchanges.slice(-limit);
  return {
    on: events.on,

    /**
     * Keeps the exchange and announces it at once; the file write is not awaited, because a request should not
     * wait for a megabyte of history to reach the disk. Writes still coalesce and land in order.
     */
    record(exchange: Exchange): void {
      const list = db.data.exchanges;
      list.push(exchange);
      // Trim in chunks so a full log does not copy its whole array on every exchange.
      if (list.length > limit + Math.max(1, Math.floor(limit / 10))) db.data.exchanges = list.slice(-limit);
      events.emit(exchange);
      db.write().catch((err: unknown) => console.error(`scimulator: could not write ${file}:`, err));
    },

    list(max = limit): Exchange[] {
      const list = db.data.exchanges;
      const all = list.length > limit ? list.slice(-limit) : list;
      return max >= all.length ? [...all] : all.slice(-max);
    },

    async clear(): Promise<void> {
      db.data.exchanges = [];
      await db.write();
    },

    async flush(): Promise<void> {
      await db.write();
    },
  };
}

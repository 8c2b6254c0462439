import type { ExchangeCause } from "../protocol";
import { openJsonStore } from "../store/json-file";

/** A resource's pending work on one target, kept on disk until it succeeds. */
export interface OutboxEntry {
  targetId: string;
  /** "user:<id>" or "group:<id>" */
  key: string;
  cause: ExchangeCause;
  /** Failed runs so far. */
  attempts: number;
  /** Simulated time (ms) before which a failed entry is not retried. */
  notBefore: number;
  lastError: string | null;
  /** The dialect stopped this task (Okta after a 409); only an edit, a sync or a restart runs it again. */
  stopped?: boolean;
  since: string;
}

export type Outbox = Awaited<ReturnType<typeof openOutbox>>;

/**
 * The durable outbox. Work is written here before anything is sent, and removed only once it succeeded, so a
 * crash or restart mid-cycle resumes exactly the work that had not finished. Re-running an entry is safe because
 * every job re-plans from the directory and the links: a create probes first and links to what it finds.
 */
export async function openOutbox(file: string) {
  const db = await openJsonStore<{ entries: Record<string, OutboxEntry> }>(file, { entries: {} });
  const id = (targetId: string, key: string) => `${targetId}/${key}`;
  return {
    async add(targetId: string, key: string, cause: ExchangeCause): Promise<void> {
      const existing = db.data.entries[id(targetId, key)];
      db.data.entries[id(targetId, key)] = existing
        ? { ...existing, cause, stopped: false }
        : {
            targetId,
            key,
            cause,
            attempts: 0,
            notBefore: 0,
            lastError: null,
            since: new Date().toISOString(),
          };
      await db.write();
    },
    async succeeded(targetId: string, key: string): Promise<void> {
      if (!db.data.entries[id(targetId, key)]) return;
      delete db.data.entries[id(targetId, key)];
      await db.write();
    },
    /** Counts a failed run; `notBefore` turns the new attempt count into the time of the next try. */
    async failed(
      targetId: string,
      key: string,
      error: string,
      notBefore: (attempts: number) => number,
      stopped = false,
    ): Promise<OutboxEntry | undefined> {
      const entry = db.data.entries[id(targetId, key)];
      if (!entry) return undefined;
      entry.attempts++;
      entry.stopped = stopped;
      entry.lastError = error;
      entry.notBefore = notBefore(entry.attempts);
      await db.write();
      return entry;
    },
    entries: (targetId?: string): OutboxEntry[] =>
      Object.values(db.data.entries).filter((e) => targetId === undefined || e.targetId === targetId),
    async dropTarget(targetId: string): Promise<void> {
      for (const [k, e] of Object.entries(db.data.entries))
        if (e.targetId === targetId) delete db.data.entries[k];
      await db.write();
    },
    /** Makes every failed entry of a target due now (an admin's "restart"). */
    async release(targetId: string): Promise<void> {
      for (const e of Object.values(db.data.entries)) {
        if (e.targetId === targetId) Object.assign(e, { attempts: 0, notBefore: 0, stopped: false });
      }
      await db.write();
    },
    flush: () => db.write(),
  };
}

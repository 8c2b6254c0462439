import { z } from "zod";
import type { ExchangeCause } from "../protocol";
import { dict } from "../store/dict";
import { type Change, openJournaledStore } from "../store/journal";

// A check only: the parsed text is kept, so records are checked with z.object, which copies no unnamed field.
const fileShape = z.object({
  entries: z.record(
    z.string(),
    z.object({ targetId: z.string(), key: z.string(), attempts: z.number(), notBefore: z.number() }),
  ),
  givenUp: z
    .record(z.string(), z.object({ targetId: z.string(), key: z.string(), error: z.string() }))
    .optional(),
});

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
  /**
   * The dialect stopped this task (Okta after a 409), or the target refused the credentials (401/403); only an
   * edit, a sync or a restart runs it again.
   */
  stopped?: boolean;
  /** The HTTP status of the last failure; 0 when nothing answered. */
  status?: number;
  /** Bumped by every add: a job only clears the entry if no newer work arrived while it ran. */
  generation?: number;
  since: string;
}

/** An operation that ended as failed for good: the target answered a 4xx that no retry can change. */
export interface GivenUp {
  targetId: string;
  key: string;
  cause: ExchangeCause;
  status: number;
  error: string;
  at: string;
}

export type Outbox = Awaited<ReturnType<typeof openOutbox>>;

/**
 * The durable outbox. Work is written here before anything is sent, and removed only once it succeeded, so a
 * crash or restart mid-cycle resumes exactly the work that had not finished. Re-running an entry is safe because
 * every job re-plans from the directory and the links: a create probes first and links to what it finds.
 */
const fresh = (targetId: string, key: string, cause: ExchangeCause): OutboxEntry => ({
  targetId,
  key,
  cause,
  attempts: 0,
  notBefore: 0,
  lastError: null,
  since: new Date().toISOString(),
  generation: 0,
});

type Sections = { entries: Record<string, OutboxEntry>; givenUp: Record<string, GivenUp> };

export async function openOutbox(file: string) {
  const { db, commit, hurry, close } = await openJournaledStore<Sections>(
    file,
    { entries: {}, givenUp: {} },
    fileShape,
    { what: "a provisioning outbox" },
  );
  db.data.entries = dict(db.data.entries);
  db.data.givenUp = dict(db.data.givenUp ?? {});
  const id = (targetId: string, key: string) => `${targetId}/${key}`;
  // Per target, how many keys it has in either section. A cycle asks after every resource it sends, and a target
  // with nothing waiting (the usual case) is then answered without a key built and looked up each time.
  const held = new Map<string, number>();
  const count = (targetId: string, by: number) => held.set(targetId, (held.get(targetId) ?? 0) + by);
  const holds = (targetId: string) => (held.get(targetId) ?? 0) > 0;
  for (const e of Object.values(db.data.entries)) count(e.targetId, 1);
  for (const g of Object.values(db.data.givenUp)) count(g.targetId, 1);
  function put<S extends "entries" | "givenUp">(section: S, k: string, value: Sections[S][string]): void {
    if (db.data[section][k] === undefined) count(value.targetId, 1);
    db.data[section][k] = value;
  }
  function take(section: "entries" | "givenUp", k: string): void {
    const value = db.data[section][k];
    if (value === undefined) return;
    count(value.targetId, -1);
    delete db.data[section][k];
  }
  const entryAt = (k: string): Change => ({ path: ["entries", k], value: db.data.entries[k] });
  const gone = (section: "entries" | "givenUp", k: string): Change => ({ path: [section, k], removed: true });
  return {
    /**
     * Puts work in the outbox; the promise holds until it is on disk. `gather` lets the line wait for company
     * (one fsync for many): for work queued well ahead of its turn, as a cycle's is, which costs it nothing.
     */
    add(targetId: string, key: string, cause: ExchangeCause, gather = false): Promise<void> {
      const k = id(targetId, key);
      const existing = db.data.entries[k];
      put(
        "entries",
        k,
        existing
          ? { ...existing, cause, stopped: false, generation: (existing.generation ?? 0) + 1 }
          : fresh(targetId, key, cause),
      );
      return commit([entryAt(k)], gather);
    },
    /** Writes gathered entries now: a job reached its turn before its entry's window ended. */
    hurry,
    /** Whether the resource has pending or failed work on the target. */
    has: (targetId: string, key: string): boolean =>
      holds(targetId) && db.data.entries[id(targetId, key)] !== undefined,
    /** The entry's generation now, read by a job as it starts. */
    generation(targetId: string, key: string): number | undefined {
      if (!holds(targetId)) return undefined;
      const entry = db.data.entries[id(targetId, key)];
      return entry ? (entry.generation ?? 0) : undefined;
    },
    /**
     * Clears the work, unless an edit made while the job ran added newer work to the same entry: `generation` is
     * the entry's when the job started, undefined if it had none (a cycle's job), so any entry now is newer. Nobody
     * waits for this write, so it is gathered with others (an entry a crash leaves behind is only planned again).
     * Null when there was nothing to clear, and so nothing to write.
     */
    succeeded(targetId: string, key: string, generation: number | undefined): Promise<void> | null {
      if (!holds(targetId)) return null;
      const k = id(targetId, key);
      const entry = db.data.entries[k];
      if (entry && (entry.generation ?? 0) !== generation) return null;
      const given = db.data.givenUp[k] !== undefined;
      if (!entry && !given) return null;
      take("entries", k);
      take("givenUp", k);
      return commit(given ? [gone("entries", k), gone("givenUp", k)] : [gone("entries", k)], true);
    },
    /** Ends an operation as failed: it leaves the queue of work and is kept only to be shown. */
    giveUp(
      targetId: string,
      key: string,
      cause: ExchangeCause,
      status: number,
      error: string,
    ): Promise<void> {
      const k = id(targetId, key);
      take("entries", k);
      const given: GivenUp = { targetId, key, cause, status, error, at: new Date().toISOString() };
      put("givenUp", k, given);
      return commit([gone("entries", k), { path: ["givenUp", k], value: given }]);
    },
    givenUp: (targetId: string): GivenUp[] =>
      Object.values(db.data.givenUp).filter((g) => g.targetId === targetId),
    /** Counts a failed run; `notBefore` turns the new attempt count into the time of the next try. */
    async failed(
      targetId: string,
      key: string,
      error: string,
      notBefore: (attempts: number) => number,
      stopped = false,
      status?: number,
      cause: ExchangeCause = { type: "reconcile" },
    ): Promise<OutboxEntry | undefined> {
      const k = id(targetId, key);
      // Failed work is never lost: an entry another job already cleared is made again.
      const entry = db.data.entries[k] ?? fresh(targetId, key, cause);
      put("entries", k, entry);
      entry.attempts++;
      entry.stopped = stopped;
      entry.status = status;
      entry.lastError = error;
      entry.notBefore = notBefore(entry.attempts);
      await commit([entryAt(k)]);
      return entry;
    },
    entries: (targetId?: string): OutboxEntry[] =>
      Object.values(db.data.entries).filter((e) => targetId === undefined || e.targetId === targetId),
    dropTarget(targetId: string): Promise<void> {
      const changes: Change[] = [];
      for (const [k, e] of Object.entries(db.data.entries)) {
        if (e.targetId !== targetId) continue;
        take("entries", k);
        changes.push(gone("entries", k));
      }
      for (const [k, g] of Object.entries(db.data.givenUp)) {
        if (g.targetId !== targetId) continue;
        take("givenUp", k);
        changes.push(gone("givenUp", k));
      }
      return commit(changes);
    },
    /** Makes every failed entry of a target due now, and forgets what it gave up on (an admin's "restart"). */
    release(targetId: string): Promise<void> {
      const changes: Change[] = [];
      for (const [k, e] of Object.entries(db.data.entries)) {
        if (e.targetId !== targetId) continue;
        Object.assign(e, { attempts: 0, notBefore: 0, stopped: false });
        changes.push(entryAt(k));
      }
      for (const [k, g] of Object.entries(db.data.givenUp)) {
        if (g.targetId !== targetId) continue;
        take("givenUp", k);
        changes.push(gone("givenUp", k));
      }
      return commit(changes);
    },
    close,
  };
}

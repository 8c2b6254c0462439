import type { FileHandle } from "node:fs/promises";
import { open, readdir, readFile, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Low } from "lowdb";
import type { z } from "zod";
import { isReservedName } from "../reserved-names";
import { dict } from "./dict";
import { DataFileError, openJsonStore, type StoreOptions } from "./json-file";
import { FILE_MODE, fileIdentity, sizeOf, syncDir } from "./private-file";

/** One change, already made to the store's data: the value now at `path`, or its removal. */
export interface Change {
  path: string[];
  value?: unknown;
  removed?: boolean;
  /** `value` already serialised, when the writer has it: the line then reuses it rather than serialise again. */
  json?: string;
}

const lineOf = (c: Change): string =>
  c.json === undefined ? `${JSON.stringify(c)}\n` : `{"path":${JSON.stringify(c.path)},"value":${c.json}}\n`;

export interface JournaledStore<T> {
  /** lowdb's face: the data in memory, and `write()` to write a whole snapshot now. */
  db: Low<T>;
  /**
   * Resolves once the changes are on disk. Changes made together are appended and fsynced together. `gather`
   * is for writes nobody waits on yet (a job's result, or work queued well ahead of its turn): they wait up to
   * GATHER_MS for company, so a stream of them costs one fsync per window rather than one each. Lines still land
   * in the order committed.
   */
  commit(changes: Change[], gather?: boolean): Promise<void>;
  /** Appends the gathered commits now, without waiting out their window: someone is waiting on one after all. */
  hurry(): void;
  /** Waits for every append and snapshot under way. */
  flush(): Promise<void>;
  /** Flushes, then closes the journal file; a later commit reopens it. */
  close(): Promise<void>;
  /** Whether the start replayed journals: the store had changes a snapshot did not hold yet (a crash, say). */
  readonly replayed: boolean;
  /** Snapshots written since the store was opened (compactions, and the fold at a clean close). */
  readonly snapshots: number;
  /**
   * Which version of the snapshot file (see fileIdentity) this store last read or wrote: a write by anyone else
   * since, a hand edit say, leaves the file with another.
   */
  identity(): string | undefined;
}

/** Journals stay small next to their snapshot: one is folded in once it passes this, or twice the snapshot. */
const MIN_COMPACT_BYTES = 1024 * 1024;

/** How long a gathered commit waits for others before it is appended. */
const GATHER_MS = 20;

/** Where each id sits in a list of records, built once per list while a journal is replayed. */
type ListIndexes = WeakMap<object, Map<unknown, number>>;

function positionOf(list: Array<{ id?: unknown }>, id: string, indexes: ListIndexes): number {
  let index = indexes.get(list);
  if (!index) {
    index = new Map(list.map((record, i) => [record?.id, i]));
    indexes.set(list, index);
  }
  return index.get(id) ?? -1;
}

function apply(root: unknown, change: Change, indexes: ListIndexes = new WeakMap()): void {
  // Own properties only, and never a key that reaches the object machinery: a journal is data, not code.
  if (
    !Array.isArray(change.path) ||
    change.path.some((key) => typeof key !== "string" || isReservedName(key))
  ) {
    throw new Error("not a journal entry (a path of plain keys)");
  }
  let at = root as Record<string, unknown>;
  for (const key of change.path.slice(0, -1)) {
    const next = Object.hasOwn(at, key) ? at[key] : undefined;
    if (next === null || typeof next !== "object") at[key] = dict<unknown>();
    at = at[key] as Record<string, unknown>;
  }
  const last = change.path.at(-1);
  if (last === undefined) return;
  // A list of records is addressed by their ids: a change replaces the record with that id in place, appends a new
  // one, or removes it, so replaying a journal keeps the list's order.
  if (Array.isArray(at)) {
    const list = at as Array<{ id?: unknown }>;
    const index = positionOf(list, last, indexes);
    if (change.removed) {
      if (index >= 0) {
        list.splice(index, 1);
        indexes.delete(list);
      }
    } else if (index >= 0) list[index] = change.value as { id?: unknown };
    else indexes.get(list)?.set(last, list.push(change.value as { id?: unknown }) - 1);
    return;
  }
  if (change.removed) delete at[last];
  else at[last] = change.value;
}

/**
 * A store whose writes cost what changed. The snapshot is the same lowdb JSON file as before; each change goes to
 * an append-only journal beside it (`<file>.journal.<n>`, one JSON line per change, fsynced), so one edit writes a
 * few hundred bytes whatever the size of the store. A journal that grows past its snapshot is folded in: the next
 * changes go to a new journal, a fresh snapshot is written, and the old journal is removed. Replaying journals in
 * order over the snapshot always ends at the newest state, so a crash at any point loses no acknowledged change.
 */
export async function openJournaledStore<T extends object>(
  file: string,
  defaults: T,
  shape: z.ZodType,
  options: StoreOptions = {},
): Promise<JournaledStore<T>> {
  const db = await openJsonStore<T>(file, defaults, shape, { ...options, streamed: true });
  // A store that has never been written gets its snapshot now, so the data directory always holds the file.
  if ((await sizeOf(file)) === undefined) await db.write();
  const prefix = `${basename(file)}.journal.`;
  const journals = (await readdir(dirname(file)))
    .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => Number(n.slice(prefix.length)))
    .sort((a, b) => a - b);
  /** Removes every journal older than `below`, found by listing the directory, not by remembering. */
  async function removeJournals(below: number): Promise<void> {
    for (const name of await readdir(dirname(file))) {
      if (!name.startsWith(prefix)) continue;
      const g = Number(name.slice(prefix.length));
      if (Number.isInteger(g) && g < below) await rm(join(dirname(file), name), { force: true });
    }
  }
  const indexes: ListIndexes = new WeakMap();
  for (const gen of journals) {
    const path = `${file}.journal.${gen}`;
    const lines = (await readFile(path, "utf8")).split("\n");
    for (const [n, line] of lines.entries()) {
      if (line.trim() === "") continue;
      try {
        apply(db.data, JSON.parse(line) as Change, indexes);
      } catch (err) {
        // Only a file's very last line can be torn (a crash mid-append); it was never acknowledged.
        const lastLine = lines.slice(n + 1).every((l) => l.trim() === "");
        if (!lastLine)
          throw new DataFileError(path, `line ${n + 1} is not a journal entry (${(err as Error).message})`);
      }
    }
  }
  // What the journals held is folded into a fresh snapshot before anything new is appended, so a torn tail or a
  // journal left by a failed fold never meets a later start.
  if (journals.length > 0) {
    await db.write();
    await removeJournals(Number.POSITIVE_INFINITY);
  }

  let gen = (journals.at(-1) ?? 0) + 1;

  let handle: FileHandle | null = null;
  let bytes = 0;
  type Pending = { text: string; done: () => void; fail: (err: unknown) => void };
  let queue: Pending[] = [];
  // Gathered commits wait here; any commit that is not gathered takes them along, ahead of itself.
  let gathered: Pending[] = [];
  let gatherTimer: NodeJS.Timeout | null = null;
  const takeGathered = () => {
    if (gatherTimer) clearTimeout(gatherTimer);
    gatherTimer = null;
    if (gathered.length > 0) queue.push(...gathered);
    gathered = [];
  };
  let appending: Promise<void> | null = null;
  let compacting: Promise<void> | null = null;
  let snapshotBytes = 0;
  let snapshots = 0;
  let identity = await fileIdentity(file);
  // An append that failed left a change in memory that no file holds, until the next snapshot.
  let lost = false;

  async function appendAll(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        if (!handle) {
          handle = await open(`${file}.journal.${gen}`, "a", FILE_MODE);
          await syncDir(dirname(file));
        }
        const text = batch.map((b) => b.text).join("");
        await handle.write(text);
        await handle.sync();
        bytes += Buffer.byteLength(text);
        for (const b of batch) b.done();
      } catch (err) {
        lost = true;
        for (const b of batch) b.fail(err);
      }
      if (!compacting && bytes > Math.max(MIN_COMPACT_BYTES, 2 * snapshotBytes)) compacting = compact();
    }
    // Cleared in the same turn as the last check (batch errors are handed to their callers, never thrown), so a
    // commit either finds the loop still running and its batch is taken, or finds none and starts one.
    appending = null;
  }

  async function compact(): Promise<void> {
    // Later changes go to the next journal (switched now, before any await, so no batch lands in a closing
    // file); the snapshot holds everything up to now, so the older journals can go once it is on disk.
    const old = gen;
    const closing = handle;
    handle = null;
    bytes = 0;
    gen++;
    try {
      await closing?.close();
      await db.write();
      snapshots++;
      identity = await fileIdentity(file);
      lost = false;
      snapshotBytes = (await sizeOf(file)) ?? 0;
      await removeJournals(old + 1);
    } catch (err) {
      console.error(`scimulator: could not fold ${file}'s journal into a snapshot:`, err);
    } finally {
      compacting = null;
    }
  }

  function hurry(): void {
    if (gathered.length === 0) return;
    takeGathered();
    appending ??= appendAll();
  }

  async function flush(): Promise<void> {
    hurry();
    while (appending || compacting) await Promise.all([appending, compacting]);
  }

  return {
    db,
    replayed: journals.length > 0,
    get snapshots() {
      return snapshots;
    },
    identity: () => (lost ? undefined : identity),
    commit(changes, gather = false) {
      if (changes.length === 0) return Promise.resolve();
      const text = changes.map(lineOf).join("");
      if (gather) {
        const done = new Promise<void>((resolve, reject) =>
          gathered.push({ text, done: resolve, fail: reject }),
        );
        gatherTimer ??= setTimeout(() => {
          takeGathered();
          appending ??= appendAll();
        }, GATHER_MS);
        return done;
      }
      takeGathered();
      const done = new Promise<void>((resolve, reject) => queue.push({ text, done: resolve, fail: reject }));
      appending ??= appendAll();
      return done;
    },
    flush,
    hurry,
    async close() {
      await flush();
      const closing = handle;
      handle = null;
      await closing?.close();
      // A clean stop folds the journal in, so the snapshot alone is the state: what a person reads or edits by
      // hand between runs is the whole truth, and the next start has nothing to replay.
      if (closing) {
        await db.write();
        snapshots++;
        identity = await fileIdentity(file);
        lost = false;
        await removeJournals(Number.POSITIVE_INFINITY);
        gen++;
      }
    },
  };
}

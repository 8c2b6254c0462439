import { type Adapter, Low } from "lowdb";
import type { z } from "zod";
import { type Change, openJournaledStore } from "./journal";
import type { StoreOptions } from "./json-file";

type Identified = { id: string };

export interface RecordStoreOptions<T> extends StoreOptions {
  /** Lists of records with ids, journaled record by record through `put` and `drop`. */
  records: Array<keyof T & string>;
}

export type RecordStore<T> = Low<T> & {
  /** The record with this id was added to or replaced in `list`; the next write journals it. */
  put(list: keyof T & string, record: Identified, json?: string): void;
  /** The record with this id left `list`; the next write journals its removal. */
  drop(list: keyof T & string, id: string): void;
  /** Flushes, and folds the journal into the snapshot. */
  close(): Promise<void>;
  /**
   * The snapshot file's version (see fileIdentity) while it holds everything in memory: none while a change is
   * made but not yet written (its write failed, or is still to come).
   */
  identity(): string | undefined;
};

/**
 * lowdb's face over a journal, for data made of lists of records with ids. `write()` costs what changed, however
 * large the lists: writers name the records they added, replaced or removed (`put`, `drop`), and only those are
 * journaled. Every other field is small and journaled whole when its JSON differs from the last write. The file
 * on disk stays the same JSON snapshot as before, kept current by the journal's compaction.
 */
export async function openRecordStore<T extends object>(
  file: string,
  defaults: T,
  shape: z.ZodType,
  options: RecordStoreOptions<T>,
): Promise<RecordStore<T>> {
  const journal = await openJournaledStore<T>(file, defaults, shape, options);
  const data = journal.db.data;
  const root = data as Record<string, unknown>;
  const records = new Set<string>(options.records);
  const wholes = new Map<string, string>();
  for (const key of Object.keys(root)) if (!records.has(key)) wholes.set(key, JSON.stringify(root[key]));
  let queued: Change[] = [];

  function changesSinceLastWrite(): Change[] {
    const changes = queued;
    queued = [];
    for (const key of Object.keys(root)) {
      if (records.has(key)) continue;
      const text = JSON.stringify(root[key]);
      if (wholes.get(key) !== text) {
        changes.push({ path: [key], value: root[key] });
        wholes.set(key, text);
      }
    }
    return changes;
  }

  const adapter: Adapter<T> = {
    read: async () => data,
    // Taken when the write is asked for, so concurrent writes journal disjoint changes in the order made.
    write: () => journal.commit(changesSinceLastWrite()),
  };
  const db = new Low<T>(adapter, defaults) as RecordStore<T>;
  db.data = data;
  db.put = (list, record, json) => {
    queued.push({ path: [list, record.id], value: record, json });
  };
  db.drop = (list, id) => {
    queued.push({ path: [list, id], removed: true });
  };
  db.close = () => journal.close();
  db.identity = () => {
    const unwritten =
      queued.length > 0 ||
      Object.keys(root).some((key) => !records.has(key) && wholes.get(key) !== JSON.stringify(root[key]));
    return unwritten ? undefined : journal.identity();
  };
  return db;
}

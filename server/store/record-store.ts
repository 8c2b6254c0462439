import { type Adapter, Low } from "lowdb";
import type { z } from "zod";
import { type Change, openJournaledStore } from "./journal";
import type { StoreOptions } from "./json-file";

type Identified = { id: string };

export interface RecordStoreOptions<T> extends StoreOptions {
  /** Lists of records that are always replaced in place by new objects, so a write can tell what changed. */
  records: Array<keyof T & string>;
}

/**
 * lowdb's face over a journal, for data made of lists of records with ids. `write()` costs what changed: the
 * adapter compares each record with the one it last wrote (by identity, since writers replace a record with a new
 * object rather than editing it) and journals only the records added, replaced or removed. Every other field is
 * small and journaled whole when its JSON differs. The file on disk stays the same JSON snapshot as before, kept
 * current by the journal's compaction.
 */
export async function openRecordStore<T extends object>(
  file: string,
  defaults: T,
  shape: z.ZodType,
  options: RecordStoreOptions<T>,
): Promise<Low<T> & { close(): Promise<void> }> {
  const journal = await openJournaledStore<T>(file, defaults, shape, options);
  const data = journal.db.data;
  const root = data as Record<string, unknown>;
  const records = new Set<string>(options.records);
  const written = new Map<string, Map<string, Identified>>();
  const wholes = new Map<string, string>();
  const remember = () => {
    for (const key of Object.keys(root)) {
      const value = root[key];
      if (records.has(key) && Array.isArray(value)) {
        written.set(key, new Map((value as Identified[]).map((r) => [r.id, r])));
      } else wholes.set(key, JSON.stringify(value));
    }
  };
  remember();

  function changesSinceLastWrite(): Change[] {
    const changes: Change[] = [];
    for (const key of Object.keys(root)) {
      const value = root[key];
      if (records.has(key) && Array.isArray(value)) {
        const before = written.get(key) ?? new Map<string, Identified>();
        const now = new Map<string, Identified>();
        for (const record of value as Identified[]) {
          now.set(record.id, record);
          if (before.get(record.id) !== record) changes.push({ path: [key, record.id], value: record });
        }
        for (const id of before.keys()) if (!now.has(id)) changes.push({ path: [key, id], removed: true });
        written.set(key, now);
        continue;
      }
      const text = JSON.stringify(value);
      if (wholes.get(key) !== text) {
        changes.push({ path: [key], value });
        wholes.set(key, text);
      }
    }
    return changes;
  }

  const adapter: Adapter<T> = {
    read: async () => data,
    // Computed when the write is asked for, so concurrent writes journal disjoint changes in the order made.
    write: () => journal.commit(changesSinceLastWrite()),
  };
  const db = new Low<T>(adapter, defaults) as Low<T> & { close(): Promise<void> };
  db.data = data;
  db.close = () => journal.close();
  return db;
}

import { z } from "zod";
import { dict } from "../store/dict";
import { type Change, openJournaledStore } from "../store/journal";
import type { JsonObject } from "./json";
import { collectionOf, createOrgIndex, type OrgIndex } from "./org-index";
import type { ResourceTypeName } from "./schemas";
import { type OrgSettings, settingsShape } from "./settings";

/** What changed in the org, announced once it is on disk. */
export interface OrgChange {
  resourceType: "User" | "Group";
  id: string;
  action: "created" | "updated" | "deleted";
}

/** A resource as kept on disk: its attributes plus the bookkeeping `meta` is computed from. */
export interface StoredResource {
  id: string;
  created: string;
  lastModified: string;
  version: number;
  data: JsonObject;
}

export interface OrgData {
  token?: string;
  users: Record<string, StoredResource>;
  groups: Record<string, StoredResource>;
  /** Accounts outside this organization, kept by presets whose accounts outlive membership (by id). */
  accounts: Record<string, StoredResource>;
  /** The preset and its switches; absent in files written before presets existed. */
  settings?: OrgSettings;
}

const storedShape = z.object({
  id: z.string(),
  created: z.string(),
  lastModified: z.string(),
  version: z.number().int(),
  data: z.record(z.string(), z.unknown()),
});
const fileShape = z.object({
  token: z.string().optional(),
  users: z.record(z.string(), storedShape),
  groups: z.record(z.string(), storedShape),
  accounts: z.record(z.string(), storedShape).optional(),
  settings: settingsShape.optional(),
});

export interface OrgStore {
  readonly data: OrgData;
  collection(type: ResourceTypeName): Record<string, StoredResource>;
  /** Ids by the attributes probes filter on, kept current by `commit`. */
  index: OrgIndex;
  /** Persists the in-memory state, then tells listeners; callers mutate synchronously before calling it. */
  commit(changes: OrgChange[]): Promise<void>;
  onChange(listener: (change: OrgChange) => void): () => void;
  flush(): Promise<void>;
  /** Flushes, and folds the journal into the snapshot. */
  close(): Promise<void>;
}

export async function openOrgStore(file: string): Promise<OrgStore> {
  // Journaled: a write appends the resources it touched, so one SCIM request costs what it changed, whatever the
  // org's size. The token, the settings and the accounts outside the org are small and journaled whole.
  const journal = await openJournaledStore<OrgData>(
    file,
    { users: {}, groups: {}, accounts: {} },
    fileShape,
    { what: "a target-org store" },
  );
  const db = journal.db;
  // Resources are keyed by id, and ids come from requests: a plain object would answer `__proto__` or
  // `toString` with a built-in. These dictionaries have no prototype, so any such id is simply unknown.
  db.data.users = dict(db.data.users);
  db.data.groups = dict(db.data.groups);
  db.data.accounts = dict(db.data.accounts ?? {});
  const listeners = new Set<(change: OrgChange) => void>();
  const pending = new Set<Promise<void>>();
  const index = createOrgIndex(db.data);
  const small = () => ({
    token: JSON.stringify(db.data.token ?? null),
    settings: JSON.stringify(db.data.settings ?? null),
    accounts: JSON.stringify(db.data.accounts),
  });
  let written = small();

  function journalOf(changes: OrgChange[]): Change[] {
    const out: Change[] = changes.map(({ resourceType, id }) => {
      const key = collectionOf(resourceType);
      const stored = db.data[key][id];
      return stored ? { path: [key, id], value: stored } : { path: [key, id], removed: true };
    });
    const now = small();
    for (const key of ["token", "settings", "accounts"] as const) {
      if (now[key] !== written[key]) out.push({ path: [key], value: db.data[key] });
    }
    written = now;
    return out;
  }

  return {
    data: db.data,
    collection: (type) => (type === "User" ? db.data.users : db.data.groups),
    index,
    async commit(changes) {
      index.update(changes);
      const write = journal.commit(journalOf(changes));
      pending.add(write);
      try {
        await write;
      } finally {
        pending.delete(write);
      }
      for (const change of changes) {
        for (const listener of listeners) {
          try {
            listener(change);
          } catch (err) {
            // A broken subscriber must not turn a durable write into a failed SCIM response.
            console.error("scimulator: target-org change listener failed:", err);
          }
        }
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async flush() {
      await Promise.allSettled([...pending]);
    },
    async close() {
      await Promise.allSettled([...pending]);
      await journal.close();
    },
  };
}

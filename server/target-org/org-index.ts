// Structural, so the store that keeps this index can import it without an import circle.
interface Resource {
  id: string;
  data: Record<string, unknown>;
}
interface Collections {
  users: Record<string, Resource>;
  groups: Record<string, Resource>;
}
interface Changed {
  resourceType: "User" | "Group";
  id: string;
}

/** The attributes IdPs filter on with `eq`, per collection, and whether they compare case-insensitively. */
const INDEXED = {
  users: { userName: true, externalId: false },
  groups: { displayName: true, externalId: false },
} as const;

type Collection = keyof typeof INDEXED;

/** Where resources of a SCIM resource type are kept in the org's data. */
export const collectionOf = (resourceType: "User" | "Group"): Collection =>
  resourceType === "User" ? "users" : "groups";

const keyOf = (value: unknown, caseless: boolean): string | undefined =>
  typeof value === "string" ? (caseless ? value.toLowerCase() : value) : undefined;

/**
 * Ids by the attributes an IdP's probe filters on (`userName eq`, `externalId eq`, `displayName eq`), kept in step
 * with every commit, so a probe or a uniqueness check looks up a handful of resources instead of rendering and
 * scanning them all.
 */
export function createOrgIndex(data: Collections) {
  const maps = new Map<string, Map<string, Set<string>>>();
  const held = new Map<string, Map<string, string>>();
  const mapOf = (collection: Collection, attribute: string) => {
    const key = `${collection}.${attribute}`;
    let map = maps.get(key);
    if (!map) {
      map = new Map();
      maps.set(key, map);
    }
    return map;
  };
  const heldOf = (collection: Collection, id: string) => `${collection}:${id}`;

  function remove(collection: Collection, id: string) {
    const values = held.get(heldOf(collection, id));
    if (!values) return;
    for (const [attribute, value] of values) mapOf(collection, attribute).get(value)?.delete(id);
    held.delete(heldOf(collection, id));
  }

  function add(collection: Collection, stored: Resource) {
    const values = new Map<string, string>();
    for (const [attribute, caseless] of Object.entries(INDEXED[collection])) {
      const value = keyOf(stored.data[attribute], caseless);
      if (value === undefined) continue;
      const map = mapOf(collection, attribute);
      let ids = map.get(value);
      if (!ids) {
        ids = new Set();
        map.set(value, ids);
      }
      ids.add(stored.id);
      values.set(attribute, value);
    }
    held.set(heldOf(collection, stored.id), values);
  }

  function refresh(collection: Collection, id: string) {
    remove(collection, id);
    const stored = data[collection][id];
    if (stored) add(collection, stored);
  }

  for (const collection of ["users", "groups"] as const) {
    for (const stored of Object.values(data[collection])) add(collection, stored);
  }

  return {
    /** Brings the index up to date with the resources a commit names. */
    update(changes: Changed[]) {
      for (const { resourceType, id } of changes) refresh(collectionOf(resourceType), id);
    },
    /** Starts over, after the collections were replaced wholesale. */
    rebuild() {
      maps.clear();
      held.clear();
      for (const collection of ["users", "groups"] as const) {
        for (const stored of Object.values(data[collection])) add(collection, stored);
      }
    },
    /** The ids whose attribute equals the value, or undefined when that attribute is not indexed. */
    lookup(collection: Collection, attribute: string, value: string): string[] | undefined {
      const entry = Object.entries(INDEXED[collection]).find(
        ([name]) => name.toLowerCase() === attribute.toLowerCase(),
      );
      if (!entry) return undefined;
      const [name, caseless] = entry;
      return [...(mapOf(collection, name).get(caseless ? value.toLowerCase() : value) ?? [])];
    },
  };
}

export type OrgIndex = ReturnType<typeof createOrgIndex>;

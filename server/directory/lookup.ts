/**
 * Look-ups by id and by a case-insensitive name over one of the directory's lists, and the list in name order.
 * Single-item writes keep them up to date in place (`put`, `drop`), so creating N users costs N map updates and N
 * binary-search inserts rather than N rebuilds; a write that touches many items calls `invalidate` and the next
 * look-up rebuilds them once.
 */
export function createIndex<T extends { id: string }>(list: () => T[], nameOf: (item: T) => string) {
  let byId: Map<string, T> | null = null;
  let byName: Map<string, T> | null = null;
  // Names are unique case-insensitively, so the lower-cased name is a total order with no ties.
  let sorted: T[] | null = null;
  const keyOf = (item: T) => nameOf(item).toLowerCase();
  // Each built on first use: a restart ties 100k links to their users by id long before anything looks up a name.
  const buildIds = (): Map<string, T> => {
    byId = new Map();
    for (const item of list()) byId.set(item.id, item);
    return byId;
  };
  const buildNames = (): Map<string, T> => {
    byName = new Map();
    for (const item of list()) byName.set(keyOf(item), item);
    return byName;
  };
  /** Where `key` is, or would go, in the sorted list. */
  const positionOf = (items: T[], key: string): number => {
    let low = 0;
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (keyOf(items[mid] as T) < key) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const remove = (items: T[], item: T) => {
    const at = positionOf(items, keyOf(item));
    if (items[at]?.id === item.id) items.splice(at, 1);
  };
  return {
    get: (id: string): T | undefined => (byId ?? buildIds()).get(id),
    named: (name: string): T | undefined => (byName ?? buildNames()).get(name.toLowerCase()),
    /** Every item by name, case-insensitively; sorted once and kept sorted, never sorted per read. */
    sorted(): readonly T[] {
      if (!sorted) {
        const keyed = list().map((item) => ({ item, key: keyOf(item) }));
        keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        sorted = keyed.map((k) => k.item);
      }
      return sorted;
    },
    /** An item was added, or replaced one with its id (`before`, whose name may differ). */
    put(item: T, before?: T): void {
      if (sorted) {
        if (before) remove(sorted, before);
        sorted.splice(positionOf(sorted, keyOf(item)), 0, item);
      }
      byId?.set(item.id, item);
      if (!byName) return;
      if (before) byName.delete(keyOf(before));
      byName.set(keyOf(item), item);
    },
    drop(item: T): void {
      if (sorted) remove(sorted, item);
      byId?.delete(item.id);
      byName?.delete(keyOf(item));
    },
    /** Called after a change to many items at once. */
    invalidate(): void {
      byId = null;
      byName = null;
      sorted = null;
    },
  };
}

/**
 * Look-ups by id and by a case-insensitive name over one of the directory's lists. Single-item writes keep it up
 * to date in place (`put`, `drop`), so creating N users costs N map updates rather than N rebuilds; a write that
 * touches many items calls `invalidate` and the next look-up rebuilds it once.
 */
export function createIndex<T extends { id: string }>(list: () => T[], nameOf: (item: T) => string) {
  let byId: Map<string, T> | null = null;
  let byName: Map<string, T> | null = null;
  const build = () => {
    byId = new Map();
    byName = new Map();
    for (const item of list()) {
      byId.set(item.id, item);
      byName.set(nameOf(item).toLowerCase(), item);
    }
    return { byId, byName };
  };
  return {
    get: (id: string): T | undefined => (byId ?? build().byId).get(id),
    named: (name: string): T | undefined => (byName ?? build().byName).get(name.toLowerCase()),
    /** An item was added, or replaced one with its id (`before`, whose name may differ). */
    put(item: T, before?: T): void {
      if (!byId || !byName) return;
      if (before) byName.delete(nameOf(before).toLowerCase());
      byId.set(item.id, item);
      byName.set(nameOf(item).toLowerCase(), item);
    },
    drop(item: T): void {
      byId?.delete(item.id);
      byName?.delete(nameOf(item).toLowerCase());
    },
    /** Called after a change to many items at once. */
    invalidate(): void {
      byId = null;
      byName = null;
    },
  };
}

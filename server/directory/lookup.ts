/**
 * Look-ups by id and by a case-insensitive name over one of the directory's lists, rebuilt on first use after a
 * change, so a cycle over N users costs N look-ups, not N scans.
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
    /** Called after every change to the list or to one of its items. */
    invalidate(): void {
      byId = null;
      byName = null;
    },
  };
}

/**
 * A dictionary keyed by outside input (ids from requests, files or the wire). It has no prototype, so a key
 * such as `__proto__`, `constructor` or `toString` is an ordinary key: looking it up finds nothing unless it was
 * stored, and storing it never reaches `Object.prototype`. JSON.stringify writes it like any object.
 */
export function dict<T>(from: Record<string, T> = {}): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(from)) {
    Object.defineProperty(out, key, {
      value: from[key],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return out;
}

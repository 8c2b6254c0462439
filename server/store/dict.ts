/**
 * A dictionary keyed by outside input (ids from requests, files or the wire). It has no prototype, so a key
 * such as `__proto__`, `constructor` or `toString` is an ordinary key: looking it up finds nothing unless it was
 * stored, and storing it never reaches `Object.prototype`. JSON.stringify writes it like any object.
 *
 * The object given becomes the dictionary: callers hand over what they have just read (JSON.parse makes every key
 * an own property, `__proto__` included), so 100k keys cost nothing to take over rather than a copy each.
 */
export function dict<T>(from: Record<string, T> = {}): Record<string, T> {
  return Object.setPrototypeOf(from, null) as Record<string, T>;
}

/** True when `actual` holds everything `expected` says: objects by subset, arrays by each expected item found. */
export function contains(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== "object") {
    if (typeof expected === "string" && typeof actual === "string") return actual === expected;
    return actual === expected;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false;
    return expected.every((item) => actual.some((candidate) => contains(candidate, item)));
  }
  if (!actual || typeof actual !== "object" || Array.isArray(actual)) return false;
  const record = actual as Record<string, unknown>;
  return Object.entries(expected).every(([key, value]) => {
    // SCIM attribute names are case-insensitive, and so are PATCH op names ("Replace" vs "replace").
    const match = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
    if (match === undefined) return value === undefined;
    const got = record[match];
    if (key.toLowerCase() === "op" && typeof got === "string" && typeof value === "string") {
      return got.toLowerCase() === value.toLowerCase();
    }
    return contains(got, value);
  });
}

/**
 * Reads a SCIM attribute by the paths a scenario writes: `title`, `name.givenName`,
 * `emails[type eq "work"].value`, or an extension URN such as `urn:…:enterprise:2.0:User:department`.
 */
export function readScimPath(resource: Record<string, unknown>, path: string): unknown {
  let current: unknown = resource;
  let rest = path;
  const urn = path.match(/^(urn:[^[\]]+):([^:.[\]]+(?:\.[^:[\]]+)?)$/);
  if (urn) {
    current = resource[urn[1] ?? ""];
    rest = urn[2] ?? "";
  }
  for (const part of rest.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    const filtered = part.match(/^(\w+)\[(\w+) eq "([^"]*)"\]$/);
    const record = current as Record<string, unknown>;
    const key = (name: string) =>
      Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    if (filtered) {
      const list = record[key(filtered[1] ?? "")];
      current = Array.isArray(list)
        ? list.find((item) => (item as Record<string, unknown>)?.[filtered[2] ?? ""] === filtered[3])
        : undefined;
    } else current = record[key(part)];
  }
  return current;
}

/** "31d", "40m", "90s", "500ms", or seconds, in milliseconds. */
export function durationMs(value: number | string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  if (typeof value === "number") return value * 1000;
  const m = value.match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/);
  if (!m) return fallbackMs;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as "ms" | "s" | "m" | "h" | "d"
  ];
  return Number(m[1]) * unit;
}

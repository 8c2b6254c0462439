/**
 * Names that reach JavaScript's object machinery instead of data when used as keys. No SCIM attribute and no
 * control-API field has one of these names, so they are refused outright wherever input names a key or an id.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export const isReservedName = (name: string): boolean => RESERVED_NAMES.has(name.toLowerCase());

/** The path (`a.b.0.c`) of the first key in a parsed JSON value that is a reserved name, if any. */
export function findReservedKey(value: unknown, path: Array<string | number> = []): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findReservedKey(item, [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  for (const key of Object.keys(value)) {
    if (isReservedName(key)) return [...path, key].join(".");
    const found = findReservedKey((value as Record<string, unknown>)[key], [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** How deeply a filter or path may nest brackets; real IdP filters nest two or three levels. */
export const MAX_NESTING = 32;

/** The deepest `(`/`[` nesting in a filter, outside quoted strings. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "(" || c === "[") deepest = Math.max(deepest, ++depth);
    else if (c === ")" || c === "]") depth--;
  }
  return deepest;
}

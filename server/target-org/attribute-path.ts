import { type AttributeDef, commonAttributes, type ResourceTypeDef, type SchemaDef } from "./schemas";

/** An attribute reference such as `name.givenName` or `urn:…:enterprise:2.0:User:manager.value`, resolved. */
export interface ResolvedPath {
  /** Set when the attribute lives in an extension, i.e. under the extension's URN key in the resource. */
  extension?: SchemaDef;
  /** Absent when the path names a whole extension (`urn:…:enterprise:2.0:User`). */
  attribute?: AttributeDef;
  sub?: AttributeDef;
}

export function findAttribute(list: AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  const wanted = name.toLowerCase();
  return list?.find((a) => a.name.toLowerCase() === wanted);
}

/**
 * Resolves an attribute path against resource types, ignoring letter case as RFC 7644 §3.10 requires and
 * accepting the core schema's URN as an optional prefix. `looseExtensions` lets an unprefixed name match an
 * extension attribute (old Entra examples send `"path":"manager"`); only lenient mode allows that.
 */
export function resolvePath(
  text: string,
  types: ResourceTypeDef[],
  looseExtensions = false,
): ResolvedPath | undefined {
  let rest = text;
  let scoped: SchemaDef | undefined;
  if (text.toLowerCase().startsWith("urn:")) {
    const schemas = types.flatMap((t) => [t.core, ...t.extensions]);
    const lower = text.toLowerCase();
    scoped = schemas
      .filter((s) => lower === s.id.toLowerCase() || lower.startsWith(`${s.id.toLowerCase()}:`))
      .sort((a, b) => b.id.length - a.id.length)[0];
    if (!scoped) return undefined;
    if (lower === scoped.id.toLowerCase()) {
      return types.some((t) => t.extensions.includes(scoped as SchemaDef))
        ? { extension: scoped }
        : undefined;
    }
    rest = text.slice(scoped.id.length + 1);
  }
  const dot = rest.indexOf(".");
  const name = dot === -1 ? rest : rest.slice(0, dot);
  const subName = dot === -1 ? undefined : rest.slice(dot + 1);
  const found = locate(name, scoped, types, looseExtensions);
  if (!found) return undefined;
  if (subName === undefined) return found;
  const sub = findAttribute(found.attribute?.subAttributes, subName);
  return sub ? { ...found, sub } : undefined;
}

function locate(
  name: string,
  scoped: SchemaDef | undefined,
  types: ResourceTypeDef[],
  looseExtensions: boolean,
): ResolvedPath | undefined {
  const isExtension = (s: SchemaDef) => types.some((t) => t.extensions.includes(s));
  if (scoped) {
    const attribute = findAttribute(scoped.attributes, name);
    if (!attribute) return undefined;
    return isExtension(scoped) ? { extension: scoped, attribute } : { attribute };
  }
  for (const type of types) {
    const attribute = findAttribute(type.core.attributes, name);
    if (attribute) return { attribute };
  }
  const common = findAttribute(commonAttributes, name);
  if (common) return { attribute: common };
  if (!looseExtensions) return undefined;
  for (const extension of types.flatMap((t) => t.extensions)) {
    const attribute = findAttribute(extension.attributes, name);
    if (attribute) return { extension, attribute };
  }
  return undefined;
}

/** The path spelled the way the resource's keys are spelled, which is what the filter and patch libraries read. */
export function canonicalPath(path: ResolvedPath): string {
  const prefix = path.extension ? `${path.extension.id}${path.attribute ? ":" : ""}` : "";
  return `${prefix}${path.attribute?.name ?? ""}${path.sub ? `.${path.sub.name}` : ""}`;
}

/** The definition a value at this path must satisfy. */
export function targetOf(path: ResolvedPath): AttributeDef | undefined {
  return path.sub ?? path.attribute;
}

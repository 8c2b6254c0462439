import { isReservedName, MAX_NESTING, nestingDepth } from "../reserved-names";
import { canonicalPath, findAttribute, type ResolvedPath, resolvePath } from "./attribute-path";
import { compileFilter, type Predicate } from "./filter";
import { type AttributeDef, commonAttributes, type ResourceTypeDef } from "./schemas";
import { badRequest, ScimError } from "./scim-errors";

export type OpName = "add" | "replace" | "remove";

export interface PathScope {
  type: ResourceTypeDef;
  strict: boolean;
}

/**
 * PATCH paths checked before scim-patch sees them: the library accepts any string and invents keys for unknown
 * names, so unknown attributes, bad filters and readOnly targets are refused here as invalidPath / mutability.
 */
export function checkMutability(op: OpName, resolved: ResolvedPath, rawPath: string) {
  const attribute = resolved.attribute as AttributeDef;
  const common = !resolved.extension && commonAttributes.includes(attribute);
  if (common || attribute.mutability === "readOnly" || resolved.sub?.mutability === "readOnly") {
    throw badRequest("mutability", `'${rawPath}' is readOnly and cannot be modified`);
  }
  if (resolved.sub?.mutability === "immutable" && op !== "add") {
    throw badRequest("mutability", `'${rawPath}' is immutable; remove the value and add a new one instead`);
  }
}

export interface ParsedPath {
  resolved: ResolvedPath;
  /** Canonical path handed to scim-patch. */
  path: string;
  /** For messages. */
  label: string;
  filter?: string;
  matches?: Predicate;
}

/** `attr`, `urn:…:attr.sub`, `attr[filter]`, `attr[filter].sub` (RFC 7644 §3.5.2 PATH grammar). */
export function parsePath(raw: string, ctx: PathScope): ParsedPath {
  const types = [ctx.type];
  const invalid = (why: string) => badRequest("invalidPath", `path '${raw}' ${why}`);
  const reserved = raw.split(/[.:[\]\s]/).find(isReservedName);
  if (reserved !== undefined)
    throw invalid(`names '${reserved}', which is not an attribute name SCIM allows`);
  if (nestingDepth(raw) > MAX_NESTING) throw invalid(`nests deeper than ${MAX_NESTING} brackets`);
  const open = raw.indexOf("[");
  if (open === -1) {
    const resolved = resolvePath(raw, types, !ctx.strict);
    if (!resolved) throw invalid(`does not name an attribute of ${ctx.type.name}; see /Schemas`);
    return { resolved, path: canonicalPath(resolved), label: canonicalPath(resolved) };
  }
  const close = raw.lastIndexOf("]");
  const rest = raw.slice(close + 1);
  if (close < open || (rest !== "" && !rest.startsWith("."))) throw invalid("is malformed");
  const base = resolvePath(raw.slice(0, open), types, !ctx.strict);
  const attribute = base?.attribute;
  if (!base || !attribute || base.sub || attribute.type !== "complex" || !attribute.multiValued) {
    throw invalid("must filter a multi-valued complex attribute");
  }
  const sub = rest === "" ? undefined : findAttribute(attribute.subAttributes, rest.slice(1));
  if (rest !== "" && !sub) throw invalid(`names no sub-attribute '${rest.slice(1)}' of '${attribute.name}'`);
  const filter = raw.slice(open + 1, close);
  const attrPath = canonicalPath(base);
  let matches: Predicate;
  try {
    matches = compileFilter(`${attrPath}[${filter}]`, types, ctx.strict);
  } catch (err) {
    throw err instanceof ScimError ? invalid(`has an invalid filter: ${err.detail}`) : err;
  }
  const resolved: ResolvedPath = sub ? { ...base, sub } : base;
  return {
    resolved,
    path: `${attrPath}[${filter}]${sub ? `.${sub.name}` : ""}`,
    label: `${attrPath}${sub ? `.${sub.name}` : ""}`,
    filter,
    matches,
  };
}

/** The definition the op's value must satisfy: a sub-attribute, one element of a filtered list, or the attribute. */
export function valueDefinition(target: ParsedPath): AttributeDef {
  const { attribute, sub } = target.resolved;
  if (sub) return { ...sub, multiValued: sub.multiValued };
  const def = attribute as AttributeDef;
  return target.filter !== undefined ? { ...def, multiValued: false } : def;
}

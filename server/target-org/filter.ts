import { type Compare, type Filter, parse, Tester } from "scim2-parse-filter";
import { isReservedName, MAX_NESTING, nestingDepth } from "../reserved-names";
import { canonicalPath, findAttribute, type ResolvedPath, resolvePath, targetOf } from "./attribute-path";
import type { AttributeDef, ResourceTypeDef } from "./schemas";
import { badRequest } from "./scim-errors";

export type Predicate = (resource: object) => boolean;

/**
 * Parses a SCIM filter with scim2-parse-filter and evaluates it with the library's Tester, after two fixes:
 * - attribute paths are resolved against the schemas (unknown names are refused in strict mode, core-URN
 *   prefixes dropped, names put in canonical case), and each comparison learns its attribute's definition;
 * - comparisons honour `caseExact`: the library compares with `===`, but RFC 7643 makes `userName`, emails and
 *   most strings case-insensitive, and Okta's "Username Case Sensitivity Check" relies on it.
 */
export function compileFilter(text: string, types: ResourceTypeDef[], strict: boolean): Predicate {
  // The parser and the evaluator recurse once per level, so a deep filter would overflow the stack.
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING) {
    throw badRequest(
      "invalidFilter",
      `filter nests ${depth} levels of parentheses or brackets; at most ${MAX_NESTING} are allowed`,
    );
  }
  let ast: Filter;
  try {
    ast = parse(text);
  } catch (err) {
    throw badRequest(
      "invalidFilter",
      `filter ${JSON.stringify(text)} is not valid: ${(err as Error).message}`,
    );
  }
  const defs = new WeakMap<Compare, AttributeDef>();
  const normalized = normalize(ast, { types, strict, defs, text });
  const tester = new CaseAwareTester(defs);
  return (resource) => tester.test(resource, normalized);
}

interface Scope {
  types: ResourceTypeDef[];
  strict: boolean;
  defs: WeakMap<Compare, AttributeDef>;
  text: string;
  /** Inside `attr[...]`, names are sub-attributes of this attribute. */
  parent?: AttributeDef;
}

function normalize(f: Filter, scope: Scope): Filter {
  switch (f.op) {
    case "and":
    case "or": {
      const merged = mergeValuePathSubAttribute(f.filters, scope);
      if (merged) return merged;
      return { op: f.op, filters: f.filters.map((c) => normalize(c, scope)) };
    }
    case "not":
      return { op: "not", filter: normalize(f.filter, scope) };
    case "[]": {
      const path = resolve(f.attrPath, scope);
      const attribute = targetOf(path);
      if (attribute && attribute.type !== "complex") {
        throw badRequest(
          "invalidFilter",
          `'${f.attrPath}' is not a complex attribute, so it cannot take [filter]`,
        );
      }
      return {
        op: "[]",
        attrPath: canonical(path, f.attrPath),
        valFilter: normalize(f.valFilter, { ...scope, parent: attribute }),
      };
    }
    case "pr":
      return { op: "pr", attrPath: canonical(resolve(f.attrPath, scope), f.attrPath) };
    default: {
      const path = withImplicitValue(resolve(f.attrPath, scope));
      const def = targetOf(path);
      if (def?.type === "complex") {
        throw badRequest(
          "invalidFilter",
          `'${f.attrPath}' is complex; compare one of its sub-attributes instead`,
        );
      }
      if (def?.type === "boolean" && f.op !== "eq" && f.op !== "ne") {
        throw badRequest(
          "invalidFilter",
          `operator '${f.op}' cannot be used with boolean attribute '${f.attrPath}'`,
        );
      }
      const out: Compare = { op: f.op, attrPath: canonical(path, f.attrPath), compValue: f.compValue };
      if (def) scope.defs.set(out, def);
      return out;
    }
  }
}

/**
 * The library turns `emails[type eq "work"].value eq "x"` (the form Entra uses to match users) into
 * `emails[type eq "work"] and emails.value eq "x"`, which also matches a user whose work address is another
 * one. Fold it back into `emails[type eq "work" and value eq "x"]` so both conditions hold for the same email.
 */
function mergeValuePathSubAttribute(filters: Filter[], scope: Scope): Filter | undefined {
  const [first, second] = filters;
  if (
    filters.length !== 2 ||
    first?.op !== "[]" ||
    !second ||
    !("compValue" in second || second.op === "pr")
  ) {
    return undefined;
  }
  if (!scope.text.includes("].") || !second.attrPath.startsWith(`${first.attrPath}.`)) return undefined;
  const subAttrPath = second.attrPath.slice(first.attrPath.length + 1);
  return normalize(
    {
      op: "[]",
      attrPath: first.attrPath,
      valFilter: { op: "and", filters: [first.valFilter, { ...second, attrPath: subAttrPath }] },
    },
    scope,
  );
}

function resolve(attrPath: string, scope: Scope): ResolvedPath {
  if (attrPath.split(/[.:]/).some(isReservedName)) {
    throw badRequest(
      "invalidFilter",
      `filter names '${attrPath}', which is not an attribute name SCIM allows`,
    );
  }
  const path = scope.parent
    ? (() => {
        const sub = findAttribute(scope.parent?.subAttributes, attrPath);
        return sub ? { attribute: sub } : undefined;
      })()
    : resolvePath(attrPath, scope.types);
  if (path) return path;
  if (scope.strict) {
    throw badRequest(
      "invalidFilter",
      `filter names unknown attribute '${attrPath}'; see /Schemas for the attributes`,
    );
  }
  return {};
}

/** Lenient mode keeps an unknown name as written: no resource has it, so the comparison is simply false. */
function canonical(path: ResolvedPath, written: string): string {
  return path.attribute || path.extension ? canonicalPath(path) : written;
}

/** `emails eq "x"` compares the `value` sub-attribute of a multi-valued attribute (RFC 7644 §3.4.2.2). */
function withImplicitValue(path: ResolvedPath): ResolvedPath {
  if (path.sub || path.attribute?.type !== "complex") return path;
  const value = findAttribute(path.attribute.subAttributes, "value");
  return value ? { ...path, sub: value } : path;
}

class CaseAwareTester extends Tester {
  constructor(private readonly defs: WeakMap<Compare, AttributeDef>) {
    super();
  }

  override test(resource: unknown, f: Filter): boolean {
    if (!("compValue" in f)) return super.test(resource, f);
    const def = this.defs.get(f);
    return this.attrTest(this.attrPath(f.attrPath), resource, (actual: unknown) => compare(f, actual, def));
  }
}

function compare(f: Compare, actual: unknown, def: AttributeDef | undefined): boolean {
  if (actual === undefined || actual === null) return false;
  let a: unknown = actual;
  let b: unknown = f.compValue;
  if (def?.type === "dateTime" && typeof a === "string" && typeof b === "string") {
    a = Date.parse(a);
    b = Date.parse(b);
  } else if (typeof a === "string" && typeof b === "string" && !def?.caseExact) {
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  switch (f.op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "co":
      return typeof a === "string" && typeof b === "string" && a.includes(b);
    case "sw":
      return typeof a === "string" && typeof b === "string" && a.startsWith(b);
    case "ew":
      return typeof a === "string" && typeof b === "string" && a.endsWith(b);
    default:
      return ordered(f.op, a, b);
  }
}

function ordered(op: "gt" | "ge" | "lt" | "le", a: unknown, b: unknown): boolean {
  const comparable =
    (typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string");
  if (!comparable) return false;
  const x = a as number | string;
  const y = b as number | string;
  if (op === "gt") return x > y;
  if (op === "ge") return x >= y;
  if (op === "lt") return x < y;
  return x <= y;
}

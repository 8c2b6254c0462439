import {
  ScimError as PatchLibraryError,
  type ScimPatchOperation,
  type ScimResource,
  scimPatch,
} from "scim-patch";
import { findAttribute, type ResolvedPath } from "./attribute-path";
import { coerceAttribute } from "./coerce";
import type { Predicate } from "./filter";
import { findKey, isJsonObject, type Json, type JsonObject, toJson } from "./json";
import { checkMutability, type OpName, type ParsedPath, parsePath, valueDefinition } from "./patch-path";
import { shapeResourceBody } from "./resource-body";
import { type AttributeDef, type ResourceTypeDef, URN } from "./schemas";
import { badRequest } from "./scim-errors";

export interface PatchContext {
  type: ResourceTypeDef;
  strict: boolean;
  id: string;
}

/** One operation after normalisation, in the exact form scim-patch handles correctly. */
interface PlannedOp {
  op: OpName;
  path: string;
  value?: Json;
  /** Set for `remove` with a value filter: RFC 7644 wants noTarget when nothing matches; scim-patch is silent. */
  mustMatch?: Predicate;
  /** A whole extension removed: scim-patch splits `urn:…:2.0:User` at its last colon and cannot address it. */
  dropExtension?: string;
  /**
   * `attr[filter]` removal of whole elements, done here rather than by scim-patch: it splits paths at their last
   * colon, so `emails[value eq "a:b"]` breaks there, and its filter compares case-sensitively where `mustMatch`
   * (which decides noTarget) does not. Doing both with one predicate keeps them consistent.
   */
  removeElementsOf?: string;
}

/**
 * Applies a PatchOp body (RFC 7644 §3.5.2) to a resource's stored attributes and returns the new attributes.
 *
 * scim-patch does the tree surgery (value paths, filters on multi-valued attributes, add-as-new-element when a
 * filter matches nothing). Everything it gets wrong for real IdPs is normalised first, so it only ever sees
 * lower-case ops with a canonical path and an already type-checked value:
 * - ops in any case (Entra: `Replace`); scim-patch only knows `add`/`Add`-style spellings;
 * - attribute names in any case; scim-patch looks keys up case-sensitively;
 * - path-less ops are split into one op per key, so dotted keys (`name.givenName`) and extension URN keys reach
 *   it as paths, and a path-less replace of `name` merges instead of wiping sibling sub-attributes;
 * - `remove` with `path:"members"` and a value array (Entra's default) becomes `members[value eq "…"]` ops,
 *   because scim-patch removes only elements deep-equal to the given objects, which `{value}` never is.
 */
export function applyPatch(data: JsonObject, body: unknown, ctx: PatchContext): JsonObject {
  const planned = readOperations(body, ctx).flatMap((raw, i) => planOperation(raw, i, ctx));
  const doc: ScimResource & { [key: string]: unknown } = {
    ...structuredClone(data),
    schemas: [],
    meta: { created: new Date(0), lastModified: new Date(0) },
  };
  for (const op of planned) {
    if (op.dropExtension) {
      delete doc[op.dropExtension];
      continue;
    }
    if (op.mustMatch && !op.mustMatch(doc)) {
      throw badRequest("noTarget", `remove path '${op.path}' matched no value; nothing was removed`);
    }
    if (op.removeElementsOf && op.mustMatch) removeElements(doc, op.removeElementsOf, op.mustMatch);
    else runLibrary(doc, op);
  }
  const { schemas: _schemas, meta: _meta, ...rest } = doc;
  const result = toJson(rest);
  if (!isJsonObject(result)) throw new Error("patched resource is not an object");
  // Re-shaping drops what removals emptied (`name: {}`, empty arrays) and re-checks required attributes.
  return shapeResourceBody(ctx.type, { ...result, schemas: [ctx.type.core.id] }, ctx.strict);
}

function removeElements(doc: { [key: string]: unknown }, attribute: string, matches: Predicate) {
  const list = doc[attribute];
  if (!Array.isArray(list)) return;
  // The predicate is compiled for `attr[filter]` on a whole resource; wrapping one element tests just that one.
  const kept = list.filter((element) => !matches({ [attribute]: [element] }));
  if (kept.length > 0) doc[attribute] = kept;
  else delete doc[attribute];
}

function runLibrary(doc: ScimResource, op: PlannedOp) {
  const operation: ScimPatchOperation =
    op.op === "remove" ? { op: "remove", path: op.path } : { op: op.op, path: op.path, value: op.value };
  try {
    scimPatch(doc, [operation], { mutateDocument: true, treatMissingAsAdd: true });
  } catch (err) {
    if (err instanceof PatchLibraryError) {
      throw badRequest(
        err.scimCode === "noTarget" ? "noTarget" : "invalidValue",
        `${err.message} (path '${op.path}')`,
      );
    }
    throw err;
  }
}

interface RawOp {
  op: OpName;
  path?: string;
  value: unknown;
  hasValue: boolean;
}

function readOperations(body: unknown, ctx: PatchContext): RawOp[] {
  if (!isJsonObject(body)) throw badRequest("invalidSyntax", "the PATCH body must be a JSON object");
  const schemas = body.schemas;
  if (ctx.strict && !(Array.isArray(schemas) && schemas.includes(URN.patchOp))) {
    throw badRequest("invalidSyntax", `a PATCH body must have "schemas":["${URN.patchOp}"]`);
  }
  const key = findKey(body, "Operations");
  const operations = key === undefined ? undefined : body[key];
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest("invalidSyntax", "a PATCH body must have a non-empty 'Operations' array");
  }
  return operations.map((raw, i) => {
    if (!isJsonObject(raw)) throw badRequest("invalidSyntax", `Operations[${i}] must be an object`);
    const opKey = findKey(raw, "op");
    const op = opKey === undefined ? undefined : raw[opKey];
    const name = typeof op === "string" ? op.toLowerCase() : undefined;
    if (name !== "add" && name !== "replace" && name !== "remove") {
      throw badRequest(
        "invalidSyntax",
        `Operations[${i}].op must be "add", "replace" or "remove" (any letter case), got ${JSON.stringify(op ?? null)}`,
      );
    }
    const pathKey = findKey(raw, "path");
    const path = pathKey === undefined ? undefined : raw[pathKey];
    if (path !== undefined && path !== null && typeof path !== "string") {
      throw badRequest("invalidPath", `Operations[${i}].path must be a string`);
    }
    const valueKey = findKey(raw, "value");
    return {
      op: name,
      path: typeof path === "string" ? path.trim() : undefined,
      value: valueKey === undefined ? undefined : raw[valueKey],
      hasValue: valueKey !== undefined,
    };
  });
}

function planOperation(raw: RawOp, index: number, ctx: PatchContext): PlannedOp[] {
  const where = `Operations[${index}]`;
  if (raw.op !== "remove" && !raw.hasValue) {
    throw badRequest("invalidSyntax", `${where} (${raw.op}) needs a 'value'`);
  }
  if (raw.path === undefined || raw.path === "") {
    if (raw.op === "remove")
      throw badRequest("noTarget", `${where}: remove needs a 'path' naming what to remove`);
    if (!isJsonObject(raw.value)) {
      throw badRequest("invalidValue", `${where}: an ${raw.op} without 'path' needs an object 'value'`);
    }
    return pathlessOps(raw.op, raw.value, where, ctx);
  }
  return planPathOp(raw.op, raw.path, raw.value, where, ctx);
}

/** RFC 7644 §3.5.2.1/3: a path-less value is a set of attributes, each applied as if it had been the path. */
function pathlessOps(
  op: "add" | "replace",
  value: JsonObject,
  where: string,
  ctx: PatchContext,
): PlannedOp[] {
  return Object.entries(value).flatMap(([key, item]) => {
    const lower = key.toLowerCase();
    // Clients echo these when they send back a whole resource; they are not edits.
    if (lower === "schemas" || lower === "meta") return [];
    if (lower === "id") {
      if (item === ctx.id) return [];
      throw badRequest("mutability", `${where}: 'id' is readOnly and cannot be changed`);
    }
    return planPathOp(op, key, item, where, ctx);
  });
}

function planPathOp(
  op: OpName,
  rawPath: string,
  value: unknown,
  where: string,
  ctx: PatchContext,
): PlannedOp[] {
  const target = parsePath(rawPath, ctx);
  const { resolved } = target;
  if (!resolved.attribute) return wholeExtension(op, resolved, value, where, ctx);
  checkMutability(op, resolved, rawPath);
  if (op === "remove") return planRemove(target, value, ctx);

  const def = valueDefinition(target);
  let input: unknown = value;
  // A single element for a multi-valued attribute is what several IdPs send for add; RFC 7644 §3.5.2.1 allows it.
  if (def.multiValued && input !== null && !Array.isArray(input)) input = [input];
  const coerced = coerceAttribute(def, input, target.label, ctx.strict);
  if (coerced === undefined) {
    // Replacing with null means "unassign" (RFC 7643 §2.5); adding null adds nothing.
    return op === "replace" ? planRemove(target, undefined, ctx) : [];
  }
  return [{ op, path: target.path, value: coerced }];
}

function wholeExtension(
  op: OpName,
  resolved: ResolvedPath,
  value: unknown,
  where: string,
  ctx: PatchContext,
) {
  const id = resolved.extension?.id ?? "";
  if (op === "remove") return [{ op, path: id, dropExtension: id }];
  if (!isJsonObject(value)) throw badRequest("invalidValue", `${where}: '${id}' needs an object value`);
  return Object.entries(value).flatMap(([key, item]) => planPathOp(op, `${id}:${key}`, item, where, ctx));
}

function planRemove(target: ParsedPath, value: unknown, ctx: PatchContext): PlannedOp[] {
  const attribute = target.resolved.attribute as AttributeDef;
  if (target.filter !== undefined) {
    const whole = !target.resolved.sub && !target.resolved.extension;
    return [
      {
        op: "remove",
        path: target.path,
        mustMatch: target.matches,
        removeElementsOf: whole ? attribute.name : undefined,
      },
    ];
  }
  const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  if (items.length === 0 || !attribute.multiValued || target.resolved.sub)
    return [{ op: "remove", path: target.path }];
  return items.map((item) => {
    const filter = elementFilter(item, attribute);
    return planRemove(parsePath(`${target.path}[${filter}]`, ctx), undefined, ctx)[0] as PlannedOp;
  });
}

/** `{"value":"u1"}` → `value eq "u1"`: an element is identified by its value, else by all it states. */
function elementFilter(item: unknown, attribute: AttributeDef): string {
  if (!isJsonObject(item)) return `value eq ${JSON.stringify(item)}`;
  const valueKey = findKey(item, "value");
  const entries = valueKey !== undefined ? [[valueKey, item[valueKey]] as const] : Object.entries(item);
  const parts = entries
    .filter(([key, v]) => findAttribute(attribute.subAttributes, key) && v !== null && typeof v !== "object")
    .map(([key, v]) => `${key} eq ${JSON.stringify(v)}`);
  if (parts.length === 0) {
    throw badRequest(
      "invalidValue",
      `cannot tell which '${attribute.name}' value to remove from ${JSON.stringify(item)}`,
    );
  }
  return parts.join(" and ");
}

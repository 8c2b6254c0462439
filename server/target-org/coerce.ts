import { findAttribute } from "./attribute-path";
import { isJsonObject, type Json, type JsonObject } from "./json";
import type { AttributeDef } from "./schemas";
import { badRequest, describeValue } from "./scim-errors";

/**
 * Checks one attribute value against its definition and returns it in stored form; `undefined` means
 * "unassigned" (null, empty arrays and empty objects all mean that in SCIM). Strict mode refuses type
 * mismatches with invalidValue; lenient mode repairs what real IdPs are known to send: Entra's "True"/"False"
 * strings and bare-string manager, OneLogin's single-object `emails`.
 */
export function coerceAttribute(
  def: AttributeDef,
  raw: unknown,
  where: string,
  strict: boolean,
): Json | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!def.multiValued) return coerceSingle(def, raw, where, strict);
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (strict) throw mismatch(where, "an array", raw);
  else items = [raw];
  const values = items
    .map((item, i) => coerceSingle(def, item, `${where}[${i}]`, strict))
    .filter((v): v is Json => v !== undefined);
  if (strict && values.filter((v) => isJsonObject(v) && v.primary === true).length > 1) {
    throw badRequest("invalidValue", `attribute '${where}' has more than one value marked primary`);
  }
  return values.length > 0 ? values : undefined;
}

function coerceSingle(def: AttributeDef, raw: unknown, where: string, strict: boolean): Json | undefined {
  if (raw === null || raw === undefined) return undefined;
  switch (def.type) {
    case "string":
    case "reference":
    case "binary":
      if (typeof raw === "string") return raw;
      if (!strict && (typeof raw === "number" || typeof raw === "boolean")) return String(raw);
      throw mismatch(where, "a string", raw);
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (!strict && typeof raw === "string" && /^(true|false)$/i.test(raw))
        return raw.toLowerCase() === "true";
      throw mismatch(where, "a boolean", raw);
    case "integer":
      if (typeof raw === "number" && Number.isInteger(raw)) return raw;
      if (!strict && typeof raw === "string" && /^-?\d+$/.test(raw)) return Number(raw);
      throw mismatch(where, "an integer", raw);
    case "decimal":
      if (typeof raw === "number") return raw;
      if (!strict && typeof raw === "string" && raw.trim() !== "" && !Number.isNaN(Number(raw)))
        return Number(raw);
      throw mismatch(where, "a number", raw);
    case "dateTime":
      if (typeof raw === "string" && !Number.isNaN(Date.parse(raw))) return raw;
      throw mismatch(where, "an xsd:dateTime string", raw);
    case "complex":
      return coerceComplex(def, raw, where, strict);
  }
}

function coerceComplex(def: AttributeDef, raw: unknown, where: string, strict: boolean): Json | undefined {
  let object: unknown = raw;
  if (!strict && Array.isArray(raw) && !def.multiValued) object = raw[0];
  if (
    !strict &&
    (typeof object === "string" || typeof object === "number") &&
    findAttribute(def.subAttributes, "value")
  ) {
    object = { value: String(object) };
  }
  if (!isJsonObject(object)) throw mismatch(where, "an object", raw);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    const sub = findAttribute(def.subAttributes, key);
    if (!sub || sub.mutability === "readOnly") continue;
    const coerced = coerceAttribute(sub, value, `${where}.${sub.name}`, strict);
    if (coerced !== undefined) out[sub.name] = coerced;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function mismatch(where: string, expected: string, raw: unknown) {
  return badRequest("invalidValue", `attribute '${where}' must be ${expected}, got ${describeValue(raw)}`);
}

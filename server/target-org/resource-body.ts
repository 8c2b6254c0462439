import { findAttribute } from "./attribute-path";
import { coerceAttribute } from "./coerce";
import { isJsonObject, type JsonObject } from "./json";
import { LEGACY_URN, type ResourceTypeDef } from "./schemas";
import { badRequest } from "./scim-errors";

/**
 * Turns a POST/PUT body into the stored attribute set: names in canonical case, unknown and readOnly attributes
 * dropped (RFC 7643 §2.2 lets a provider ignore them), values type-checked, required attributes present.
 */
export function shapeResourceBody(type: ResourceTypeDef, body: unknown, strict: boolean): JsonObject {
  if (!isJsonObject(body)) throw badRequest("invalidSyntax", "the request body must be a JSON object");
  checkSchemas(type, body, strict);
  const data: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === "schemas") continue;
    const extension = type.extensions.find(
      (e) => e.id.toLowerCase() === key.toLowerCase() || (!strict && isLegacyExtensionKey(key)),
    );
    if (extension) {
      if (!isJsonObject(value)) {
        if (value === null) continue;
        throw badRequest("invalidValue", `extension '${extension.id}' must be an object`);
      }
      const shaped: JsonObject = {};
      for (const [subKey, subValue] of Object.entries(value)) {
        const def = findAttribute(extension.attributes, subKey);
        if (!def || def.mutability === "readOnly") continue;
        const coerced = coerceAttribute(def, subValue, def.name, strict);
        if (coerced !== undefined) shaped[def.name] = coerced;
      }
      if (Object.keys(shaped).length > 0) data[extension.id] = shaped;
      continue;
    }
    const def = findAttribute(type.core.attributes, key);
    if (!def || def.mutability === "readOnly") continue;
    const coerced = coerceAttribute(def, value, def.name, strict);
    if (coerced !== undefined) data[def.name] = coerced;
  }
  requireAttributes(type, data);
  return data;
}

function isLegacyExtensionKey(key: string) {
  return key.toLowerCase() === LEGACY_URN.enterprise;
}

function checkSchemas(type: ResourceTypeDef, body: JsonObject, strict: boolean) {
  const schemas = body.schemas;
  const list = Array.isArray(schemas) ? schemas.filter((s): s is string => typeof s === "string") : [];
  const hasCore = list.some((s) => s.toLowerCase() === type.core.id.toLowerCase());
  if (hasCore || !strict) return;
  throw badRequest(
    "invalidSyntax",
    `'schemas' must be an array that includes "${type.core.id}"` +
      (list.some((s) => s.toLowerCase() === LEGACY_URN.core)
        ? " (SCIM 1.0 URNs are accepted in lenient mode only)"
        : ""),
  );
}

/** Required attributes are checked on the final state, so PUT and PATCH that remove them are refused too. */
export function requireAttributes(type: ResourceTypeDef, data: JsonObject) {
  for (const def of type.core.attributes) {
    if (!def.required) continue;
    const value = data[def.name];
    if (value === undefined || value === "") {
      throw badRequest("invalidValue", `attribute '${def.name}' is required and must be a non-empty string`);
    }
  }
}

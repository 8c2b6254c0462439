// Reading what a SCIM server answered. Attribute names are case-insensitive in SCIM (RFC 7643 §2.1), so every
// lookup is too: a server that answers `UserName` is not wrong.

export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";

export type Resource = Record<string, unknown>;

export function isObject(value: unknown): value is Resource {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A top-level or dotted attribute (`name.familyName`), found whatever its letter case. */
export function attr(resource: unknown, path: string): unknown {
  let value: unknown = resource;
  for (const part of path.split(".")) {
    if (!isObject(value)) return undefined;
    const key = Object.keys(value).find((k) => k.toLowerCase() === part.toLowerCase());
    value = key === undefined ? undefined : value[key];
  }
  return value;
}

export const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export const idOf = (resource: unknown): string | undefined => {
  const id = attr(resource, "id");
  return typeof id === "string" && id !== "" ? id : undefined;
};

export const schemasOf = (body: unknown): string[] => {
  const schemas = attr(body, "schemas");
  return Array.isArray(schemas) ? schemas.filter((s): s is string => typeof s === "string") : [];
};

/** The server's error body (RFC 7644 §3.12), as far as it has one. */
export function errorOf(body: unknown): {
  scimType?: string;
  detail?: string;
  status?: unknown;
  schema: boolean;
} {
  if (!isObject(body)) return { schema: false };
  const scimType = text(attr(body, "scimType"));
  const detail = text(attr(body, "detail")) ?? text(attr(body, "message")) ?? text(attr(body, "error"));
  return {
    ...(scimType ? { scimType } : {}),
    ...(detail ? { detail } : {}),
    status: attr(body, "status"),
    schema: schemasOf(body).includes(ERROR_SCHEMA),
  };
}

export interface ListBody {
  totalResults: unknown;
  itemsPerPage: unknown;
  startIndex: unknown;
  resources: unknown[] | undefined;
  schema: boolean;
}

/** A body read as a ListResponse, or null when it is not an object at all. */
export function listOf(body: unknown): ListBody | null {
  if (!isObject(body)) return null;
  const resources = attr(body, "Resources");
  return {
    totalResults: attr(body, "totalResults"),
    itemsPerPage: attr(body, "itemsPerPage"),
    startIndex: attr(body, "startIndex"),
    resources: Array.isArray(resources) ? resources : undefined,
    schema: schemasOf(body).includes(LIST_SCHEMA),
  };
}

/** Values of a multi-valued attribute (emails, members), as strings. */
export function valuesOf(resource: unknown, attribute: string): string[] {
  const list = attr(resource, attribute);
  if (!Array.isArray(list)) return [];
  return list.map((item) => text(attr(item, "value"))).filter((v): v is string => v !== undefined);
}

export const sameText = (a: unknown, b: string): boolean =>
  typeof a === "string" && a.toLowerCase() === b.toLowerCase();

export function patchOf(operations: unknown[]): Resource {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

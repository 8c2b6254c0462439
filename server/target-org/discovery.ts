import type { Request, Router } from "express";
import { allSchemas } from "./discovery-schemas";
import type { Json, JsonObject } from "./json";
import { listResponse, MAX_RESULTS } from "./list-query";
import { baseUrlOf } from "./render";
import { type AttributeDef, type ResourceTypeDef, resourceTypes, type SchemaDef, URN } from "./schemas";
import { notFound, ScimError, sendScim } from "./scim-errors";

/** /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4), all read-only. */
export function mountDiscovery(router: Router, maxResults: () => number = () => MAX_RESULTS) {
  router.get("/ServiceProviderConfig", (req, res) => {
    sendScim(res, 200, serviceProviderConfig(baseUrlOf(req), maxResults()));
  });

  router.get("/ResourceTypes", (req, res) => {
    const items = resourceTypes.map((t) => resourceType(baseUrlOf(req), t));
    sendScim(res, 200, listResponse({ totalResults: items.length, items }, 1));
  });
  router.get("/ResourceTypes/:id", (req, res) => {
    const type = resourceTypes.find((t) => t.name.toLowerCase() === req.params.id.toLowerCase());
    if (!type) throw notFound(`ResourceType '${req.params.id}' not found; this org has User and Group`);
    sendScim(res, 200, resourceType(baseUrlOf(req), type));
  });

  router.get("/Schemas", (req, res) => {
    const items = allSchemas.map((s) => schema(baseUrlOf(req), s));
    sendScim(res, 200, listResponse({ totalResults: items.length, items }, 1));
  });
  router.get("/Schemas/:id", (req, res) => {
    const found = allSchemas.find((s) => s.id.toLowerCase() === req.params.id.toLowerCase());
    if (!found) throw notFound(`Schema '${req.params.id}' not found; GET /Schemas lists the schemas`);
    sendScim(res, 200, schema(baseUrlOf(req), found));
  });

  // scim2-tester and RFC 7644 §4: discovery is read-only, so every other method is 405.
  for (const path of [
    "/ServiceProviderConfig",
    "/ResourceTypes",
    "/ResourceTypes/:id",
    "/Schemas",
    "/Schemas/:id",
  ]) {
    router.all(path, (req: Request) => {
      throw methodNotAllowed(req, "GET");
    });
  }
}

export function methodNotAllowed(req: Request, allow: string) {
  return new ScimError(405, `${req.method} is not supported on ${req.path}; use ${allow}`, undefined, {
    Allow: allow,
  });
}

function serviceProviderConfig(base: string, maxResults: number): JsonObject {
  return {
    schemas: [URN.serviceProviderConfig],
    documentationUri: "https://www.rfc-editor.org/rfc/rfc7644",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication with the target org's bearer token (Authorization: Bearer <token>)",
        specUri: "https://www.rfc-editor.org/rfc/rfc6750",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

function resourceType(base: string, type: ResourceTypeDef): JsonObject {
  return {
    schemas: [URN.resourceType],
    id: type.name,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.core.id,
    schemaExtensions: type.extensions.map((e) => ({ schema: e.id, required: false })),
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/${type.name}` },
  };
}

function schema(base: string, def: SchemaDef): JsonObject {
  return {
    schemas: [URN.schema],
    id: def.id,
    name: def.name,
    description: def.description,
    attributes: def.attributes.map(attribute),
    meta: { resourceType: "Schema", location: `${base}/Schemas/${def.id}` },
  };
}

function attribute(def: AttributeDef): Json {
  const out: JsonObject = {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
  };
  if (def.canonicalValues) out.canonicalValues = def.canonicalValues;
  if (def.referenceTypes) out.referenceTypes = def.referenceTypes;
  if (def.subAttributes) out.subAttributes = def.subAttributes.map(attribute);
  return out;
}

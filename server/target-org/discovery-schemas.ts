import {
  type AttributeDef,
  type AttrOptions,
  attr,
  complex,
  enterpriseUserSchema,
  groupSchema,
  type SchemaDef,
  str,
  URN,
  userSchema,
} from "./schemas";

// The schemas that describe the service itself (RFC 7643 §5–7): its configuration, its resource types, and the
// schema of a schema, served by /Schemas beside the resource schemas.

const ro: AttrOptions = { mutability: "readOnly" };

export const resourceTypeSchema: SchemaDef = {
  id: URN.resourceType,
  name: "ResourceType",
  description: "Specifies the schema that describes a SCIM resource type",
  attributes: [
    str("id", ro),
    str("name", { ...ro, required: true }),
    str("description", ro),
    attr("endpoint", "reference", { ...ro, required: true, referenceTypes: ["uri"] }),
    attr("schema", "reference", { ...ro, required: true, caseExact: true, referenceTypes: ["uri"] }),
    complex(
      "schemaExtensions",
      [
        attr("schema", "reference", { ...ro, required: true, caseExact: true, referenceTypes: ["uri"] }),
        attr("required", "boolean", { ...ro, required: true }),
      ],
      { ...ro, multiValued: true },
    ),
  ],
};

const supported = (name: string, extra: AttributeDef[] = []) =>
  complex(name, [attr("supported", "boolean", { ...ro, required: true }), ...extra], {
    ...ro,
    required: true,
  });

export const serviceProviderConfigSchema: SchemaDef = {
  id: URN.serviceProviderConfig,
  name: "Service Provider Configuration",
  description: "Schema for representing the service provider's configuration",
  attributes: [
    attr("documentationUri", "reference", { ...ro, referenceTypes: ["external"] }),
    supported("patch"),
    supported("bulk", [
      attr("maxOperations", "integer", { ...ro, required: true }),
      attr("maxPayloadSize", "integer", { ...ro, required: true }),
    ]),
    supported("filter", [attr("maxResults", "integer", { ...ro, required: true })]),
    supported("changePassword"),
    supported("sort"),
    supported("etag"),
    complex(
      "authenticationSchemes",
      [
        str("type", { ...ro, required: true }),
        str("name", { ...ro, required: true }),
        str("description", { ...ro, required: true }),
        attr("specUri", "reference", { ...ro, referenceTypes: ["external"] }),
        attr("documentationUri", "reference", { ...ro, referenceTypes: ["external"] }),
        attr("primary", "boolean", ro),
      ],
      { ...ro, multiValued: true, required: true },
    ),
  ],
};

function schemaAttributeShape(depth: number): AttributeDef[] {
  const nested =
    depth > 0
      ? [complex("subAttributes", schemaAttributeShape(depth - 1), { ...ro, multiValued: true })]
      : [];
  return [
    str("name", { ...ro, required: true, caseExact: true }),
    str("type", { ...ro, required: true }),
    attr("multiValued", "boolean", { ...ro, required: true }),
    str("description", ro),
    attr("required", "boolean", ro),
    str("canonicalValues", { ...ro, multiValued: true, caseExact: true }),
    attr("caseExact", "boolean", ro),
    str("mutability", ro),
    str("returned", ro),
    str("uniqueness", ro),
    str("referenceTypes", { ...ro, multiValued: true, caseExact: true }),
    ...nested,
  ];
}

export const schemaSchema: SchemaDef = {
  id: URN.schema,
  name: "Schema",
  description: "Specifies the schema attributes of a SCIM resource",
  attributes: [
    str("id", { ...ro, required: true }),
    str("name", ro),
    str("description", ro),
    complex("attributes", schemaAttributeShape(1), { ...ro, multiValued: true, required: true }),
  ],
};

export const allSchemas: SchemaDef[] = [
  userSchema,
  enterpriseUserSchema,
  groupSchema,
  resourceTypeSchema,
  serviceProviderConfigSchema,
  schemaSchema,
];

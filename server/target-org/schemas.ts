/**
 * The org's schemas as data. One description drives /Schemas discovery, request validation, attribute-name
 * resolution (case-insensitive), filter case rules and the attributes/excludedAttributes projection, so what the
 * org advertises is exactly what it enforces.
 */

export const URN = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterprise: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  searchRequest: "urn:ietf:params:scim:api:messages:2.0:SearchRequest",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
} as const;

/** OneLogin's default templates still send SCIM 1.0 URNs to a 2.0 endpoint; lenient mode maps them. */
export const LEGACY_URN = {
  core: "urn:scim:schemas:core:1.0",
  enterprise: "urn:scim:schemas:extension:enterprise:1.0",
} as const;

export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "reference"
  | "binary"
  | "complex";

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  subAttributes?: AttributeDef[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

export type AttrOptions = Partial<Omit<AttributeDef, "name" | "type">>;

export function attr(name: string, type: AttributeType, options: AttrOptions = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description: options.description ?? name,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...options,
  };
}

export const str = (name: string, options: AttrOptions = {}) => attr(name, "string", options);
export const complex = (name: string, subAttributes: AttributeDef[], options: AttrOptions = {}) =>
  attr(name, "complex", { subAttributes, ...options });

/** The value/display/type/primary shape RFC 7643 gives most multi-valued attributes. */
function multi(name: string, valueType: AttributeType, types: string[], options: AttrOptions = {}) {
  return complex(
    name,
    [
      attr("value", valueType),
      str("display"),
      str("type", types.length > 0 ? { canonicalValues: types } : {}),
      attr("primary", "boolean"),
    ],
    { multiValued: true, ...options },
  );
}

const externalId = str("externalId", {
  caseExact: true,
  description: "An identifier for the resource as defined by the provisioning client.",
});

export const userSchema: SchemaDef = {
  id: URN.user,
  name: "User",
  description: "User Account",
  attributes: [
    str("userName", {
      required: true,
      uniqueness: "server",
      description: "Unique identifier for the User, matched case-insensitively.",
    }),
    complex("name", [
      str("formatted"),
      str("familyName"),
      str("givenName"),
      str("middleName"),
      str("honorificPrefix"),
      str("honorificSuffix"),
    ]),
    str("displayName"),
    str("nickName"),
    attr("profileUrl", "reference", { referenceTypes: ["external"] }),
    str("title"),
    str("userType"),
    str("preferredLanguage"),
    str("locale"),
    str("timezone"),
    attr("active", "boolean"),
    str("password", { mutability: "writeOnly", returned: "never" }),
    multi("emails", "string", ["work", "home", "other"]),
    multi("phoneNumbers", "string", ["work", "home", "mobile", "fax", "pager", "other"]),
    multi("ims", "string", ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
    multi("photos", "reference", ["photo", "thumbnail"]),
    complex(
      "addresses",
      [
        str("formatted"),
        str("streetAddress"),
        str("locality"),
        str("region"),
        str("postalCode"),
        str("country"),
        str("type", { canonicalValues: ["work", "home", "other"] }),
        attr("primary", "boolean"),
      ],
      { multiValued: true },
    ),
    complex(
      "groups",
      [
        str("value", { mutability: "readOnly" }),
        attr("$ref", "reference", { mutability: "readOnly", referenceTypes: ["User", "Group"] }),
        str("display", { mutability: "readOnly" }),
        str("type", { mutability: "readOnly", canonicalValues: ["direct", "indirect"] }),
      ],
      { multiValued: true, mutability: "readOnly" },
    ),
    multi("entitlements", "string", []),
    multi("roles", "string", []),
    multi("x509Certificates", "binary", []),
    externalId,
  ],
};

export const enterpriseUserSchema: SchemaDef = {
  id: URN.enterprise,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    str("employeeNumber"),
    str("costCenter"),
    str("organization"),
    str("division"),
    str("department"),
    complex("manager", [
      str("value"),
      // Computed from `value` on every read so it never points at a stale URL or another host name.
      attr("$ref", "reference", { mutability: "readOnly", referenceTypes: ["User"] }),
      str("displayName", { mutability: "readOnly" }),
    ]),
  ],
};

export const groupSchema: SchemaDef = {
  id: URN.group,
  name: "Group",
  description: "Group",
  attributes: [
    str("displayName", {
      required: true,
      uniqueness: "server",
      description: "A human-readable name for the Group, unique case-insensitively.",
    }),
    complex(
      "members",
      [
        str("value", { mutability: "immutable" }),
        attr("$ref", "reference", { mutability: "immutable", referenceTypes: ["User", "Group"] }),
        str("display", { mutability: "readOnly" }),
        str("type", { mutability: "immutable", canonicalValues: ["User", "Group"] }),
      ],
      { multiValued: true },
    ),
    externalId,
  ],
};

/** id and meta belong to every resource (RFC 7643 §3.1) but to no schema; filters and projections still need them. */
export const commonAttributes: AttributeDef[] = [
  str("id", { caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" }),
  complex(
    "meta",
    [
      str("resourceType", { caseExact: true, mutability: "readOnly" }),
      attr("created", "dateTime", { mutability: "readOnly" }),
      attr("lastModified", "dateTime", { mutability: "readOnly" }),
      attr("location", "reference", { caseExact: true, mutability: "readOnly", referenceTypes: ["uri"] }),
      str("version", { caseExact: true, mutability: "readOnly" }),
    ],
    { mutability: "readOnly" },
  ),
];

export type ResourceTypeName = "User" | "Group";

export interface ResourceTypeDef {
  name: ResourceTypeName;
  endpoint: "/Users" | "/Groups";
  description: string;
  core: SchemaDef;
  extensions: SchemaDef[];
}

export const userType: ResourceTypeDef = {
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  core: userSchema,
  extensions: [enterpriseUserSchema],
};

export const groupType: ResourceTypeDef = {
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  core: groupSchema,
  extensions: [],
};

export const resourceTypes: ResourceTypeDef[] = [userType, groupType];

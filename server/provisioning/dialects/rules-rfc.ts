import { DIALECTS_DOC, type WireRule } from "./wire-rules";

const RFC_DOC = `${DIALECTS_DOC}#rfc-plain-rfc-7644`;

/**
 * The plain RFC 7644 reading of each request: SCIMulator's own client, and the baseline every dialect's quirks are
 * explained against. Most specific first: the first match is the one shown.
 */
export const RFC_RULES: readonly WireRule[] = [
  {
    when: { method: "GET", resource: "Users", query: ["filter=userName eq"] },
    rule: "Before a create, the account is looked for by userName, so a re-run links to it rather than making a second one",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.4.2.2 (filtering)",
    strictAnswer: "200 with a ListResponse; totalResults 0 when no account matches",
  },
  {
    when: { method: "GET", resource: "Users" },
    rule: "A list query: the connection test or an import reads a page of users",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.4.2 (query resources), §3.4.2.4 (pagination)",
    strictAnswer: "200 with a ListResponse holding totalResults, startIndex and itemsPerPage",
  },
  {
    when: { method: "GET", resource: "Users/{id}" },
    rule: "The account is read by the id the target gave it",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.4.1 (retrieving a known resource)",
    strictAnswer: "200 with the user, or 404 when the target no longer has it",
  },
  {
    when: { method: "POST", resource: "Users" },
    rule: "A new account: the core User schema, plus the enterprise extension when department, employee number or manager is set",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.3 (creating resources)",
    strictAnswer: "201 with the stored user, its id and meta; 409 uniqueness when the userName is taken",
  },
  {
    when: { method: "PUT", resource: "Users/{id}" },
    rule: "The whole account is replaced with what the IdP holds",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.5.1 (replacing with PUT)",
    strictAnswer: "200 with the replaced user; 404 when it is gone",
  },
  {
    when: { method: "PATCH", resource: "Users/{id}", operation: { path: "active", value: false } },
    rule: "The account is deactivated, never deleted: `active` replaced with the boolean false",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7643 §4.1.1 (active is a boolean), RFC 7644 §3.5.2.3 (replace)",
    strictAnswer: "200 with the user, or 204",
  },
  {
    when: { method: "PATCH", resource: "Users/{id}" },
    rule: "Only the attributes that changed travel, as PatchOp operations",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.5.2 (modifying with PATCH)",
    strictAnswer:
      "200 with the user, or 204; 400 invalidPath or invalidValue for an operation it cannot apply",
  },
  {
    when: { method: "DELETE", resource: "Users/{id}" },
    rule: "The account is removed: the target's deprovision setting says delete",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.6 (deleting resources)",
    strictAnswer: "204; 404 when it is already gone",
  },
  {
    when: { method: "GET", resource: "Groups" },
    rule: "Groups are looked for (by displayName) or listed",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.4.2.2 (filtering)",
    strictAnswer: "200 with a ListResponse",
  },
  {
    when: { method: "GET", resource: "Groups/{id}" },
    rule: "The group is read by the id the target gave it",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.4.1",
    strictAnswer: "200 with the group, or 404",
  },
  {
    when: { method: "POST", resource: "Groups" },
    rule: "A new group, with the members already on the target",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.3, RFC 7643 §4.2 (Group)",
    strictAnswer: "201 with the stored group; 409 uniqueness when the displayName is taken",
  },
  {
    when: { method: "PATCH", resource: "Groups/{id}" },
    rule: "Membership changes travel as add and remove operations on `members`",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.5.2.1 (add), §3.5.2.2 (remove)",
    strictAnswer: "200 with the group, or 204",
  },
  {
    when: { method: "PUT", resource: "Groups/{id}" },
    rule: "The whole group, members included, is replaced",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.5.1",
    strictAnswer: "200 with the group",
  },
  {
    when: { method: "DELETE", resource: "Groups/{id}" },
    rule: "The group is removed from the target",
    source: "RFC 7644",
    docs: RFC_DOC,
    rfc: "RFC 7644 §3.6",
    strictAnswer: "204",
  },
];

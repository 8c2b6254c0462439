import { MANAGER_PATH } from "../scim-user";
import { DIALECTS_DOC, type WireRule } from "./wire-rules";

const DOC = `${DIALECTS_DOC}#entra-and-entra-scim062020-microsoft-entra-id`;
const COMPAT = "compat page (application-provisioning-config-problem-scim-compatibility.md)";
const TUTORIAL = "Entra tutorial (use-scim-to-provision-users-and-groups.md)";

const activeString = (value: "False" | "True"): WireRule => ({
  when: { method: "PATCH", resource: "Users/{id}", operation: { op: "Replace", path: "active", value } },
  rule: `Entra sends \`active\` as the string "${value}", with a capitalised Replace, to ${value === "False" ? "disable" : "re-enable"} the account`,
  source: `${COMPAT} (strings) vs ${TUTORIAL} (boolean); option activeAs: "boolean" sends the tutorial's form`,
  docs: DOC,
  rfc: "RFC 7643 §4.1.1 (active is a boolean), RFC 7644 §3.5.2.3 (replace)",
  strictAnswer: `400 invalidValue: "${value}" is a string where RFC 7643 requires a boolean; a lenient server (or better-auth) accepts it`,
});

/** Entra ID's quirks, each with the source docs/dialects.md gives for it. */
export const ENTRA_RULES: readonly WireRule[] = [
  activeString("False"),
  activeString("True"),
  {
    when: { method: "PATCH", resource: "Users/{id}", operation: { path: "active", value: false } },
    rule: "With aadOptscim062020 (or activeAs: boolean), Entra sends `active` as the boolean false",
    source: `${COMPAT}, table of aadOptscim062020 changes`,
    docs: DOC,
    rfc: "RFC 7643 §4.1.1, RFC 7644 §3.5.2.3",
    strictAnswer: "200 with the user, or 204",
  },
  {
    when: { method: "PATCH", resource: "Users/{id}", operation: { path: MANAGER_PATH } },
    rule: "Entra sends the manager in a PATCH of its own, after the create or the main update: reference attributes are exported as further updates",
    source: "how-provisioning-works, cycle step 6; Captain-P-Goldfish/SCIM-SDK#686 (the op's form)",
    docs: DOC,
    rfc: "RFC 7644 §3.5.2.1 (add), RFC 7643 §4.3 (enterprise manager)",
    strictAnswer: "200 or 204; 400 invalidValue when the manager id is unknown to the target",
  },
  {
    when: { method: "PATCH", resource: "Users/{id}", operation: { op: "Replace" } },
    rule: "Entra writes one operation per attribute with capitalised op names (Add, Replace) and never clears a value",
    source: `${TUTORIAL}; ${COMPAT}; known-issues (null attributes are skipped)`,
    docs: DOC,
    rfc: "RFC 7644 §3.5.2 (op is add, remove or replace)",
    strictAnswer:
      "200 or 204: servers match op names case-insensitively; one that compares exactly answers 400 invalidSyntax",
  },
  {
    when: { method: "PATCH", resource: "Users/{id}", operation: { op: "replace", pathless: true } },
    rule: "With aadOptscim062020, changed single-valued attributes fold into one path-less replace with dotted keys",
    source: `${COMPAT}, samples of the aadOptscim062020 flag`,
    docs: DOC,
    rfc: "RFC 7644 §3.5.2.3 (replace without a path)",
    strictAnswer:
      "200 or 204; a server that does not read dotted keys in a path-less value answers 400 invalidPath",
  },
  {
    when: { method: "GET", resource: "Users", rawQuery: ["+eq+"] },
    rule: "Entra's match query writes spaces in the filter as `+`; a query for a random GUID opens each cycle and the connection test",
    source: "AzureAD/SCIMReferenceCode#63, MicrosoftDocs/azure-docs#11784",
    docs: DOC,
    rfc: "RFC 7644 §3.4.2.2 (filtering)",
    strictAnswer: "200 with a ListResponse; for the random GUID, an empty one (totalResults 0)",
  },
  {
    when: { method: "GET", resource: "Groups", query: ["excludedAttributes=members"] },
    rule: "Entra looks groups up by displayName and leaves their members out of the answer",
    source: TUTORIAL,
    docs: DOC,
    rfc: "RFC 7644 §3.4.2.2 (filtering), §3.4.2.5 (excludedAttributes)",
    strictAnswer: "200 with a ListResponse whose groups carry no members",
  },
  {
    when: { method: "POST", resource: "Users", field: { name: "roles" } },
    rule: "Entra's create carries core and enterprise schemas, externalId set to the mail nickname, meta.resourceType and roles: []",
    source: TUTORIAL,
    docs: DOC,
    rfc: "RFC 7644 §3.3 (creating resources)",
    strictAnswer: "201 with the stored user; a strict server ignores the read-only meta it was sent",
  },
  {
    when: { method: "PATCH", resource: "Groups/{id}", operation: { op: "Add", path: "members" } },
    rule: 'Entra adds members with a capitalised Add whose values carry "$ref": null',
    source: TUTORIAL,
    docs: DOC,
    rfc: "RFC 7644 §3.5.2.1 (add)",
    strictAnswer: "200 or 204",
  },
  {
    when: { method: "PATCH", resource: "Groups/{id}", operation: { op: "Remove", path: "members" } },
    rule: 'Entra removes members with a capitalised Remove whose value lists them, "$ref": null',
    source: `${TUTORIAL}; ${COMPAT}`,
    docs: DOC,
    rfc: "RFC 7644 §3.5.2.2 (remove)",
    strictAnswer: "200 or 204",
  },
  {
    when: { method: "DELETE", resource: "Users/{id}" },
    rule: "Entra soft-deletes: the account is disabled at once and deleted 30 days later (or on purge)",
    source: "how-provisioning-works",
    docs: DOC,
    rfc: "RFC 7644 §3.6 (deleting resources)",
    strictAnswer: "204",
  },
];

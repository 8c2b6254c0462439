import { DIALECTS_DOC, type WireRule } from "./wire-rules";

const DOC = `${DIALECTS_DOC}#okta-and-okta-aiw`;
const REF = "Okta ref (developer.okta.com/docs/reference/scim/scim-20)";

/** Okta's quirks, OIN and AIW, each with the source docs/dialects.md gives for it. */
export const OKTA_RULES: readonly WireRule[] = [
  {
    when: {
      method: "PATCH",
      resource: "Users/{id}",
      operation: { op: "replace", pathless: true, valueHas: "active" },
    },
    rule: 'Okta (OIN) sets `active` with a path-less PATCH: {"op":"replace","value":{"active":…}}',
    source: REF,
    docs: DOC,
    rfc: "RFC 7644 §3.5.2.3 (replace without a path: the value is an object of attributes)",
    strictAnswer: "200 with the user, or 204",
  },
  {
    when: {
      method: "PATCH",
      resource: "Users/{id}",
      operation: { op: "replace", pathless: true, valueHas: "password" },
    },
    rule: "With Sync Password on, a password change alone travels as a path-less PATCH replace of `password`",
    source: `${REF} (OIN apps PATCH for password sync; the body is unverified)`,
    docs: DOC,
    rfc: "RFC 7644 §3.5.2.3, RFC 7643 §4.1.1 (password is write-only)",
    strictAnswer: "200 or 204, never echoing the password",
  },
  {
    when: { method: "PUT", resource: "Users/{id}", field: { name: "active", value: false } },
    rule: "Okta AIW deactivates with a PUT of the object it read, `active` set to false",
    source: `${REF} (AIW apps use PUT for everything); Firezone README, field log A`,
    docs: DOC,
    rfc: "RFC 7644 §3.5.1 (replacing with PUT), RFC 7643 §4.1.1",
    strictAnswer: "200 with the user",
  },
  {
    when: { method: "PUT", resource: "Users/{id}" },
    rule: "Okta updates with a GET of the account, then a PUT of the object that GET returned, only the changed attributes edited",
    source: `${REF}, "Update a specific User (PUT)"; Firezone README, field log A`,
    docs: DOC,
    rfc: "RFC 7644 §3.5.1 (replacing with PUT)",
    strictAnswer: "200 with the user; a strict server ignores the read-only id and meta it was sent back",
  },
  {
    when: { method: "GET", resource: "Users/{id}" },
    rule: "Okta reads the account before every update and deactivation; a 404 here stops the task, with no search and no POST",
    source: `${REF}; field log A (the 404)`,
    docs: DOC,
    rfc: "RFC 7644 §3.4.1",
    strictAnswer: "200 with the user, or 404",
  },
  {
    when: { method: "GET", resource: "Users", query: ["filter=userName eq", "startIndex=1", "count=100"] },
    rule: "Okta's probe before a create adds startIndex=1&count=100; an empty list or a 404 means create",
    source: REF,
    docs: DOC,
    rfc: "RFC 7644 §3.4.2.2 (filtering), §3.4.2.4 (pagination)",
    strictAnswer: "200 with a ListResponse",
  },
  {
    when: { method: "GET", resource: "Users", query: ["startIndex=1", "count=2"] },
    rule: "Okta's connection test (and saving To App) reads two users",
    source: "Okta 1.1 ref; field logs A and B",
    docs: DOC,
    rfc: "RFC 7644 §3.4.2.4 (pagination)",
    strictAnswer: "200 with a ListResponse",
  },
  {
    when: { method: "GET", resource: "Groups", query: ["startIndex=1", "count=100"] },
    rule: "Okta reads the app's groups, the cache Group Push decides by",
    source: "Okta 1.1 ref; field logs A and B",
    docs: DOC,
    rfc: "RFC 7644 §3.4.2.4 (pagination)",
    strictAnswer: "200 with a ListResponse",
  },
  {
    when: { method: "POST", resource: "Users", field: { name: "password" } },
    rule: "Okta's create carries externalId, locale, groups: [], active: true and a random 8-character password",
    source: `${REF} (body); field log A (the password's length)`,
    docs: DOC,
    rfc: "RFC 7644 §3.3 (creating resources)",
    strictAnswer: "201 with the stored user, never echoing the password",
  },
  {
    when: {
      method: "PATCH",
      resource: "Groups/{id}",
      operation: { op: "replace", pathless: true, valueHas: "displayName" },
    },
    rule: "Okta renames a pushed group with its own path-less replace of id and displayName",
    source: `${REF}; okta-developer-docs PR #1023`,
    docs: DOC,
    rfc: "RFC 7644 §3.5.2.3",
    strictAnswer: "200 or 204",
  },
  {
    when: { method: "PUT", resource: "Groups/{id}" },
    rule: "Okta AIW changes a group with a GET, then a PUT of the whole group with its members in full",
    source: `${REF} (AIW groups by PUT); field logs A and B`,
    docs: DOC,
    rfc: "RFC 7644 §3.5.1",
    strictAnswer: "200 with the group",
  },
];

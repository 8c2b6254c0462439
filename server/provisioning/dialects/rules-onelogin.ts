import { DIALECTS_DOC, type WireRule } from "./wire-rules";

const DOC = `${DIALECTS_DOC}#onelogin`;

/** OneLogin's quirks, each with the source docs/dialects.md gives for it. */
export const ONELOGIN_RULES: readonly WireRule[] = [
  {
    when: { method: "PUT", resource: "Users/{id}", field: { name: "active", value: false } },
    rule: "OneLogin suspends an account with a PUT of the full user, `active` set to false",
    source: "no source: the wire form of Suspend is not published (unverified)",
    docs: DOC,
    rfc: "RFC 7644 §3.5.1, RFC 7643 §4.1.1",
    strictAnswer: "200 with the user",
  },
  {
    when: { method: "PUT", resource: "Users/{id}" },
    rule: "OneLogin updates with a Get User by userName, then a PUT of the full user; it never PATCHes a user",
    source: "onelogin-scim-node routes",
    docs: DOC,
    rfc: "RFC 7644 §3.5.1 (replacing with PUT)",
    strictAnswer: "200 with the user",
  },
  {
    when: { method: "GET", resource: "Users", query: ["filter=userName eq"] },
    rule: "OneLogin gets the user by userName before each create and update; its connection test asks for one known not to exist",
    source: "OneLogin docs, implement-scim-api and test-your-scim",
    docs: DOC,
    rfc: "RFC 7644 §3.4.2.2 (filtering)",
    strictAnswer: "200 with a ListResponse (an empty list or a 404 both pass the test)",
  },
];

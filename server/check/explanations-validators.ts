import type { ExplanationTable } from "./explanation";

// What an IdP's admin sees when the server fails a validator's request, and what fixes it; keys as in
// explanation.ts. A check the IdP never depends on says so in its own words: for that IdP a failure is a warning.

const NOT_SENT =
  "{idp} does not send this request when provisioning, so its admin sees nothing; Okta and RFC 7644 clients do.";

export const VALIDATORS: ExplanationTable = {
  "list.page": {
    "*": {
      admin: NOT_SENT,
      fix: "Answer GET /Users?count=1&startIndex=1 with a ListResponse whose totalResults, itemsPerPage and startIndex are numbers.",
    },
    okta: {
      admin:
        "Okta's user import pages through GET /Users and fails without numeric totalResults, itemsPerPage and startIndex; the app is also refused by the OIN SPEC test.",
    },
    "okta-aiw": {
      admin:
        "Okta's user import pages through GET /Users and fails without numeric totalResults, itemsPerPage and startIndex.",
    },
  },
  "list.paging": {
    "*": {
      admin: NOT_SENT,
      fix: "Honour startIndex (1-based) and count on GET /Users (RFC 7644 §3.4.2.4).",
    },
    okta: {
      admin:
        "Okta's user import reads page after page: a server that ignores startIndex hands it the first page again and again, and one that ignores count hands it everything at once.",
    },
  },
  "filter.no-match": {
    "*": {
      admin: "{idp} looks a user up before creating it; when the lookup fails, every assignment fails.",
      fix: 'Answer a filter that matches nothing with 200 and {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}.',
    },
    entra: {
      admin: "Entra's Test Connection and its match before every create fail; no user is ever provisioned.",
    },
  },
  "filter.case-insensitive": {
    "*": {
      admin:
        "When a userName's letter case differs between {idp} and the app, {idp}'s lookup misses the existing account and its create then collides with it: the user is never provisioned.",
      fix: "Match userName case-insensitively in filters (RFC 7643 §4.1.1: userName is caseExact false).",
    },
    okta: {
      admin:
        "When a userName's letter case differs between Okta and the app, Okta's lookup misses the account, its POST gets a 409, and the assignment stops with an error the admin must resolve by hand.",
    },
    entra: {
      admin:
        "When a userName's letter case differs, Entra's match misses the account and tries to create it again; the create conflicts every cycle and the user never syncs.",
    },
  },
  "user.missing": {
    "*": {
      admin:
        "{idp} cannot tell an account that is gone from an error, so it never re-creates a user deleted in the app, and reports a failure instead.",
      fix: 'Answer GET /Users/{unknown id} with 404 and {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"…"}.',
    },
  },
  "user.duplicate": {
    "*": {
      admin:
        "{idp} relies on 409 to learn that an account exists; without it the same person can end up with two accounts in the app.",
      fix: 'Refuse a POST whose userName is taken with 409 and "scimType": "uniqueness".',
    },
    okta: {
      admin:
        "Okta relies on 409 to stop and report an assignment that collides with an existing account; without it the user can end up with two accounts in the app, and Okta's OIN SPEC test fails.",
    },
  },
  "auth.invalid": {
    "*": {
      admin:
        "A bad or expired token gives an error {idp} cannot explain: the admin sees a generic failure instead of an authentication error.",
      fix: "Refuse a wrong or missing credential with 401 and a SCIM Error body, before anything else.",
    },
    "*:accepted": {
      admin:
        "The server accepted a request with a wrong credential: anyone who can reach it can read and change its users.",
    },
  },
  "groups.list": {
    "*": {
      admin: NOT_SENT,
      fix: "Answer GET /Groups?startIndex=1&count=100 with 200 and a ListResponse, within 600 ms.",
    },
    okta: {
      admin:
        "Okta reads the app's groups when provisioning is saved and before Push Groups links a group; without them pushed groups cannot be matched.",
    },
  },
  "patch.op-case": {
    "*": {
      admin:
        'Entra (without the aadOptscim062020 flag) and Microsoft\'s SCIM Validator write ops as "Replace", "Add" and "Remove"; a server that takes only lower case fails every update they send.',
      fix: "Compare op values without regard to letter case, as Microsoft's SCIM rules ask.",
    },
  },
  discovery: {
    "*": {
      admin:
        "{idp} does not read the discovery endpoints when provisioning; Microsoft's SCIM Validator, scim2-tester and other RFC 7644 clients do.",
      fix: "Serve GET /ServiceProviderConfig, /Schemas and /ResourceTypes (RFC 7644 §4).",
    },
  },
  "resource.id": {
    "*": {
      admin:
        "{idp} keeps the id the server returns to address the account later; a resource without one can never be updated, disabled or deleted.",
      fix: "Put id on every resource returned, including each entry of a ListResponse.",
    },
  },
  "content-type": {
    "*": {
      admin: "{idp} cannot read an answer that is not JSON, and reports the request as failed.",
      fix: "Answer with Content-Type: application/scim+json and a JSON body.",
    },
  },
};

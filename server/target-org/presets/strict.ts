import { type OrgPreset, RFC_DEFAULTS } from "./preset";

/** A careful RFC 7643/7644 service provider: what the vendors' compliance suites expect. */
export const strictPreset: OrgPreset = {
  name: "strict",
  label: "Strict RFC 7644",
  summary: "Type-checks every request and answers exactly as RFC 7644 says.",
  strict: true,
  basePath: "/v2",
  ids: "uuid",
  contentType: "application/scim+json; charset=utf-8",
  accounts: "org",
  lockedUserAttributes: [],
  switches: [],
  defaults: RFC_DEFAULTS,
};

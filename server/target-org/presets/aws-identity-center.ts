import { type OrgPreset, RFC_DEFAULTS } from "./preset";

/**
 * AWS IAM Identity Center's SCIM implementation, as its developer guide's per-operation constraints give it: at
 * most 100 members in a group POST and 100 membership changes in a group PATCH, and at most 50 results in a list.
 */
export const awsIdentityCenterPreset: OrgPreset = {
  name: "aws-identity-center",
  label: "AWS IAM Identity Center",
  summary: "Caps groups at 100 members per POST or PATCH and lists at 50 results, as AWS documents.",
  strict: true,
  basePath: "/v2",
  ids: "uuid",
  contentType: "application/json",
  accounts: "org",
  lockedUserAttributes: [],
  membersPerRequest: 100,
  maxResults: 50,
  switches: ["writesPerMinute"],
  defaults: RFC_DEFAULTS,
};

import type { OrgPreset } from "./preset";
import { RFC_DEFAULTS } from "./preset";

/**
 * Contentstack's SCIM API, as its API reference, SCIM FAQs and Group Mapping pages describe it: organizations
 * under /scim/v2.0/organizations/{uid}, bearer tokens from the IdP's Marketplace app, accounts shared by every
 * organization, so user details are not editable and deprovisioning only removes the user from the organization.
 * Roles never travel over SCIM: groups map to them in Contentstack.
 */
export const contentstackPreset: OrgPreset = {
  name: "contentstack",
  label: "Contentstack organization",
  summary:
    "A Contentstack-shaped organization: accounts outlive membership, name and email edits are refused, groups map to roles.",
  // Contentstack is offered to Entra through the Azure Generic SCIM app, so it must take Entra's "False" strings.
  strict: false,
  basePath: "/v2.0/organizations/{org}",
  ids: "blt",
  contentType: "application/json; charset=utf-8",
  accounts: "global",
  lockedUserAttributes: ["userName", "name", "emails"],
  lockedReason:
    "Contentstack does not support editing user details (name, email) over SCIM: a user can belong to several organizations",
  switches: ["refusedEditStatus", "deactivate", "duplicate", "errorBody", "paging", "writesPerMinute"],
  defaults: { ...RFC_DEFAULTS, deactivate: "remove" },
  roleMapping: [
    { group: "Administrators", orgRole: "admin", stacks: { Website: "admin" } },
    { group: "Engineering", orgRole: "member", stacks: { Website: "developer", "Mobile App": "developer" } },
    { group: "Marketing", orgRole: "member", stacks: { Website: "content manager" } },
  ],
};

import { api, type ScimGroup, type ScimUser } from "./api";

/** The org's first 1000 users, for naming group members in the groups view. */
export async function loadOrgUsers(): Promise<ScimUser[]> {
  return api.orgUsers(await api.targetOrg());
}

export async function loadOrgGroups(): Promise<ScimGroup[]> {
  return api.orgGroups(await api.targetOrg());
}

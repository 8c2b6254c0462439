import { isReservedName } from "../reserved-names";
import { isJsonObject, type Json, type JsonObject } from "./json";
import type { ResourceKind } from "./resource-kind";
import { groupType } from "./schemas";
import { badRequest } from "./scim-errors";

/**
 * Groups. Members are stored as bare ids: `display`, `$ref` and `type` are derived from the member on every read,
 * so a renamed user never shows a stale name and the `{"$ref":null}` Entra sends does not matter.
 */
export const groupsKind: ResourceKind = {
  type: groupType,
  uniqueAttribute: "displayName",
  patchAnswersNoContent: true,
  prepare(data, previous, org) {
    const out: JsonObject = { ...data };
    const raw = Array.isArray(data.members) ? data.members : [];
    const seen = new Set<string>();
    const members: Json[] = [];
    for (const member of raw) {
      const value = isJsonObject(member) ? member.value : undefined;
      if (typeof value !== "string" || value === "") {
        throw badRequest("invalidValue", "every member needs a 'value' holding the id of a user or group");
      }
      if (isReservedName(value)) {
        throw badRequest("invalidValue", `member '${value}' cannot be the id of a user or group in this org`);
      }
      if (seen.has(value)) continue;
      seen.add(value);
      const { users, groups } = org.store.data;
      const exists = users[value] !== undefined || (groups[value] !== undefined && value !== previous?.id);
      if (!exists && org.isStrict()) {
        throw badRequest(
          "invalidValue",
          `member '${value}' is not the id of a user or group in this org; create it first and use the id it returned`,
        );
      }
      members.push({ value });
    }
    if (members.length > 0) out.members = members;
    else delete out.members;
    return out;
  },
};

import type { TargetOptions, User } from "../../protocol";
import { quote } from "./flows";
import type { FlowContext, ScimRequest } from "./types";

type MatchAttribute = NonNullable<TargetOptions["matchAttribute"]>;

const SCIM_ATTRIBUTE: Record<MatchAttribute, string> = {
  userName: "userName",
  externalId: "externalId",
  email: 'emails[type eq "work"].value',
};

/** What a dialect puts in `externalId`; the match on externalId must look for that very value. */
export type ExternalIdOf = (user: User) => string;
const directoryId: ExternalIdOf = (user) => user.id;

function matchValue(user: User, attribute: MatchAttribute, externalIdOf: ExternalIdOf): string {
  if (attribute === "externalId") return externalIdOf(user);
  if (attribute === "email") return user.email ?? user.userName;
  return user.userName;
}

/** A filter on the attribute an IdP matches accounts on; `value` overrides the user's own (test connection). */
export function matchFilter(
  ctx: FlowContext,
  user: User | null,
  value?: string,
  externalIdOf: ExternalIdOf = directoryId,
): string {
  const attribute = ctx.options.matchAttribute ?? "userName";
  const wanted = value ?? (user ? matchValue(user, attribute, externalIdOf) : "");
  return `${SCIM_ATTRIBUTE[attribute]} eq ${quote(wanted)}`;
}

export function filterProbe(
  user: User,
  ctx: FlowContext,
  extra: Array<[string, string]> = [],
  externalIdOf: ExternalIdOf = directoryId,
): ScimRequest {
  return {
    method: "GET",
    path: "/Users",
    query: [["filter", matchFilter(ctx, user, undefined, externalIdOf)], ...extra],
  };
}

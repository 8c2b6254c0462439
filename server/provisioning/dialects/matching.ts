import type { TargetOptions, User } from "../../protocol";
import { quote } from "./flows";
import type { FlowContext, ScimRequest } from "./types";

type MatchAttribute = NonNullable<TargetOptions["matchAttribute"]>;

const SCIM_ATTRIBUTE: Record<MatchAttribute, string> = {
  userName: "userName",
  externalId: "externalId",
  email: 'emails[type eq "work"].value',
};

function matchValue(user: User, attribute: MatchAttribute): string {
  if (attribute === "externalId") return user.id;
  if (attribute === "email") return user.email ?? user.userName;
  return user.userName;
}

/** A filter on the attribute an IdP matches accounts on; `value` overrides the user's own (test connection). */
export function matchFilter(ctx: FlowContext, user: User | null, value?: string): string {
  const attribute = ctx.options.matchAttribute ?? "userName";
  return `${SCIM_ATTRIBUTE[attribute]} eq ${quote(value ?? (user ? matchValue(user, attribute) : ""))}`;
}

export function filterProbe(user: User, ctx: FlowContext, extra: Array<[string, string]> = []): ScimRequest {
  return { method: "GET", path: "/Users", query: [["filter", matchFilter(ctx, user)], ...extra] };
}

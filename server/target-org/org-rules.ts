import type { NextFunction, Request, Response } from "express";
import { isJsonObject, type JsonObject, sameJson } from "./json";
import type { OrgState } from "./resource-kind";
import { badRequest, ScimError } from "./scim-errors";
import type { StoredResource } from "./store";

// The rules a SaaS preset adds on top of RFC 7644. Each reads the active preset per request.

/** A PUT or PATCH that would change a locked user attribute is refused, with the preset's status and reason. */
export function refuseLockedEdits(org: OrgState, before: JsonObject, after: JsonObject) {
  const preset = org.preset();
  const changed = preset.lockedUserAttributes.filter((name) => !sameJson(before[name], after[name]));
  if (changed.length === 0) return;
  throw new ScimError(
    org.switches().refusedEditStatus,
    `${preset.lockedReason ?? "these attributes cannot be changed"}; this request changes ${changed.join(", ")}`,
    "mutability",
  );
}

/**
 * What `active: false` does under the preset: nothing special (`keep`), removal from the org (`remove`), or a
 * refusal that says how this org is deprovisioned (`refuse`).
 */
export function deactivation(org: OrgState, before: JsonObject, after: JsonObject): "remove" | undefined {
  if (after.active !== false || before.active === false) return undefined;
  const mode = org.switches().deactivate;
  if (mode === "keep") return undefined;
  if (mode === "remove") return "remove";
  throw new ScimError(
    400,
    "this organization does not deactivate users: deprovisioning removes the user from the organization; send DELETE /Users/{id}",
    "mutability",
  );
}

/** How many member values a group POST or PATCH carries, across all its operations. */
export function memberValuesIn(body: unknown): number {
  if (isJsonObject(body) && Array.isArray(body.members)) return body.members.length;
  if (!isJsonObject(body) || !Array.isArray(body.Operations)) return 0;
  let count = 0;
  for (const op of body.Operations) {
    if (!isJsonObject(op)) continue;
    const path = typeof op.path === "string" ? op.path.toLowerCase() : "";
    if (path.startsWith("members")) count += Array.isArray(op.value) ? op.value.length : 1;
    else if (path === "" && isJsonObject(op.value) && Array.isArray(op.value.members))
      count += op.value.members.length;
  }
  return count;
}

export function refuseLargeMemberChange(org: OrgState, method: string, body: unknown) {
  const limit = org.preset().membersPerRequest;
  const count = memberValuesIn(body);
  if (limit !== undefined && count > limit) {
    throw badRequest(
      "tooMany",
      `a group ${method} may carry at most ${limit} members; this one has ${count}: split it into several requests`,
    );
  }
}

/**
 * The preset's write budget, in a sliding minute: a write past it gets 429 with the seconds until the oldest
 * counted write leaves the window. Reads are never limited, so the UI watching the org does not spend it.
 */
export function writeLimit(org: OrgState) {
  const stamps: number[] = [];
  return (req: Request, _res: Response, next: NextFunction) => {
    const limit = org.switches().writesPerMinute;
    if (limit === 0 || req.method === "GET" || req.path.endsWith("/.search")) return next();
    const now = Date.now();
    while (stamps.length > 0 && (stamps[0] ?? now) <= now - 60_000) stamps.shift();
    if (stamps.length >= limit) {
      const wait = Math.max(1, Math.ceil(((stamps[0] ?? now) + 60_000 - now) / 1000));
      throw new ScimError(
        429,
        `rate limit: at most ${limit} writes per minute; retry in ${wait} s`,
        undefined,
        {
          "Retry-After": String(wait),
        },
      );
    }
    stamps.push(now);
    next();
  };
}

/** Under a preset whose accounts outlive membership, the account outside the org that has this userName. */
export function accountNamed(org: OrgState, userName: unknown): StoredResource | undefined {
  if (org.preset().accounts !== "global" || typeof userName !== "string") return undefined;
  const lower = userName.toLowerCase();
  return Object.values(org.store.data.accounts).find(
    (account) => typeof account.data.userName === "string" && account.data.userName.toLowerCase() === lower,
  );
}

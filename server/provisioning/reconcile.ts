import type { Directory } from "../directory/directory";
import type { DriftReport, ExchangeCause, Target } from "../protocol";
import { dialectFor } from "./dialects";
import { ok } from "./dialects/flows";
import type { ScimRequest } from "./dialects/types";
import type { Links } from "./links";
import { fromScimUser, type ScimObject, userDifferences } from "./scim-user";
import type { Send } from "./send";

const PAGE = 100;
const MAX_PAGES = 1000;

/** Reads every resource of a type the way Okta's import does: startIndex=1&count=100, then +100. */
export async function readAll(
  target: Target,
  send: Send,
  resource: "Users" | "Groups",
  cause: ExchangeCause,
): Promise<ScimObject[] | { error: string }> {
  const dialect = dialectFor(target.profile);
  const out: ScimObject[] = [];
  for (let page = 0, startIndex = 1; page < MAX_PAGES; page++) {
    const request: ScimRequest = {
      method: "GET",
      path: `/${resource}`,
      query: [
        ["startIndex", String(startIndex)],
        ["count", String(PAGE)],
      ],
    };
    const res = await send(target, dialect, request, cause);
    if (!ok(res)) return { error: `Reading /${resource} failed with HTTP ${res.status || "no response"}` };
    const body = res.body as { Resources?: unknown; totalResults?: unknown } | null;
    const items = Array.isArray(body?.Resources) ? (body.Resources as ScimObject[]) : [];
    out.push(...items);
    const total = typeof body?.totalResults === "number" ? body.totalResults : out.length;
    if (items.length === 0 || out.length >= total) break;
    startIndex += items.length;
  }
  return out;
}

const str = (v: unknown) => (typeof v === "string" ? v : null);

/**
 * A target group as if SCIMulator had pushed it: its name, and those of its members that are linked directory
 * users. Members SCIMulator does not know stay out, so a fix never removes them.
 */
export function fromScimGroup(resource: ScimObject, userLinks: Record<string, { remoteId: string }>) {
  const byRemote = new Map(Object.entries(userLinks).map(([userId, link]) => [link.remoteId, userId]));
  const members = (Array.isArray(resource.members) ? (resource.members as ScimObject[]) : []).flatMap((m) => {
    const remoteId = String(m.value ?? "");
    const userId = byRemote.get(remoteId);
    return userId ? [{ userId, remoteId, display: str(m.display) ?? "" }] : [];
  });
  return { displayName: str(resource.displayName) ?? "", members };
}

/**
 * Compares what a target holds with what SCIMulator linked and what the directory wants. Users who are linked
 * but deprovisioned are compared as disabled; users out of scope and never pushed are not expected.
 */
export function driftOf(
  target: Target,
  directory: Directory,
  links: Links,
  remoteUsers: ScimObject[],
  remoteGroups: ScimObject[],
): DriftReport {
  const report: DriftReport = { missing: [], unknown: [], different: [], fixed: false };
  const byId = new Map(remoteUsers.map((r) => [String(r.id), r]));
  const linkedRemote = new Set<string>();
  for (const [userId, link] of Object.entries(links.all(target.id))) {
    linkedRemote.add(link.remoteId);
    const remote = byId.get(link.remoteId);
    const user = directory.findUser(userId);
    const name = user?.userName ?? link.pushed.userName;
    if (!remote) {
      // A deleted account behind a finished deprovisioning is what was wanted.
      if (!(link.deprovisioned && !user)) report.missing.push({ userId, name, remoteId: link.remoteId });
      continue;
    }
    const expected = user ? { ...user, active: link.deprovisioned ? false : user.active } : link.pushed;
    const fields = userDifferences(expected, fromScimUser(remote));
    if (fields.length > 0) report.different.push({ userId, name, remoteId: link.remoteId, fields });
  }
  for (const remote of remoteUsers) {
    if (!linkedRemote.has(String(remote.id))) {
      report.unknown.push({
        remoteId: String(remote.id),
        name: str(remote.userName) ?? "",
        resourceType: "User",
      });
    }
  }
  const groupsById = new Map(remoteGroups.map((r) => [String(r.id), r]));
  const linkedGroups = new Set<string>();
  for (const [groupId, link] of Object.entries(links.allGroups(target.id))) {
    linkedGroups.add(link.remoteId);
    const remote = groupsById.get(link.remoteId);
    if (!remote) {
      report.missing.push({ groupId, name: link.pushed.displayName, remoteId: link.remoteId });
      continue;
    }
    const fields: Array<{ field: string; directory: unknown; target: unknown }> = [];
    if (str(remote.displayName) !== link.pushed.displayName) {
      fields.push({ field: "displayName", directory: link.pushed.displayName, target: remote.displayName });
    }
    const members = Array.isArray(remote.members)
      ? (remote.members as ScimObject[]).map((m) => String(m.value)).sort()
      : [];
    const pushed = link.pushed.members.map((m) => m.remoteId).sort();
    // Groups read with members excluded (or a server that never lists them) tell nothing about membership.
    if (remote.members !== undefined && JSON.stringify(members) !== JSON.stringify(pushed)) {
      fields.push({ field: "members", directory: pushed, target: members });
    }
    if (fields.length > 0)
      report.different.push({ groupId, name: link.pushed.displayName, remoteId: link.remoteId, fields });
  }
  for (const remote of remoteGroups) {
    if (!linkedGroups.has(String(remote.id))) {
      report.unknown.push({
        remoteId: String(remote.id),
        name: str(remote.displayName) ?? "",
        resourceType: "Group",
      });
    }
  }
  return report;
}

/**
 * Applies a drift report's fixes to the links, so that the cycle that follows sends exactly what repairs them:
 * a missing resource is unlinked (and so re-created), a different one is recorded as holding what the target
 * holds (and so updated), and an unknown account or group whose name matches an unlinked directory user or
 * group is adopted, as a probe or Okta's "link group" would.
 */
export async function prepareFixes(
  target: Target,
  directory: Directory,
  links: Links,
  remoteUsers: ScimObject[],
  remoteGroups: ScimObject[],
): Promise<void> {
  const report = driftOf(target, directory, links, remoteUsers, remoteGroups);
  const at = new Date().toISOString();
  const usersById = new Map(remoteUsers.map((r) => [String(r.id), r]));
  const groupsById = new Map(remoteGroups.map((r) => [String(r.id), r]));
  for (const item of report.missing) {
    if (item.userId) await links.remove(target.id, item.userId);
    if (item.groupId) await links.removeGroup(target.id, item.groupId);
  }
  for (const item of report.different) {
    const remote = usersById.get(item.remoteId);
    const link = item.userId ? links.get(target.id, item.userId) : undefined;
    if (item.userId && remote && link) {
      await links.set(target.id, item.userId, {
        ...link,
        pushed: { ...link.pushed, ...fromScimUser(remote) },
      });
    }
    const remoteGroup = groupsById.get(item.remoteId);
    const glink = item.groupId ? links.getGroup(target.id, item.groupId) : undefined;
    if (item.groupId && glink && remoteGroup) {
      await links.setGroup(target.id, item.groupId, {
        ...glink,
        pushed: fromScimGroup(remoteGroup, links.all(target.id)),
      });
    }
  }
  const usersByName = new Map(directory.listUsers().map((u) => [u.userName.toLowerCase(), u]));
  const groupsByName = new Map(directory.listGroups().map((g) => [g.displayName.toLowerCase(), g]));
  for (const item of report.unknown) {
    const name = item.name.toLowerCase();
    if (item.resourceType === "User") {
      const user = usersByName.get(name);
      const remote = usersById.get(item.remoteId);
      if (user && remote && !links.get(target.id, user.id)) {
        await links.set(target.id, user.id, {
          remoteId: item.remoteId,
          pushed: { ...user, ...fromScimUser(remote) },
          at,
        });
      }
    }
  }
  // Groups after users, so an adopted group's members are known.
  for (const item of report.unknown) {
    if (item.resourceType !== "Group") continue;
    const group = groupsByName.get(item.name.toLowerCase());
    const remote = groupsById.get(item.remoteId);
    if (group && remote && !links.getGroup(target.id, group.id)) {
      const pushed = fromScimGroup(remote, links.all(target.id));
      await links.setGroup(target.id, group.id, { remoteId: item.remoteId, pushed, at });
    }
  }
}

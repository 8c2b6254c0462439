import type { Target } from "../protocol";
import { dialectFor } from "../provisioning/dialects";
import type { Links } from "../provisioning/links";
import type { Send } from "../provisioning/send";
import { OBSERVER_HEADER } from "../target-org/faults";

export type ScimResource = Record<string, unknown>;

/** The cause of every read an expectation makes, so traffic expectations can leave them out. */
export const READ_CAUSE = "scenario:expect";

/**
 * Reads users and groups back from a target over SCIM, as the target sees them. Reads go through the same sender
 * as provisioning, so they are in the log and the HAR, marked with their own cause.
 */
export function createTargetReader(send: Send, links: Pick<Links, "get" | "getGroup">) {
  async function get(
    target: Target,
    path: string,
    query: Array<[string, string]> = [],
  ): Promise<{ status: number; body: unknown }> {
    const response = await send(
      target,
      dialectFor(target.profile),
      // Marked as an observer, so an injected fault is spent on provisioning, not on this read.
      { method: "GET", path, query, headers: { [OBSERVER_HEADER]: "scenario" } },
      { type: READ_CAUSE },
    );
    return { status: response.status, body: response.body };
  }

  async function byFilter(
    target: Target,
    resource: "Users" | "Groups",
    filter: string,
  ): Promise<ScimResource | null> {
    const res = await get(target, `/${resource}`, [["filter", filter]]);
    const list = (res.body as { Resources?: unknown } | null)?.Resources;
    return Array.isArray(list) && list.length > 0 ? (list[0] as ScimResource) : null;
  }

  return {
    /** The user's resource on the target, or null when it is not there. */
    async user(target: Target, userId: string, userName: string): Promise<ScimResource | null> {
      const link = links.get(target.id, userId);
      if (link) {
        const res = await get(target, `/Users/${encodeURIComponent(link.remoteId)}`);
        if (res.status >= 200 && res.status < 300) return res.body as ScimResource;
        if (res.status === 404) return null;
      }
      return byFilter(target, "Users", `userName eq ${JSON.stringify(userName)}`);
    },
    async group(target: Target, groupId: string, displayName: string): Promise<ScimResource | null> {
      const link = links.getGroup(target.id, groupId);
      if (link) {
        const res = await get(target, `/Groups/${encodeURIComponent(link.remoteId)}`);
        if (res.status >= 200 && res.status < 300) return res.body as ScimResource;
        if (res.status === 404) return null;
      }
      return byFilter(target, "Groups", `displayName eq ${JSON.stringify(displayName)}`);
    },
  };
}

export type TargetReader = ReturnType<typeof createTargetReader>;

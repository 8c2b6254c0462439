import type { ExchangeCause, Target } from "../protocol";
import { dialectFor } from "../provisioning/dialects";
import type { ScimRequest } from "../provisioning/dialects/types";
import type { RunContext } from "./context";

const CAUSE: ExchangeCause = { type: "scenario:cleanup" };
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/** Statuses that say the server does not allow DELETE here, so deactivation is the next best thing. */
const DELETE_REFUSED = new Set([400, 403, 405, 501]);
const PARALLEL = 8;

export interface Removal {
  removed: number;
  deactivated: number;
  /** What could not be removed, each with why. */
  leftBehind: string[];
}

/**
 * Leaves an external target as the run found it: every group and user the run created is DELETEd, or deactivated
 * where the server refuses DELETE. Groups go first, so no membership points at a user being removed.
 */
export async function removeRunResources(ctx: RunContext): Promise<Removal> {
  await ctx.host.idle();
  const { target } = ctx;
  const removal: Removal = { removed: 0, deactivated: 0, leftBehind: [] };
  const groups = [...ctx.groups].flatMap(([handle, id]) => {
    const remote = ctx.host.links.getGroup(target.id, id)?.remoteId;
    return remote ? [{ handle, remote }] : [];
  });
  const users = [...ctx.users].flatMap(([handle, id]) => {
    const remote = ctx.host.links.get(target.id, id)?.remoteId ?? ctx.remote.get(handle);
    return remote ? [{ handle, remote }] : [];
  });
  await inParallel(groups, async ({ handle, remote }) => {
    const status = await send(target, { method: "DELETE", path: `/Groups/${encodeURIComponent(remote)}` });
    if (gone(status)) removal.removed++;
    else removal.leftBehind.push(`group ${handle} (${remote}): DELETE answered ${describe(status)}`);
  });
  await inParallel(users, async ({ handle, remote }) => {
    const path = `/Users/${encodeURIComponent(remote)}`;
    const status = await send(target, { method: "DELETE", path });
    if (gone(status)) {
      removal.removed++;
      return;
    }
    if (!DELETE_REFUSED.has(status)) {
      removal.leftBehind.push(`user ${handle} (${remote}): DELETE answered ${describe(status)}`);
      return;
    }
    const off = await send(target, {
      method: "PATCH",
      path,
      body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] },
    });
    if (off >= 200 && off < 300) removal.deactivated++;
    else
      removal.leftBehind.push(
        `user ${handle} (${remote}): DELETE answered ${describe(status)}, deactivation ${describe(off)}`,
      );
  });
  return removal;

  async function send(t: Target, request: ScimRequest): Promise<number> {
    return (await ctx.host.send(t, dialectFor(t.profile), request, CAUSE)).status;
  }
}

const gone = (status: number) => (status >= 200 && status < 300) || status === 404;
const describe = (status: number) => (status === 0 ? "nothing (no answer)" : `HTTP ${status}`);

async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, lane));
}

/** "removed 3 and deactivated 1 of what the run created", or what was left behind. */
export function describeRemoval(removal: Removal): string {
  const done = `cleaned up the target: removed ${removal.removed}${removal.deactivated > 0 ? `, deactivated ${removal.deactivated} (DELETE refused)` : ""}`;
  if (removal.leftBehind.length === 0) return done;
  return `${done}; could not remove ${removal.leftBehind.length}: ${removal.leftBehind.slice(0, 5).join("; ")}${removal.leftBehind.length > 5 ? "; …" : ""}`;
}

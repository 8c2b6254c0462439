import type { ExchangeCause, Target } from "../protocol";
import { dialectFor } from "../provisioning/dialects";
import type { ScimRequest } from "../provisioning/dialects/types";
import type { Send } from "../provisioning/send";
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

/** A user or group on a target: what to call it in a report, and its id there. */
export interface RemoteEntry {
  label: string;
  remote: string;
}

/**
 * Leaves an external target as the run found it: every group and user the run created is DELETEd, or deactivated
 * where the server refuses DELETE.
 */
export async function removeRunResources(ctx: RunContext): Promise<Removal> {
  await ctx.host.idle();
  const { target } = ctx;
  const groups = [...ctx.groups].flatMap(([handle, id]) => {
    const remote = ctx.host.links.getGroup(target.id, id)?.remoteId;
    return remote ? [{ label: `group ${handle}`, remote }] : [];
  });
  const users = [...ctx.users].flatMap(([handle, id]) => {
    const remote = ctx.host.links.get(target.id, id)?.remoteId ?? ctx.remote.get(handle);
    return remote ? [{ label: `user ${handle}`, remote }] : [];
  });
  return removeFromTarget(ctx.host.send, target, { users, groups });
}

/** DELETEs groups, then users (so no membership points at a user being removed), deactivating where refused. */
export async function removeFromTarget(
  send: Send,
  target: Target,
  entries: { users: RemoteEntry[]; groups: RemoteEntry[] },
): Promise<Removal> {
  const removal: Removal = { removed: 0, deactivated: 0, leftBehind: [] };
  const status = async (request: ScimRequest) =>
    (await send(target, dialectFor(target.profile), request, CAUSE)).status;
  await inParallel(entries.groups, async ({ label, remote }) => {
    const answer = await status({ method: "DELETE", path: `/Groups/${encodeURIComponent(remote)}` });
    if (gone(answer)) removal.removed++;
    else removal.leftBehind.push(`${label} (${remote}): DELETE answered ${describe(answer)}`);
  });
  await inParallel(entries.users, async ({ label, remote }) => {
    const path = `/Users/${encodeURIComponent(remote)}`;
    const answer = await status({ method: "DELETE", path });
    if (gone(answer)) {
      removal.removed++;
      return;
    }
    if (!DELETE_REFUSED.has(answer)) {
      removal.leftBehind.push(`${label} (${remote}): DELETE answered ${describe(answer)}`);
      return;
    }
    const off = await status({
      method: "PATCH",
      path,
      body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] },
    });
    if (off >= 200 && off < 300) removal.deactivated++;
    else
      removal.leftBehind.push(
        `${label} (${remote}): DELETE answered ${describe(answer)}, deactivation ${describe(off)}`,
      );
  });
  return removal;
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

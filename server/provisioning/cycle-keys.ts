import type { CycleKind, Target } from "../protocol";
import type { CycleStore } from "./cycle-store";
import type { Links } from "./links";
import type { Outbox } from "./outbox";
import type { DirectoryReader } from "./views";

/**
 * Which users or groups a cycle looks at. A full cycle: everything in the directory or linked. An incremental
 * one: what changed since the last cycle's watermark, what was deleted since (linked, gone from the directory),
 * and whatever failed before; for a group, also groups whose members changed, since that changes what it holds.
 * Without a watermark, or after the target itself changed, incremental is full.
 */
export function cycleKeys(
  deps: { directory: DirectoryReader; links: Links; outbox: Outbox; store: CycleStore },
  target: Target,
  kind: CycleKind,
  resource: "user" | "group",
): string[] {
  const { directory, links, outbox, store } = deps;
  const isUser = resource === "user";
  const ids = isUser ? directory.listUsers().map((u) => u.id) : directory.listGroups().map((g) => g.id);
  const linked = Object.keys(isUser ? links.all(target.id) : links.allGroups(target.id));
  const all = [...new Set([...ids, ...linked])];
  const watermark = store.watermark(target.id);
  if (kind !== "incremental" || watermark === null || Date.parse(target.updatedAt) >= watermark) return all;
  const failed = new Set(outbox.entries(target.id).map((e) => e.key));
  const changedSince = (updatedAt: string | undefined) => Date.parse(updatedAt ?? "") >= watermark;
  return all.filter((id) => {
    if (failed.has(`${resource}:${id}`)) return true;
    if (isUser) {
      const user = directory.findUser(id);
      // Deleted since, or soft-deleted and maybe due for the hard delete.
      return user ? changedSince(user.updatedAt) : Boolean(links.get(target.id, id));
    }
    const group = directory.findGroup(id);
    if (!group) return true;
    return (
      changedSince(group.updatedAt) ||
      group.members.some((m) => changedSince(directory.findUser(m)?.updatedAt))
    );
  });
}

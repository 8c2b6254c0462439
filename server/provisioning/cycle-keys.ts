import type { CycleKind, Target } from "../protocol";
import type { CycleStore } from "./cycle-store";
import type { Links } from "./links";
import type { Outbox } from "./outbox";
import { runNow, SLICE, type Sliced } from "./slices";
import type { DirectoryReader } from "./views";

/**
 * Which users or groups a cycle looks at. A full cycle: everything in the directory or linked. An incremental
 * one: what changed since the last cycle's watermark, what was deleted since (linked, gone from the directory),
 * and whatever failed before; for a group, also groups whose members changed, since that changes what it holds.
 * Without a watermark, or after the target itself changed, incremental is full.
 *
 * One pass over the directory and one over the links, with no set of both, in slices (see slices.ts).
 */
export function* cycleKeySlices(
  deps: { directory: DirectoryReader; links: Links; outbox: Outbox; store: CycleStore },
  target: Target,
  kind: CycleKind,
  resource: "user" | "group",
): Sliced<string[]> {
  const { directory, links, outbox, store } = deps;
  const isUser = resource === "user";
  const records = isUser ? directory.listUsers() : directory.listGroups();
  const known = (id: string) => (isUser ? directory.findUser(id) : directory.findGroup(id));
  const watermark = store.watermark(target.id);
  const full = kind !== "incremental" || watermark === null || Date.parse(target.updatedAt) >= watermark;
  const failed = full ? null : new Set(outbox.entries(target.id).map((e) => e.key));
  // A watermark out of Date's range (a hand-edited cycles.json) is compared as a number.
  const since = Math.abs(watermark ?? 0) <= 8.64e15 ? new Date(watermark ?? 0).toISOString() : "";
  // Times this program wrote are all in the one fixed-width ISO form, which sorts as the times do: compared as
  // text, with no parse of 100k dates. Any other form (a hand edit) is parsed.
  const changedSince = (updatedAt: string | undefined) =>
    since.length === 24 &&
    updatedAt?.length === 24 &&
    updatedAt[10] === "T" &&
    updatedAt[19] === "." &&
    updatedAt[23] === "Z"
      ? updatedAt >= since
      : Date.parse(updatedAt ?? "") >= (watermark ?? 0);
  const keys: string[] = [];
  let seen = 0;
  for (const record of records) {
    if (++seen % SLICE === 0) yield;
    if (
      failed === null ||
      (failed.size > 0 && failed.has(`${resource}:${record.id}`)) ||
      changedSince(record.updatedAt) ||
      // A group whose members changed holds something else now.
      (!isUser &&
        (record as { members: string[] }).members.some((m) => changedSince(directory.findUser(m)?.updatedAt)))
    )
      keys.push(record.id);
  }
  // Linked but gone from the directory: deleted since, so always looked at.
  const gone: string[] = [];
  for (const id in isUser ? links.all(target.id) : links.allGroups(target.id)) {
    if (++seen % SLICE === 0) yield;
    if (known(id) === undefined) gone.push(id);
  }
  if (gone.length === 0) return keys;
  // One deleted between the two passes (they span turns) is in both: it is looked at once.
  const listed = new Set(keys);
  return keys.concat(gone.filter((id) => !listed.has(id)));
}

/** The same keys at once. */
export const cycleKeys = (...args: Parameters<typeof cycleKeySlices>): string[] =>
  runNow(cycleKeySlices(...args));

import type { Directory } from "../directory/directory";
import type { Group, Leftovers, LeftoversRemoved, User } from "../protocol";
import type { Cycles } from "../provisioning/cycles";
import type { Links } from "../provisioning/links";
import type { Send } from "../provisioning/send";
import type { Targets } from "../targets/targets";
import { type RemoteEntry, removeFromTarget } from "./cleanup";

interface Deps {
  directory: Pick<Directory, "listUsers" | "listGroups" | "deleteUser" | "deleteGroup" | "clearOrigin">;
  targets: Pick<Targets, "list">;
  links: Pick<Links, "get" | "getGroup">;
  send: Send;
  idle(): Promise<void>;
  cycles: Pick<Cycles, "startCycle">;
}

/**
 * What scenario runs left in the live app's directory: listed, removed in one action (from the run's own target
 * too, where it put them), or kept as ordinary users and groups that every target then provisions.
 */
export function createLeftovers(deps: Deps) {
  const list = (): Leftovers => ({
    users: deps.directory.listUsers().filter((u) => u.origin !== null),
    groups: deps.directory.listGroups().filter((g) => g.origin !== null),
  });

  /** The leftovers' accounts on the targets that pushed them, grouped by target. */
  function onTargets(users: User[], groups: Group[]) {
    return deps.targets.list().flatMap((target) => {
      const userEntries: RemoteEntry[] = users.flatMap((u) => {
        const remote = deps.links.get(target.id, u.id)?.remoteId;
        return remote ? [{ label: `user ${u.userName}`, remote }] : [];
      });
      const groupEntries: RemoteEntry[] = groups.flatMap((g) => {
        const remote = deps.links.getGroup(target.id, g.id)?.remoteId;
        return remote ? [{ label: `group ${g.displayName}`, remote }] : [];
      });
      return userEntries.length + groupEntries.length > 0
        ? [{ target, entries: { users: userEntries, groups: groupEntries } }]
        : [];
    });
  }

  return {
    list,

    async remove(): Promise<LeftoversRemoved> {
      await deps.idle();
      const { users, groups } = list();
      const leftBehind: string[] = [];
      let onTarget = 0;
      for (const { target, entries } of onTargets(users, groups)) {
        const removal = await removeFromTarget(deps.send, target, entries);
        onTarget += removal.removed + removal.deactivated;
        leftBehind.push(...removal.leftBehind.map((l) => `${target.name}: ${l}`));
      }
      for (const group of groups) await deps.directory.deleteGroup(group.id);
      for (const user of users) await deps.directory.deleteUser(user.id);
      return { users: users.length, groups: groups.length, onTargets: onTarget, leftBehind };
    },

    async keep(): Promise<Leftovers> {
      const kept = list();
      await deps.directory.clearOrigin(
        kept.users.map((u) => u.id),
        kept.groups.map((g) => g.id),
      );
      // Every on-edit target catches up on the entries that just became ordinary.
      for (const target of deps.targets.list()) {
        if (target.mode === "on-edit")
          deps.cycles.startCycle(target.id, { kind: "full", cause: "leftovers.kept" });
      }
      return kept;
    },
  };
}

export type LeftoversBook = ReturnType<typeof createLeftovers>;

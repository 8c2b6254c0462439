/**
 * "A run owns what it creates": while a scenario run owns its target, that target provisions only the users and
 * groups the run claimed, and no other target touches those. The run claims a name just before it creates the
 * user (userName) or group (displayName); the created event binds the claim to the new id, before any job can
 * plan for it, so a later rename keeps it. A live run's users and groups also carry their origin in the
 * directory (`originTarget`), which outlives the run and a restart: no other target ever pushes them.
 */
export function createClaims(originTarget: (id: string) => string | undefined = () => undefined) {
  const owners = new Set<string>();
  const pending = new Map<string, string>();
  const byId = new Map<string, string>();
  const nameKey = (kind: "user" | "group", name: string) => `${kind}:${name.toLowerCase()}`;
  return {
    /** From now on the target provisions only what is claimed for it. */
    own(targetId: string): void {
      owners.add(targetId);
    },
    /** The user or group about to be created under this name belongs to this target's run. */
    claim(kind: "user" | "group", name: string, targetId: string): void {
      pending.set(nameKey(kind, name), targetId);
    },
    /** A user or group was created: if its name was claimed, the claim now follows its id. */
    bind(kind: "user" | "group", name: string, id: string): void {
      const owner = pending.get(nameKey(kind, name));
      if (owner === undefined) return;
      pending.delete(nameKey(kind, name));
      byId.set(id, owner);
    },
    /** The run has ended: its target and everything it claimed go back to every target. */
    release(targetId: string): void {
      owners.delete(targetId);
      for (const [key, owner] of pending) if (owner === targetId) pending.delete(key);
      for (const [id, owner] of byId) if (owner === targetId) byId.delete(id);
    },
    /** Skipped, not put out of scope, so nothing is deprovisioned on a claim's account. */
    leftAlone(targetId: string, id: string): boolean {
      const owner = byId.get(id) ?? originTarget(id);
      return owner ? owner !== targetId : owners.has(targetId);
    },
  };
}

export type Claims = ReturnType<typeof createClaims>;

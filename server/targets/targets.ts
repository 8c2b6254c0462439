import { randomUUID } from "node:crypto";
import type { DirectoryStore } from "../directory/store";
import { createEmitter } from "../emitter";
import { Problem, parseOrThrow } from "../problem";
import type { Assignments, DeprovisionAction, DirectoryEvent, Mode, Profile, Target } from "../protocol";
import { givesSecret, keepSecrets, maskUrl } from "./mask";
import { createTargetSchema, updateTargetSchema } from "./target-schema";

export type Targets = ReturnType<typeof createTargets>;

export type TargetEvent =
  | { type: "target.changed"; target: Target }
  | { type: "target.deleted"; target: Target };

const DEFAULT_TIMEOUT_MS = 60_000;

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

/** Targets live in the directory's file: one file to back up, one file to move between machines. */
export function createTargets(
  db: DirectoryStore,
  defaultsFor: (profile: Profile) => { mode: Mode; schedule: string | null; deprovision: DeprovisionAction },
) {
  const events = createEmitter<TargetEvent>();
  const list = () => db.data.targets;

  function find(id: string): Target {
    const target = list().find((t) => t.id === id);
    if (!target) throw new Problem("not_found", `No target with id "${id}". GET /api/targets lists the ids.`);
    return target;
  }

  /** Assignments name directory users and groups; an unknown id is refused rather than silently ignored. */
  function checkAssigned(assigned: Assignments): Assignments {
    const users = new Set(db.data.users.map((u) => u.id));
    const groups = new Set(db.data.groups.map((g) => g.id));
    const details = [
      ...assigned.users.flatMap((id, i) =>
        users.has(id)
          ? []
          : [{ path: `assigned.users.${i}`, message: `"${id}" is not a user in the directory` }],
      ),
      ...assigned.groups.flatMap((id, i) =>
        groups.has(id)
          ? []
          : [{ path: `assigned.groups.${i}`, message: `"${id}" is not a group in the directory` }],
      ),
    ];
    if (details.length > 0) throw new Problem("invalid", "Invalid target: unknown ids in assigned", details);
    return { users: [...new Set(assigned.users)], groups: [...new Set(assigned.groups)] };
  }

  async function save(target: Target): Promise<Target> {
    const targets = list();
    const index = targets.findIndex((t) => t.id === target.id);
    if (index === -1) targets.push(target);
    else targets[index] = target;
    await db.write();
    events.emit({ type: "target.changed", target });
    return target;
  }

  return {
    on: events.on,
    list: (): Target[] => list(),
    get: find,

    async create(body: unknown, embedded = false): Promise<Target> {
      const input = parseOrThrow(createTargetSchema, body, "target");
      // Each IdP's own habits fill what the request leaves out: Entra runs on a 40-minute schedule, Okta on edit.
      const defaults = defaultsFor(input.profile);
      const now = new Date().toISOString();
      return save({
        id: randomUUID(),
        name: input.name,
        baseUrl: input.baseUrl,
        auth: input.auth,
        profile: input.profile,
        mode: input.mode ?? defaults.mode,
        schedule:
          input.schedule ??
          (input.mode === undefined || input.mode === "schedule" ? defaults.schedule : null),
        deprovision: input.deprovision ?? defaults.deprovision,
        timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        options: input.options ?? {},
        scope: input.scope ?? "all",
        assigned: checkAssigned({ users: input.assigned?.users ?? [], groups: input.assigned?.groups ?? [] }),
        embedded,
        createdAt: now,
        updatedAt: now,
      });
    },

    async update(id: string, body: unknown): Promise<Target> {
      const current = find(id);
      const input = parseOrThrow(updateTargetSchema, body, "target");
      // A client may send back the masked URL it was shown; that keeps the stored one.
      if (input.baseUrl !== undefined && input.baseUrl === maskUrl(current.baseUrl))
        input.baseUrl = current.baseUrl;
      if (input.baseUrl !== undefined && originOf(input.baseUrl) !== originOf(current.baseUrl)) {
        // The stored secret was given for the old host; sending it to a new one must be a decision, not a side effect.
        if (!input.auth || !givesSecret(input.auth)) {
          throw new Problem(
            "invalid",
            `Invalid target: auth: moving the target to ${originOf(input.baseUrl)} needs its secret again; send "auth" with the token or password for the new host`,
            [
              {
                path: "auth",
                message: `is required when baseUrl moves to another origin (${originOf(input.baseUrl)})`,
              },
            ],
          );
        }
      }
      const next: Target = {
        ...current,
        ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
        auth: input.auth ? keepSecrets(input.auth, current.auth) : current.auth,
        assigned: checkAssigned({
          users: input.assigned?.users ?? current.assigned.users,
          groups: input.assigned?.groups ?? current.assigned.groups,
        }),
        updatedAt: new Date().toISOString(),
      };
      if (next.mode === "schedule" && !next.schedule) {
        throw new Problem("invalid", 'Invalid target: schedule: is required when mode is "schedule"', [
          { path: "schedule", message: 'is required when mode is "schedule"' },
        ]);
      }
      return save(next);
    },

    async remove(id: string): Promise<void> {
      const target = find(id);
      db.data.targets = list().filter((t) => t.id !== id);
      await db.write();
      events.emit({ type: "target.deleted", target });
    },

    /** Follows the directory: a deleted user or group leaves every assignment. */
    followDirectory(directory: { on(listener: (event: DirectoryEvent) => void): unknown }): void {
      directory.on((event) => {
        if (event.type !== "user.deleted" && event.type !== "group.deleted") return;
        const id = "user" in event ? event.user.id : event.group.id;
        this.forget(id).catch((err: unknown) =>
          console.error("scimulator: could not update a data file:", err),
        );
      });
    },

    /** Deleted users and groups leave every assignment, so a target never names what is gone. */
    async forget(id: string): Promise<Target[]> {
      const touched = list().filter((t) => t.assigned.users.includes(id) || t.assigned.groups.includes(id));
      for (const t of touched) {
        t.assigned = {
          users: t.assigned.users.filter((u) => u !== id),
          groups: t.assigned.groups.filter((g) => g !== id),
        };
      }
      if (touched.length > 0) await db.write();
      return touched;
    },

    /** The embedded org's address is only known once the server listens (port 0 in tests), so it is refreshed then. */
    async pointEmbeddedAt(baseUrl: string, token: string): Promise<void> {
      let dirty = false;
      for (const target of list()) {
        if (!target.embedded) continue;
        if (target.baseUrl === baseUrl && target.auth.type === "bearer" && target.auth.token === token)
          continue;
        Object.assign(target, { baseUrl, auth: { type: "bearer", token } });
        dirty = true;
      }
      if (dirty) await db.write();
    },
  };
}

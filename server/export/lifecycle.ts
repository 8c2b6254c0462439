import type { z } from "zod";
import type { RenderOperation, User } from "../protocol";
import { nameOf } from "../scenarios/labels";
import type { Scenario, STEPS, Step } from "../scenarios/schema";

/**
 * Stands in for the scenario's `${run}` while the dialect renders, so every place a run's own value lands (a
 * userName, a probe's filter, Entra's mailNickname) can be found again and handed to each virtual user. Letters
 * only: it passes through URL encoding and JSON unchanged.
 */
export const RUN_MARKER = "scimulatorvirtualuser";

/** One change to one directory user, in the order the scenario makes it. */
export interface UserChange {
  handle: string;
  kind: RenderOperation;
  before: User;
  after: User;
  /** The step in words as the file writes it, `${run}` and all. */
  label: string;
}

export interface Lifecycle {
  changes: UserChange[];
  /** Directory ids by handle: what a manager reference points at. */
  ids: Map<string, string>;
  /** Steps with nothing to replay (expectations, groups, the clock), in words as the file writes them. */
  skipped: string[];
}

type Fields = Omit<z.infer<(typeof STEPS)["update user"]>, "user">;

/** The first user's directory id is the marker itself, so a virtual user's value is also its user's id. */
const directoryId = (n: number) => (n === 0 ? RUN_MARKER : `${RUN_MARKER}-${n + 1}`);

/** Every virtual user needs a userName of its own: one the file fixes without `${run}` gets the marker added. */
function ownUserName(userName: string): string {
  if (userName.includes(RUN_MARKER)) return userName;
  const at = userName.lastIndexOf("@");
  return at < 0 ? `${userName}.${RUN_MARKER}` : `${userName.slice(0, at)}.${RUN_MARKER}${userName.slice(at)}`;
}

function withFields(user: User, fields: Fields, ids: Map<string, string>): User {
  // The directory password is never replayed: a script must not carry it, and no dialect sends it by default.
  const { manager, password: _password, ...rest } = fields;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const next: User = { ...user, ...defined };
  if (manager !== undefined) next.managerId = manager === null ? null : (ids.get(manager) ?? null);
  if (rest.userName !== undefined) next.userName = ownUserName(rest.userName);
  return next;
}

/** A new directory user with the defaults the scenario runner gives it. */
function newUser(handle: string, id: string): User {
  return {
    id,
    userName: `${handle}.${RUN_MARKER}@example.com`,
    givenName: (handle[0]?.toUpperCase() ?? "") + handle.slice(1),
    familyName: "Scenario",
    displayName: null,
    email: null,
    title: null,
    department: null,
    employeeNumber: null,
    managerId: null,
    phone: null,
    locale: null,
    active: true,
    passwordSet: false,
    origin: null,
    createdAt: "2026-01-05T09:00:00.000Z",
    updatedAt: "2026-01-05T09:00:00.000Z",
  };
}

/**
 * The scenario's user lifecycle as directory changes: creates, updates, deactivations, reactivations and
 * deletes, each with the user before and after. Load comes from many virtual users each living this one life, so
 * a bulk `create users` stands for one generated user per virtual user.
 */
export function lifecycleOf(scenario: Scenario): Lifecycle {
  const users = new Map<string, User>();
  const ids = new Map<string, string>();
  const changes: UserChange[] = [];
  const skipped: string[] = [];
  const change = (step: Step, handle: string, kind: RenderOperation, after: (u: User) => User) => {
    const before = users.get(handle);
    if (!before) {
      skipped.push(`${nameOf(step)} (no such user in the replay)`);
      return;
    }
    const next = after(before);
    changes.push({ handle, kind, before, after: next, label: nameOf(step) });
    users.set(handle, next);
  };
  const create = (step: Step, handle: string, make: (u: User) => User) => {
    const id = directoryId(ids.size);
    ids.set(handle, id);
    const user = make(newUser(handle, id));
    users.set(handle, user);
    changes.push({ handle, kind: "create", before: user, after: user, label: nameOf(step) });
  };
  for (const step of scenario.steps) {
    switch (step.verb) {
      case "create user": {
        const { as, active, ...fields } = step.args;
        create(step, as, (u) => ({
          ...withFields(u, fields, ids),
          ...(active === undefined ? {} : { active }),
        }));
        break;
      }
      case "create users": {
        const prefix = step.args.prefix ?? "user";
        create(step, `${prefix}1`, (u) => ({
          ...u,
          userName: `${prefix}.${RUN_MARKER}@example.com`,
          email: `${prefix}.${RUN_MARKER}@example.com`,
          familyName: "Load",
          department: step.args.department ?? null,
        }));
        break;
      }
      case "update user": {
        const { user, ...fields } = step.args;
        change(step, user, "update", (u) => withFields(u, fields, ids));
        break;
      }
      case "deactivate user":
        change(step, step.args, "deactivate", (u) => ({ ...u, active: false }));
        break;
      case "reactivate user":
        change(step, step.args, "reactivate", (u) => ({ ...u, active: true }));
        break;
      case "delete user":
        change(step, step.args, "delete", (u) => u);
        users.delete(step.args);
        break;
      default:
        skipped.push(nameOf(step));
    }
  }
  return { changes, ids, skipped };
}

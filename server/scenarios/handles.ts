import type { Step } from "./schema";

type Path = Array<string | number>;

/** A step may only name a user, group or app that an earlier step created. */
export function checkHandles(
  steps: Step[],
  declared: Set<string>,
  place: (path: Path, message: string) => void,
): void {
  const users = new Set<string>();
  const groups = new Set<string>();
  const apps = new Set<string>();
  const need = (set: Set<string>, kind: string, name: string | null | undefined, index: number) => {
    if (name && !set.has(name) && !declared.has(name))
      place(["steps", index], `steps.${index}: no ${kind} "${name}" was created before this step`);
  };
  for (const step of steps) {
    const i = step.at;
    const a = step.args as Record<string, unknown> | string | null;
    switch (step.verb) {
      case "create user":
        need(users, "user", step.args.manager, i);
        users.add(step.args.as);
        break;
      case "create users":
        for (let n = 1; n <= step.args.count; n++) users.add(`${step.args.prefix ?? "user"}${n}`);
        break;
      case "create group":
        for (const m of step.args.members ?? []) need(users, "user", m, i);
        groups.add(step.args.as);
        break;
      case "update user":
        need(users, "user", step.args.user, i);
        need(users, "user", step.args.manager, i);
        break;
      case "deactivate user":
      case "reactivate user":
      case "delete user":
      case "provision":
        need(users, "user", a as string, i);
        break;
      case "rename group":
      case "set members":
      case "expect group":
        need(groups, "group", step.args.group, i);
        if (step.verb === "set members") for (const m of step.args.members) need(users, "user", m, i);
        break;
      case "delete group":
        need(groups, "group", step.args, i);
        break;
      case "assign":
      case "unassign":
        for (const u of step.args.users ?? []) need(users, "user", u, i);
        for (const g of step.args.groups ?? []) need(groups, "group", g, i);
        break;
      case "expect user":
      case "expect deprovisioned":
        need(users, "user", step.args.user, i);
        break;
      case "create app":
        for (const u of step.args.users ?? []) need(users, "user", u, i);
        for (const g of step.args.groups ?? []) need(groups, "group", g, i);
        apps.add(step.args.as);
        break;
      case "sign in":
      case "expect sign-in":
      case "expect sign-in refused":
      case "expect signed out":
        need(users, "user", step.args.user, i);
        need(apps, "app", step.args.app, i);
        break;
      default:
        break;
    }
  }
}

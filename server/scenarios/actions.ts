import type { z } from "zod";
import { groupId, type RunContext, type StepOutcome, userId } from "./context";
import { describeCycle } from "./cycle-note";
import { durationMs } from "./match";
import type { STEPS } from "./schema";

type Args<V extends keyof typeof STEPS> = z.infer<(typeof STEPS)[V]>;

function userBody(ctx: RunContext, args: Omit<Args<"update user">, "user">) {
  const { manager, ...rest } = args;
  return {
    ...rest,
    ...(manager === undefined ? {} : { managerId: manager === null ? null : userId(ctx, manager) }),
  };
}

/** When the run owns its target, what it is about to create is claimed for that target alone. */
function claim(ctx: RunContext, kind: "user" | "group", name: unknown): void {
  if (ctx.claimFor && typeof name === "string") ctx.host.claims.claim(kind, name, ctx.claimFor);
}

export async function createUser(ctx: RunContext, args: Args<"create user">): Promise<StepOutcome> {
  const { as, ...fields } = args;
  const body = {
    userName: `${as}.${ctx.runTag}@example.com`,
    givenName: as[0]?.toUpperCase() + as.slice(1),
    familyName: "Scenario",
    ...userBody(ctx, fields),
  };
  claim(ctx, "user", body.userName);
  const user = await ctx.host.directory.createUser(body, ctx.origin ?? null);
  ctx.users.set(as, user.id);
  return {};
}

export async function updateUser(ctx: RunContext, args: Args<"update user">): Promise<StepOutcome> {
  const { user, ...fields } = args;
  await ctx.host.directory.updateUser(userId(ctx, user), userBody(ctx, fields));
  return {};
}

export async function setActive(ctx: RunContext, handle: string, active: boolean): Promise<StepOutcome> {
  if (!active) ctx.offboardedAt.set(handle, Date.now());
  await ctx.host.directory.updateUser(userId(ctx, handle), { active });
  return {};
}

export async function deleteUser(ctx: RunContext, handle: string): Promise<StepOutcome> {
  ctx.offboardedAt.set(handle, Date.now());
  await ctx.host.directory.deleteUser(userId(ctx, handle));
  return {};
}

/** Generated people from a seeded faker: the same names on every run, so runs compare. */
export async function createUsers(ctx: RunContext, args: Args<"create users">): Promise<StepOutcome> {
  // Loaded when a scenario first generates people, not with the server (see the seed).
  const { en, Faker } = await import("@faker-js/faker");
  const faker = new Faker({ locale: [en], seed: ctx.seed });
  const prefix = args.prefix ?? "user";
  const started = Date.now();
  for (let n = 1; n <= args.count; n++) {
    const givenName = faker.person.firstName();
    const familyName = faker.person.lastName();
    const userName = `${prefix}${n}.${ctx.runTag}@example.com`.toLowerCase();
    claim(ctx, "user", userName);
    const user = await ctx.host.directory.createUser(
      {
        userName,
        givenName,
        familyName,
        email: userName,
        title: faker.person.jobTitle(),
        department: args.department ?? faker.commerce.department(),
      },
      ctx.origin ?? null,
    );
    ctx.users.set(`${prefix}${n}`, user.id);
  }
  const seconds = (Date.now() - started) / 1000;
  return { note: `${args.count} users created in the directory in ${seconds.toFixed(2)} s` };
}

export async function createGroup(ctx: RunContext, args: Args<"create group">): Promise<StepOutcome> {
  claim(ctx, "group", args.displayName);
  const group = await ctx.host.directory.createGroup(
    { displayName: args.displayName, members: (args.members ?? []).map((m) => userId(ctx, m)) },
    ctx.origin ?? null,
  );
  ctx.groups.set(args.as, group.id);
  return {};
}

export async function renameGroup(ctx: RunContext, args: Args<"rename group">): Promise<StepOutcome> {
  await ctx.host.directory.updateGroup(groupId(ctx, args.group), { displayName: args.displayName });
  return {};
}

export async function setMembers(ctx: RunContext, args: Args<"set members">): Promise<StepOutcome> {
  await ctx.host.directory.updateGroup(groupId(ctx, args.group), {
    members: args.members.map((m) => userId(ctx, m)),
  });
  return {};
}

export async function deleteGroup(ctx: RunContext, handle: string): Promise<StepOutcome> {
  await ctx.host.directory.deleteGroup(groupId(ctx, handle));
  return {};
}

export async function assign(ctx: RunContext, args: Args<"assign">, add: boolean): Promise<StepOutcome> {
  const current = ctx.host.targets.get(ctx.target.id);
  const users = (args.users ?? []).map((u) => userId(ctx, u));
  const groups = (args.groups ?? []).map((g) => groupId(ctx, g));
  if (!add) {
    // Unassigning a group offboards its members as much as unassigning them one by one.
    const viaGroups = groups.flatMap((g) => ctx.host.directory.findGroup(g)?.members ?? []);
    for (const [handle, id] of ctx.users) {
      if ((args.users ?? []).includes(handle) || viaGroups.includes(id))
        ctx.offboardedAt.set(handle, Date.now());
    }
  }
  const next = add
    ? { users: [...current.assigned.users, ...users], groups: [...current.assigned.groups, ...groups] }
    : {
        users: current.assigned.users.filter((u) => !users.includes(u)),
        groups: current.assigned.groups.filter((g) => !groups.includes(g)),
      };
  ctx.target = await ctx.host.targets.update(ctx.target.id, { scope: "assigned", assigned: next });
  return {};
}

export async function sync(ctx: RunContext, args: Args<"sync">): Promise<StepOutcome> {
  const record = await ctx.host.cycles.runCycle(ctx.target.id, {
    kind: args?.kind ?? "full",
    cause: "scenario",
    fix: args?.fix,
  });
  const drift = record.drift
    ? `; drift: ${record.drift.missing.length} missing, ${record.drift.unknown.length} unknown, ${record.drift.different.length} different`
    : "";
  return { note: `${describeCycle(record, ctx.host.log.list())}${drift}` };
}

export async function provision(ctx: RunContext, handle: string): Promise<StepOutcome> {
  const result = await ctx.host.actions.provisionOne(ctx.target.id, userId(ctx, handle));
  return { note: `provision on demand: ${result.outcome}${result.error ? ` (${result.error})` : ""}` };
}

/** Waits for the target's next scheduled cycle to finish. */
export async function waitForCycle(ctx: RunContext, args: Args<"wait for cycle">): Promise<StepOutcome> {
  const before = ctx.host.cycles.history(ctx.target.id).length;
  const within = durationMs(args?.within, 60_000);
  const deadline = Date.now() + within;
  while (Date.now() < deadline) {
    const history = ctx.host.cycles.history(ctx.target.id);
    const last = history.at(-1);
    if (history.length > before && last) {
      return { note: describeCycle(last, ctx.host.log.list()) };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    failure: {
      message: `no cycle finished within ${within / 1000} s`,
      expected: "a finished cycle",
      actual: "none",
    },
  };
}

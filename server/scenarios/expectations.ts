import type { z } from "zod";
import type { Exchange } from "../protocol";
import {
  eventually,
  groupId,
  type RunContext,
  rememberRemoteIds,
  type StepOutcome,
  traffic,
  userId,
} from "./context";
import { contains, durationMs, readScimPath } from "./match";
import type { STEPS } from "./schema";
import type { ScimResource } from "./target-reader";

type Args<V extends keyof typeof STEPS> = z.infer<(typeof STEPS)[V]>;

const DEFAULT_WITHIN = 10_000;

/**
 * The last exchange about a user or group on this target: where a reader should look when a check fails. Work
 * still in flight settles first (for at most two seconds): the target may already hold what a request sent a
 * moment before that request's exchange is recorded, and the evidence should be that request.
 */
async function lastExchangeOf(
  ctx: RunContext,
  id: { userId?: string; groupId?: string },
): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ctx.host.idle(),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 2000);
    }),
  ]);
  clearTimeout(timer);
  const about = traffic(ctx).filter(
    (e) => (id.userId && e.cause.userId === id.userId) || (id.groupId && e.cause.groupId === id.groupId),
  );
  // A refusal explains a missing or stale resource better than the reads that came after it.
  const refused = about.filter((e) => !e.response || e.response.status >= 400);
  return (refused.at(-1) ?? about.at(-1))?.id;
}

const isActive = (resource: ScimResource) => {
  const v = resource.active;
  return v === undefined ? true : v === true || (typeof v === "string" && v.toLowerCase() === "true");
};

export async function expectUser(ctx: RunContext, args: Args<"expect user">): Promise<StepOutcome> {
  const id = userId(ctx, args.user);
  const user = ctx.host.directory.findUser(id);
  const userName = user?.userName ?? ctx.host.links.get(ctx.target.id, id)?.pushed.userName ?? args.user;
  const wantExists = args.exists ?? true;
  let last: {
    resource: ScimResource | null;
    problem: { field: string; expected: unknown; actual: unknown } | null;
  } = {
    resource: null,
    problem: null,
  };
  const ok = await eventually(durationMs(args.within, DEFAULT_WITHIN), async () => {
    const resource = await ctx.reader.user(ctx.target, id, userName);
    last = { resource, problem: null };
    if (Boolean(resource) !== wantExists) {
      last.problem = { field: "exists", expected: wantExists, actual: Boolean(resource) };
      return undefined;
    }
    if (!resource) return true;
    if (args.active !== undefined && isActive(resource) !== args.active) {
      last.problem = { field: "active", expected: args.active, actual: resource.active };
      return undefined;
    }
    for (const [path, expected] of Object.entries(args.attributes ?? {})) {
      const actual = readScimPath(resource, path);
      if (actual !== expected && !(expected === null && actual === undefined)) {
        last.problem = { field: path, expected, actual: actual ?? null };
        return undefined;
      }
    }
    return true;
  });
  if (ok) return {};
  const problem = last.problem ?? { field: "exists", expected: wantExists, actual: false };
  return {
    failure: {
      message: `user ${args.user} (${userName}) on the target: ${problem.field} is ${JSON.stringify(problem.actual)}, expected ${JSON.stringify(problem.expected)}`,
      expected: problem.expected,
      actual: problem.actual,
      exchangeId: await lastExchangeOf(ctx, { userId: id }),
    },
  };
}

export async function expectGroup(ctx: RunContext, args: Args<"expect group">): Promise<StepOutcome> {
  const id = groupId(ctx, args.group);
  const group = ctx.host.directory.findGroup(id);
  const name =
    group?.displayName ?? ctx.host.links.getGroup(ctx.target.id, id)?.pushed.displayName ?? args.group;
  const wantExists = args.exists ?? true;
  const expectedMembers = () =>
    (args.members ?? [])
      .map(
        (m) => ctx.host.links.get(ctx.target.id, userId(ctx, m))?.remoteId ?? `(${m} is not on the target)`,
      )
      .sort();
  let actual: unknown = null;
  const ok = await eventually(durationMs(args.within, DEFAULT_WITHIN), async () => {
    const resource = await ctx.reader.group(ctx.target, id, name);
    const members = ((resource?.members as Array<{ value: string }> | undefined) ?? [])
      .map((m) => m.value)
      .sort();
    actual = resource ? { exists: true, members } : { exists: false };
    if (Boolean(resource) !== wantExists) return undefined;
    if (!resource || args.members === undefined) return true;
    return JSON.stringify(members) === JSON.stringify(expectedMembers()) ? true : undefined;
  });
  if (ok) return {};
  const expected =
    args.members === undefined ? { exists: wantExists } : { exists: wantExists, members: expectedMembers() };
  return {
    failure: {
      message: `group ${args.group} (${name}) on the target is not as expected`,
      expected,
      actual,
      exchangeId: await lastExchangeOf(ctx, { groupId: id }),
    },
  };
}

/** `{alice}` in a path stands for alice's id on the target. */
function pathPattern(ctx: RunContext, path: string): string {
  rememberRemoteIds(ctx);
  return path.replace(/\{([A-Za-z][\w-]*)\}/g, (whole, handle: string) => ctx.remote.get(handle) ?? whole);
}

function matching(
  ctx: RunContext,
  args: { method?: string; path?: string; bodyContains?: unknown; status?: number },
): Exchange[] {
  const base = ctx.target.baseUrl;
  const pattern = args.path ? pathPattern(ctx, args.path) : undefined;
  return traffic(ctx).filter((e) => {
    if (args.method && e.request.method !== args.method) return false;
    if (args.status !== undefined && e.response?.status !== args.status) return false;
    if (pattern) {
      const relative = decodeURIComponent(
        e.request.url.startsWith(base) ? e.request.url.slice(base.length) : new URL(e.request.url).pathname,
      );
      const subject = pattern.includes("?") ? relative : (relative.split("?")[0] ?? "");
      if (subject !== pattern) return false;
    }
    return args.bodyContains === undefined || contains(e.request.body, args.bodyContains);
  });
}

function countOk(n: number, count: Args<"expect traffic">["count"]): boolean {
  if (count === undefined) return n >= 1;
  if (typeof count === "number") return n === count;
  return n >= (count.min ?? 0) && n <= (count.max ?? Number.POSITIVE_INFINITY);
}

export async function expectTraffic(ctx: RunContext, args: Args<"expect traffic">): Promise<StepOutcome> {
  let found: Exchange[] = [];
  const ok = await eventually(durationMs(args.within, DEFAULT_WITHIN), async () => {
    await ctx.host.idle();
    found = matching(ctx, args);
    return countOk(found.length, args.count) ? true : undefined;
  });
  const what = [args.method ?? "any method", args.path ?? "any path"].join(" ");
  const expected = args.count ?? "at least 1";
  if (!ok) {
    const nearest = matching(ctx, { method: args.method, path: args.path }).at(-1) ?? traffic(ctx).at(-1);
    return {
      failure: {
        message: `expected ${JSON.stringify(expected)} request(s) ${what}${args.bodyContains ? " with the given body" : ""}, saw ${found.length}`,
        expected: { count: expected, ...(args.bodyContains ? { bodyContains: args.bodyContains } : {}) },
        actual: {
          count: found.length,
          ...(nearest
            ? {
                nearest: {
                  method: nearest.request.method,
                  url: nearest.request.url,
                  body: nearest.request.body,
                },
              }
            : {}),
        },
        exchangeId: nearest?.id,
      },
    };
  }
  if (found.length > 1) {
    const first = Date.parse(found[0]?.at ?? "");
    const last = Date.parse(found.at(-1)?.at ?? "");
    const seconds = Math.max(0.001, (last - first) / 1000);
    return {
      note: `${found.length} × ${what} in ${seconds.toFixed(2)} s (${(found.length / seconds).toFixed(1)} requests/s)`,
    };
  }
  return {};
}

export async function expectNoTraffic(
  ctx: RunContext,
  args: Args<"expect no traffic">,
): Promise<StepOutcome> {
  await ctx.host.idle();
  const found = matching(ctx, args);
  if (found.length === 0) return {};
  return {
    failure: {
      message: `expected no ${args.method ?? ""} ${args.path ?? ""} request, saw ${found.length}`.replace(
        /\s+/g,
        " ",
      ),
      expected: 0,
      actual: found.length,
      exchangeId: found[0]?.id,
    },
  };
}

const IPSIE_MS = 5 * 60_000;

/** IPSIE asks that access ends within five minutes of the decision; this measures it on this target. */
export async function expectDeprovisioned(
  ctx: RunContext,
  args: Args<"expect deprovisioned">,
): Promise<StepOutcome> {
  const id = userId(ctx, args.user);
  const since = ctx.offboardedAt.get(args.user);
  if (since === undefined)
    return {
      failure: { message: `user ${args.user} was never deactivated, deleted or unassigned in this run` },
    };
  const within = durationMs(args.within, IPSIE_MS);
  const userName =
    ctx.host.directory.findUser(id)?.userName ??
    ctx.host.links.get(ctx.target.id, id)?.pushed.userName ??
    args.user;
  const done = await eventually(Math.max(0, since + within - Date.now()), async () => {
    const resource = await ctx.reader.user(ctx.target, id, userName);
    return !resource || !isActive(resource) ? Date.now() : undefined;
  });
  if (done === undefined) {
    return {
      failure: {
        message: `user ${args.user} still active on the target ${within / 1000} s after the decision`,
        expected: `inactive or absent within ${within / 1000} s`,
        actual: "active",
        exchangeId: await lastExchangeOf(ctx, { userId: id }),
      },
    };
  }
  const seconds = (done - since) / 1000;
  const goal = within === IPSIE_MS ? "IPSIE's goal: 300 s" : `goal ${within / 1000} s; IPSIE asks for 300 s`;
  return { note: `deprovisioned in ${seconds.toFixed(2)} s (${goal})` };
}

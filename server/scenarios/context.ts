import type { App, Exchange, RunOrigin, Target } from "../protocol";
import type { HeadlessBrowser } from "../signin/browser";
import type { ScenarioHost } from "./host";
import type { StepFailure } from "./result";
import { READ_CAUSE, type TargetReader } from "./target-reader";

/** What the steps of one run share. */
export interface RunContext {
  host: ScenarioHost;
  target: Target;
  reader: TargetReader;
  /** Scenario handles to directory ids. */
  users: Map<string, string>;
  groups: Map<string, string>;
  /** Handles to ids on the target, remembered so a path can still name an account after it was deleted. */
  remote: Map<string, string>;
  /** When a user was last deactivated or deleted, for "expect deprovisioned". */
  offboardedAt: Map<string, number>;
  startedAt: number;
  /** Seed for generated people, so a bulk step makes the same people every run. */
  seed: number;
  /** Unique per run, in generated userNames, so runs against a long-lived server never collide. */
  runTag: string;
  /** Set when the run owns its target: the people and groups it creates are provisioned by that target alone. */
  claimFor?: string;
  /** A live run's mark on what it creates, so the app can list and remove its leftovers. */
  origin?: RunOrigin;
  /** Apps the run registered at the embedded IdP, by handle, with the client secret shown at their creation. */
  apps: Map<string, { app: App; secret: string | null }>;
  /** Each user's browser (its IdP session cookies) and the refresh tokens of their sign-ins, by app handle. */
  browsers: Map<string, { browser: HeadlessBrowser; refreshTokens: Map<string, string> }>;
}

export interface StepOutcome {
  note?: string;
  failure?: StepFailure;
}

export class StepFailed extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.message);
  }
}

export function userId(ctx: RunContext, handle: string): string {
  const id = ctx.users.get(handle);
  if (!id) throw new StepFailed({ message: `no user "${handle}" in this run` });
  return id;
}

export function groupId(ctx: RunContext, handle: string): string {
  const id = ctx.groups.get(handle);
  if (!id) throw new StepFailed({ message: `no group "${handle}" in this run` });
  return id;
}

/** The run's provisioning traffic to its target, without the reads that expectations make. */
export function traffic(ctx: RunContext): Exchange[] {
  const since = new Date(ctx.startedAt).toISOString();
  return ctx.host.log
    .list()
    .filter((e) => e.targetId === ctx.target.id && e.at >= since && e.cause.type !== READ_CAUSE);
}

/** Polls until `check` returns a value or the time is up; never a blind sleep. */
export async function eventually<T>(
  withinMs: number,
  check: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (value !== undefined || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(1, deadline - Date.now()))));
  }
}

/** Notes every handle's id on the target while it is known. */
export function rememberRemoteIds(ctx: RunContext): void {
  for (const [handle, id] of ctx.users) {
    const link = ctx.host.links.get(ctx.target.id, id);
    if (link) ctx.remote.set(handle, link.remoteId);
  }
  for (const [handle, id] of ctx.groups) {
    const link = ctx.host.links.getGroup(ctx.target.id, id);
    if (link) ctx.remote.set(handle, link.remoteId);
  }
}

import type {
  CheckFinding,
  CheckId,
  CheckProfile,
  CheckResult,
  Exchange,
  Target,
  TargetAuth,
} from "../protocol";
import type { Dialect, ScimRequest, ScimResponse } from "../provisioning/dialects/types";
import type { CheckHost } from "./host";

/** The unique names of one IdP's test resources. */
export interface TestNames {
  a: string;
  aEmail: string;
  aRenamed: string;
  b: string;
  group: string;
  groupRenamed: string;
}

/** What the checks of one IdP share while they run. */
export interface DialectRun {
  host: CheckHost;
  profile: CheckProfile;
  dialect: Dialect;
  target: Target;
  names: TestNames;
  /** Directory ids of the test users and group. */
  ids: { a?: string; b?: string; group?: string };
  /** Their ids on the server, remembered after the link is gone. */
  remote: { a?: string; b?: string; group?: string };
  /** The checks done so far. */
  results: Map<CheckId, CheckResult>;
  /** The server takes no credentials, so there is no wrong one to send. */
  noAuth: boolean;
}

/** What a check found; the runner adds the verdict, the explanation and the exchanges. */
export interface Outcome {
  findings: CheckFinding[];
  /** One line for the report; by default the outline of the exchanges. */
  summary?: string;
  /** Set when the check could not run at all. */
  skip?: string;
}

export type CheckRun = (run: DialectRun) => Promise<Outcome>;

/** The exchanges of this IdP's target that are not in `seen`, oldest first. */
export function newExchanges(run: DialectRun, seen: ReadonlySet<string>): Exchange[] {
  return run.host.log.list().filter((e) => e.targetId === run.target.id && !seen.has(e.id));
}

export function seenNow(run: DialectRun): Set<string> {
  return new Set(
    run.host.log
      .list()
      .filter((e) => e.targetId === run.target.id)
      .map((e) => e.id),
  );
}

/**
 * Sends one request as the IdP would (its headers, its credential unless another is given) and returns the
 * exchange the log recorded, so findings can point at it.
 */
export async function ask(
  run: DialectRun,
  request: ScimRequest,
  auth?: TargetAuth,
): Promise<{ exchange: Exchange; response: ScimResponse }> {
  const seen = seenNow(run);
  const target = auth ? { ...run.target, auth } : run.target;
  const response = await run.host.send(target, run.dialect, request, { type: "check" });
  // The last of this request's attempts; provisioning still in flight on the target is left out.
  const exchange = newExchanges(run, seen)
    .filter((e) => e.cause.type === "check" && e.request.method === request.method)
    .at(-1);
  if (!exchange) throw new Error(`the log holds no exchange for ${request.method} ${request.path}`);
  return { exchange, response };
}

export const read = (run: DialectRun, path: string, query: Array<[string, string]> = []) =>
  ask(run, { method: "GET", path, query });

/** Runs a directory change and waits until the IdP has pushed everything it makes the target do. */
export async function provision(run: DialectRun, change: () => Promise<unknown>): Promise<Exchange[]> {
  const seen = seenNow(run);
  await change();
  await run.host.idle();
  rememberRemoteIds(run);
  return newExchanges(run, seen).filter((e) => e.cause.type !== "check");
}

export function rememberRemoteIds(run: DialectRun): void {
  const { links } = run.host;
  const user = (id: string | undefined) => (id ? links.get(run.target.id, id)?.remoteId : undefined);
  run.remote.a = user(run.ids.a) ?? run.remote.a;
  run.remote.b = user(run.ids.b) ?? run.remote.b;
  const group = run.ids.group ? links.getGroup(run.target.id, run.ids.group)?.remoteId : undefined;
  run.remote.group = group ?? run.remote.group;
}

/** The test user's userName on the server: the new one once the rename went through. */
export function userNameOfA(run: DialectRun): string {
  const renamed = run.results.get("user.rename")?.verdict;
  return renamed === "pass" || renamed === "warning" ? run.names.aRenamed : run.names.a;
}

export const userPath = (id: string) => `/Users/${encodeURIComponent(id)}`;
export const groupPath = (id: string) => `/Groups/${encodeURIComponent(id)}`;

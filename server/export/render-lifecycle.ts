import {
  type DeprovisionAction,
  type Profile,
  RENDER_BASE_URL,
  type TargetOptions,
  type User,
} from "../protocol";
import type { ScimRequest, ScimResponse } from "../provisioning/dialects/types";
import { operationFor, renderOperation } from "../provisioning/dry-run";
import { changedFields } from "../provisioning/plan";
import { cannedAccount } from "./canned-account";
import type { Lifecycle } from "./lifecycle";

/** One request of the replay, as the dialect renders it, with its path below the base URL. */
export interface ReplayRequest {
  method: string;
  /** Path and query below the base URL, encoded as the dialect encodes them. */
  path: string;
  /** Lower-case names, as the renderer gives them; the credential is a placeholder. */
  headers: Record<string, string>;
  body: unknown;
  /** The answer is the first to carry this user's id on the target: where a script has to pick it up. */
  reveals?: { handle: string; json: string };
}

export interface ReplayStep {
  label: string;
  requests: ReplayRequest[];
}

/**
 * Stands in for the id the target gives a user, found again in the paths and bodies that name it. The ending
 * keeps one user's stand-in from being the start of another's.
 */
export const remoteIdStandIn = (n: number) => `scimulator-remote-id-${n}-end`;

export interface ReplaySettings {
  targetOptions?: TargetOptions;
  /** What a directory delete becomes; the dialect's default unless the scenario's target says otherwise. */
  deprovision?: DeprovisionAction;
}

/** Where an answer carries the new id: a create's body, or the first match of a listing. */
function revealedAt(request: ScimRequest, response: ScimResponse, remoteId: string): string | null {
  const body = response.body as { id?: unknown; Resources?: Array<{ id?: unknown }> } | null;
  if (body?.id === remoteId) return "$.id";
  if (request.path === "/Users" && body?.Resources?.[0]?.id === remoteId) return "$.Resources[0].id";
  return null;
}

/**
 * Every change of the lifecycle, rendered by the profile's own dialect code exactly as the compare view and dry
 * runs render it, against one canned account per user. Changes that send nothing are left out.
 */
export function renderLifecycle(
  profile: Profile,
  lifecycle: Lifecycle,
  settings: ReplaySettings,
): ReplayStep[] {
  const handles = [...lifecycle.ids.keys()];
  const remote = new Map(handles.map((h, i) => [h, remoteIdStandIn(i + 1)]));
  const handleOf = new Map([...lifecycle.ids].map(([handle, id]) => [id, handle]));
  const accounts = new Map(handles.map((h) => [h, cannedAccount(remote.get(h) ?? "")]));
  const current = new Map<string, User>();
  const revealed = new Set<string>();
  const steps: ReplayStep[] = [];
  for (const change of lifecycle.changes) {
    current.set(change.handle, change.after);
    if (change.kind === "update" && changedFields(change.before, change.after).length === 0) continue;
    const planned = operationFor(change.kind, change.before, change.after, profile);
    const op =
      planned.kind === "deprovision" && settings.deprovision
        ? { ...planned, action: settings.deprovision }
        : planned;
    const remoteId = remote.get(change.handle) ?? "";
    const account = accounts.get(change.handle);
    const reveals: Array<ReplayRequest["reveals"]> = [];
    const rendering = renderOperation(profile, op, {
      baseUrl: RENDER_BASE_URL,
      targetOptions: settings.targetOptions ?? {},
      remoteId,
      // A manager is referenced by its id on the target, which exists only once its create has been answered.
      remoteIdOf: (id) => {
        const handle = handleOf.get(id);
        return handle && revealed.has(handle) ? (remote.get(handle) ?? null) : null;
      },
      userOf: (id) => current.get(handleOf.get(id) ?? ""),
      answer: (request) => {
        const response = account ? account(request) : { status: 500, headers: {}, body: null };
        const json = revealed.has(change.handle) ? null : revealedAt(request, response, remoteId);
        if (json) revealed.add(change.handle);
        reveals.push(json ? { handle: change.handle, json } : undefined);
        return response;
      },
    });
    if (rendering.outcome === "failed")
      throw new Error(`${profile} could not render "${change.label}" against a well-behaved target`);
    const requests = rendering.exchanges.map((e, i): ReplayRequest => {
      const reveal = reveals[i];
      return {
        method: e.method,
        path: e.url.slice(RENDER_BASE_URL.length),
        headers: e.headers,
        body: e.body,
        ...(reveal ? { reveals: reveal } : {}),
      };
    });
    if (requests.length > 0) steps.push({ label: change.label, requests });
  }
  return steps;
}

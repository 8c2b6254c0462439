import { PATCH_OP, type ScimObject } from "../scim-user";
import type { FlowResult, ScimResponse } from "./types";

export const ok = (r: ScimResponse) => r.status >= 200 && r.status < 300;

/** A SCIM filter literal: RFC 7644 §3.4.2.2 strings are JSON strings, so JSON escaping is the right escaping. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

export function describeFailure(r: ScimResponse, doing: string): Extract<FlowResult, { outcome: "failed" }> {
  const body = r.body as { detail?: unknown; scimType?: unknown } | null;
  const detail =
    body && typeof body === "object" && typeof body.detail === "string" ? `: ${body.detail}` : "";
  const scimType =
    body && typeof body === "object" && typeof body.scimType === "string" ? ` (${body.scimType})` : "";
  const status = r.status === 0 ? "no response" : `HTTP ${r.status}`;
  return { outcome: "failed", status: r.status, error: `${doing} failed with ${status}${scimType}${detail}` };
}

/** A 409 on create under an IdP that does not link (Okta, Entra) ends the object's task instead of retrying. */
export function stopOnConflict(
  spec: { onConflict: "link" | "fail" },
  failure: Extract<FlowResult, { outcome: "failed" }>,
): Extract<FlowResult, { outcome: "failed" }> {
  return failure.status === 409 && spec.onConflict === "fail"
    ? {
        ...failure,
        stop: true,
        error: `${failure.error}; stopped, not retried until the next edit, sync or restart`,
      }
    : failure;
}

/** The first resource in a ListResponse that has an id, or null when it lists none. */
export function firstListed(r: ScimResponse): (Record<string, unknown> & { id: string }) | null {
  if (r.status === 404) return null; // Okta and OneLogin both accept a 404 as "no such user"
  const body = r.body as { schemas?: unknown; Resources?: unknown; totalResults?: unknown } | null;
  if (!body || typeof body !== "object" || !Array.isArray(body.Resources)) return null;
  const first = body.Resources[0] as { id?: unknown } | undefined;
  return typeof first?.id === "string" ? (first as Record<string, unknown> & { id: string }) : null;
}

/** The id of the first resource in a ListResponse, or null when it lists none. */
export function firstListedId(r: ScimResponse): string | null {
  return firstListed(r)?.id ?? null;
}

export function createdId(r: ScimResponse): string | null {
  const body = r.body as { id?: unknown } | null;
  return body && typeof body.id === "string" ? body.id : null;
}

export function patchOf(Operations: ScimObject[]): ScimObject {
  return { schemas: [PATCH_OP], Operations };
}

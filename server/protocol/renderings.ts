// Renderings: one change as each dialect would send it, with nothing sent (the compare view and dry runs).

import type { User, UserPatch } from "./directory";
import type { Profile } from "./targets";

export const RENDER_OPERATIONS = ["create", "update", "deactivate", "reactivate", "delete"] as const;
export type RenderOperation = (typeof RENDER_OPERATIONS)[number];

/** The base URL renderings use when the request names none. */
export const RENDER_BASE_URL = "https://app.example.com/scim/v2";

/** What POST /api/dialects/render takes. */
export interface RenderRequest {
  operation: RenderOperation;
  userId?: string;
  changes?: UserPatch;
  profiles?: Profile[];
}

export interface RenderedExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** The answer the renderer assumed, so a reader can follow why the next request is what it is. */
  assumedStatus: number;
}

export interface Rendering {
  profile: Profile;
  exchanges: RenderedExchange[];
  outcome:
    | "created"
    | "linked"
    | "recreated"
    | "updated"
    | "deactivated"
    | "reactivated"
    | "unchanged"
    | "deleted"
    | "failed";
}

export interface RenderResult {
  operation: RenderOperation;
  before: User;
  after: User;
  renderings: Rendering[];
}

// The embedded org, the clock and the server, as the control API describes them; and the SCIM shapes the UI reads.

export interface Health {
  ok: boolean;
  version: string;
}

/** GET /api/target-org: where the embedded org is, its token, and its knobs. */
export interface TargetOrgInfo {
  baseUrl: string;
  token: string;
  strict?: boolean;
  users?: number;
  groups?: number;
}

/** The simulated clock: its speed and its time, with the server's real time at the moment of reading. */
export interface ClockState {
  scale: number;
  now: string;
  realNow?: string;
}

/** The parts of a SCIM User resource the target-org panel shows. */
export interface ScimUser {
  id: string;
  userName: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  displayName?: string;
  active?: boolean;
  emails?: Array<{ value: string; primary?: boolean }>;
  meta?: { lastModified?: string };
}

/** The parts of a SCIM Group resource the org-groups panel shows. */
export interface ScimGroup {
  id: string;
  displayName: string;
  members?: Array<{ value: string; display?: string }>;
  meta?: { lastModified?: string };
}

export interface ListResponse<T> {
  totalResults?: number;
  Resources?: T[];
}

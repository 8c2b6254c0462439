import type { CheckId } from "../protocol";

/** A failure in words: what the IdP's admin would see, and what the server should do instead. */
export interface Explanation {
  admin: string;
  fix: string;
}

/**
 * Per check, keyed "*" for every IdP, by profile for one, and "<profile or *>:<reason>" for one cause of failure
 * (a finding's `reason`); a more precise key gives only the fields that differ. `{idp}` stands for the IdP's name.
 */
export type ExplanationTable = Partial<Record<CheckId, Record<string, Partial<Explanation>>>>;

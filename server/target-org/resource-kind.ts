import type { OrgSwitches } from "../protocol";
import type { JsonObject } from "./json";
import type { OrgPreset } from "./presets/catalog";
import type { ResourceTypeDef } from "./schemas";
import type { OrgStore, StoredResource } from "./store";

export interface OrgState {
  store: OrgStore;
  isStrict(): boolean;
  /** The active preset and its switches, read per request so a change applies at once. */
  preset(): OrgPreset;
  switches(): OrgSwitches;
  /** A fresh resource id in the preset's style. */
  newId(): string;
}

/** What differs between Users and Groups; everything else about a resource endpoint is shared. */
export interface ResourceKind {
  type: ResourceTypeDef;
  /** Unique among resources of this kind, compared case-insensitively. */
  uniqueAttribute: string;
  /** Last checks and clean-up of the attributes about to be stored; may throw a ScimError. */
  prepare(data: JsonObject, previous: StoredResource | undefined, org: OrgState): JsonObject;
  /** Entra requires 204 for group PATCH; the RFC allows either. */
  patchAnswersNoContent: boolean;
}

import type { Target } from "../protocol";
import type { Claims } from "./claims";
import type { CycleStore } from "./cycle-store";
import type { Links } from "./links";
import type { Outbox } from "./outbox";

/**
 * A deleted target leaves nothing behind: its schedule, its run's claims, and its links, outbox and cycle history.
 * Nobody awaits the clean-up, so a failed write is reported, never left to end the process.
 */
export function forgetTarget(deps: {
  disarm(targetId: string): void;
  claims: Claims;
  links: Links;
  outbox: Outbox;
  store: CycleStore;
}) {
  return (target: Target): void => {
    deps.disarm(target.id);
    deps.claims.release(target.id);
    Promise.all([
      deps.links.dropTarget(target.id),
      deps.outbox.dropTarget(target.id),
      deps.store.dropTarget(target.id),
    ]).catch((err: unknown) => console.error("scimulator: could not update a data file:", err));
  };
}

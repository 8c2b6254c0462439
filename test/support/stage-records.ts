import type { Group, User } from "../../server/protocol";
import type { Link } from "../../server/provisioning/links";

/** A directory group as the store keeps it, for tests of the stages that take records directly. */
export const groupRecord = (id: string, members: string[]): Group => ({
  id,
  displayName: `Group ${id}`,
  origin: null,
  description: null,
  members,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

/** A target's link to a user it pushed, with the remote id `r-<id>`. */
export const linkRecord = (pushed: User, extra: Partial<Link> = {}): Link => ({
  remoteId: `r-${pushed.id}`,
  pushed,
  at: "x",
  ...extra,
});

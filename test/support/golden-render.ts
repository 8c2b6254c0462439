import type { Profile, RenderedExchange, TargetOptions, User } from "../../server/protocol";
import {
  beforeAndAfter,
  operationFor,
  RENDER_REMOTE_ID,
  renderOperation,
} from "../../server/provisioning/dry-run";

// One directory user's changes rendered by a dialect as a dry run, for the golden exchanges of each dialect.

export const BASE = "https://app.example.com/scim/v2";

const user: User = {
  id: "d1",
  userName: "test.user@okta.local",
  givenName: "Test",
  familyName: "User",
  displayName: "Test User",
  email: "test.user@okta.local",
  title: null,
  department: null,
  employeeNumber: null,
  managerId: null,
  phone: null,
  locale: "en-US",
  active: true,
  passwordSet: false,
  origin: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

export function render(
  profile: Profile,
  kind: Parameters<typeof operationFor>[0],
  after: Partial<User> = {},
  options: TargetOptions = {},
  before: Partial<User> = {},
) {
  const { before: b, after: a } = beforeAndAfter(kind, { ...user, ...before }, after);
  return renderOperation(profile, operationFor(kind, b, a, profile), {
    baseUrl: BASE,
    targetOptions: options,
    remoteIdOf: (id) => (id === "mgr" ? "remote-mgr" : null),
    userOf: (id) => (id === "mgr" ? { ...user, id: "mgr", displayName: "Mia Manager" } : undefined),
  }).exchanges;
}

export const line = (e: RenderedExchange) => `${e.method} ${decodeURIComponent(e.url.slice(BASE.length))}`;
export const userUrl = `/Users/${RENDER_REMOTE_ID}`;

import type { User } from "../../server/protocol";

/** A directory user record as the store keeps it, for tests of the stages that take records directly. */
export const userRecord = (id: string, extra: Partial<User> = {}): User => ({
  id,
  userName: `${id}@example.com`,
  givenName: id,
  familyName: "Test",
  displayName: null,
  email: null,
  title: null,
  department: null,
  employeeNumber: null,
  managerId: null,
  phone: null,
  locale: null,
  active: true,
  passwordSet: false,
  origin: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...extra,
});

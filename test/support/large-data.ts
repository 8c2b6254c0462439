import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Exchange, User } from "../../server/protocol";

/** The n-th generated user's userName: zero-padded, so name order is number order. */
export const largeUserName = (n: number) => `user${String(n).padStart(6, "0")}@example.com`;

/**
 * Writes a directory of `count` users (no groups, no targets) as the data file a start-up reads, so a test gets
 * 100,000 users in a second instead of 100,000 API calls, and nothing is provisioned.
 */
export async function writeLargeDirectory(dataDir: string, count: number): Promise<User[]> {
  const at = new Date(Date.UTC(2024, 0, 1)).toISOString();
  const users = Array.from(
    { length: count },
    (_, n): User => ({
      id: randomUUID(),
      userName: largeUserName(n),
      givenName: `Given${n}`,
      familyName: `Family${n % 1000}`,
      displayName: null,
      email: largeUserName(n),
      title: n % 7 === 0 ? "Engineer" : null,
      department: ["Sales", "Support", "Research"][n % 3] ?? null,
      employeeNumber: String(n),
      managerId: null,
      phone: null,
      locale: null,
      active: n % 10 !== 0,
      passwordSet: false,
      origin: null,
      createdAt: at,
      updatedAt: at,
    }),
  );
  await writeFile(join(dataDir, "directory.json"), JSON.stringify({ users, groups: [], targets: [] }));
  return users;
}

/** Writes `count` exchanges as the log a start-up reads, oldest first, a second apart, one in ten failed. */
export async function writeLargeLog(dataDir: string, count: number): Promise<Exchange[]> {
  const start = Date.UTC(2024, 0, 1);
  const exchanges = Array.from({ length: count }, (_, n): Exchange => {
    const failed = n % 10 === 9;
    return {
      id: randomUUID(),
      at: new Date(start + n * 1000).toISOString(),
      targetId: "00000000-0000-4000-8000-000000000000",
      cause: { type: "user.created", userId: `user-${n}` },
      request: {
        method: n % 2 === 0 ? "GET" : "POST",
        url: `https://scim.example.com/v2/Users${n % 2 === 0 ? `?filter=userName%20eq%20%22${largeUserName(n)}%22` : ""}`,
        headers: { authorization: "[redacted]", "content-type": "application/scim+json" },
        body: n % 2 === 0 ? null : { userName: largeUserName(n), active: true },
      },
      response: {
        status: failed ? 503 : n % 2 === 0 ? 200 : 201,
        headers: { "content-type": "application/scim+json" },
        body: failed ? { detail: "unavailable" } : { id: `remote-${n}` },
      },
      durationMs: 3 + (n % 40),
    };
  });
  await writeFile(join(dataDir, "log.json"), JSON.stringify({ exchanges }));
  return exchanges;
}

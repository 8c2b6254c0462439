import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { dict } from "../store/dict";
import { openJsonStore } from "../store/json-file";

const fileShape = z.object({
  key: z.string(),
  passwords: z.record(z.string(), z.string()),
});

interface PasswordFile {
  /** The install's HMAC key, base64url: digests made with it say "changed" without revealing anything. */
  key: string;
  passwords: Record<string, string>;
}

export interface PasswordStore {
  get(userId: string): string | null;
  has(userId: string): boolean;
  /** Resolves once the change is on disk; null removes the password. */
  set(userId: string, password: string | null): Promise<void>;
  /**
   * A keyed digest of the user's password, or null when it has none: what provisioning records as pushed, so it
   * can tell a change without keeping the secret. The user id is mixed in, so two users with the same password
   * do not share a digest.
   */
  digest(userId: string): string | null;
}

/**
 * Directory passwords, kept apart from directory.json so that file, its exports and everything derived from it
 * never hold one. The whole file is rewritten on each change rather than journaled, so a replaced password does
 * not linger in an append-only log. `known` holds the directory's user ids: a password left by a crash between the
 * two files' writes (a user deleted, its password not yet) is dropped here.
 */
export async function openPasswordStore(file: string, known: ReadonlySet<string>): Promise<PasswordStore> {
  const db = await openJsonStore<PasswordFile>(file, { key: "", passwords: {} }, fileShape, {
    what: "a passwords file",
  });
  db.data.passwords = dict(db.data.passwords);
  const orphans = Object.keys(db.data.passwords).filter((id) => !known.has(id));
  for (const id of orphans) delete db.data.passwords[id];
  const fresh = !db.data.key;
  if (fresh) db.data.key = randomBytes(32).toString("base64url");
  // Written at once on a first start, so the key exists before any digest made with it is recorded.
  if (fresh || orphans.length > 0) await db.write();

  const digests = new Map<string, string>();
  const digestOf = (userId: string, password: string) =>
    createHmac("sha256", Buffer.from(db.data.key, "base64url"))
      .update(`${userId}\u0000${password}`)
      .digest("base64url");

  return {
    get: (userId) => db.data.passwords[userId] ?? null,
    has: (userId) => db.data.passwords[userId] !== undefined,
    async set(userId, password) {
      digests.delete(userId);
      if (password === null) {
        if (db.data.passwords[userId] === undefined) return;
        delete db.data.passwords[userId];
      } else db.data.passwords[userId] = password;
      await db.write();
    },
    digest(userId) {
      const password = db.data.passwords[userId];
      if (password === undefined) return null;
      let known = digests.get(userId);
      if (known === undefined) {
        known = digestOf(userId, password);
        digests.set(userId, known);
      }
      return known;
    },
  };
}

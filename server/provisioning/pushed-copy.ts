import { hash } from "node:crypto";
import { USER_FIELDS, type User } from "../protocol";

/**
 * How a link's pushed copy is written. While it is the directory's record as it stands (the usual case once a
 * user is provisioned), the file holds a reference to that record, not a second copy: a 100k-user links file is
 * then a few megabytes, and reads back in a blink. A copy that differs from the directory is written whole.
 */
export interface SameAsDirectory {
  sameAs: "directory";
  /** Of the record's JSON: a record changed by any means (a hand edit of the file too) no longer matches. */
  digest: string;
}

// Records are never changed in place, so a record's digest is worked out once, not at every snapshot.
const digests = new WeakMap<User, string>();
function digestOf(user: User): string {
  let digest = digests.get(user);
  if (digest === undefined) {
    // The one-shot hash: a Hash object per record costs more than the hashing, 100k times over at start.
    digest = hash("sha1", JSON.stringify(user), "base64url").slice(0, 16);
    digests.set(user, digest);
  }
  return digest;
}

const isReference = (value: unknown): value is SameAsDirectory =>
  typeof value === "object" && value !== null && (value as { sameAs?: unknown }).sameAs === "directory";

type Current = (userId: string) => User | undefined;

/** A link as the file keeps it: its pushed copy as a reference while that copy is the directory's record. */
export function linkOnDisk(userId: string, link: { pushed: User }, current: Current): object {
  const now = current(userId);
  if (now === undefined || now !== link.pushed) return link;
  const reference: SameAsDirectory = { sameAs: "directory", digest: digestOf(now) };
  return { ...link, pushed: reference };
}

/**
 * The pushed copy of a link read back from disk, given the directory's record for its user. A reference finds
 * that record, if it is still the one referenced. One that moved on was edited in the moment between the
 * directory's write and the link's own (a crash there): what was pushed is then unknown, and every field counts as
 * changed, so the next push sends it all. `sealed`: the links file and the directory file are the pair a clean
 * stop left, so every reference in it is known to hold and none needs its digest checked. A whole copy equal to
 * the directory's record shares that record.
 */
export function resolvePushed(user: User | undefined, pushed: unknown, sealed: boolean): User | null {
  if (isReference(pushed)) {
    if (!user) return null;
    if (sealed || digestOf(user) === pushed.digest) return user;
    const unknown: Record<string, unknown> = { ...user };
    for (const field of USER_FIELDS) unknown[field] = undefined;
    return unknown as unknown as User;
  }
  const copy = pushed as User;
  return user && sameRecord(user, copy) ? user : copy;
}

/** Field by field, for flat records whose values are primitives or small JSON values. */
function sameRecord(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) {
    const [p, q] = [x[key], y[key]];
    if (p === q) continue;
    if (p === null || q === null || typeof p !== "object" || typeof q !== "object") return false;
    if (JSON.stringify(p) !== JSON.stringify(q)) return false;
  }
  return true;
}

import { createHash, timingSafeEqual } from "node:crypto";

// Hashing both sides first gives equal-length buffers, so neither the content nor the length of a secret leaks
// through timing.
const digest = (text: string) => createHash("sha256").update(text).digest();

/** Whether a presented token or password is the expected one, compared in constant time. */
export const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(digest(given), digest(expected));

import type { Request } from "express";
import { etagOf } from "./render";
import { ScimError } from "./scim-errors";
import type { StoredResource } from "./store";

/** RFC 7644 §3.14 / RFC 7232: a write carrying If-Match proceeds only against the version the client saw. */
export function checkIfMatch(req: Request, stored: StoredResource) {
  const header = req.get("if-match");
  if (header === undefined) return;
  const current = etagOf(stored);
  const tags = header.split(",").map((t) => t.trim());
  // Weak comparison: W/"3" and "3" name the same version, which is all a version counter can promise.
  const bare = (tag: string) => tag.replace(/^W\//, "");
  if (tags.includes("*") || tags.some((t) => bare(t) === bare(current))) return;
  throw new ScimError(
    412,
    `precondition failed: If-Match ${header} does not match the current version ${current}; GET the resource and retry`,
  );
}

export function notModified(req: Request, stored: StoredResource): boolean {
  const header = req.get("if-none-match");
  if (header === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etagOf(stored)));
}

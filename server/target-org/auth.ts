import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { sameSecret } from "../secrets";
import { ScimError } from "./scim-errors";

export const REALM = "SCIMulator target org";

export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Bearer-token check (RFC 6750) in front of every endpoint; `token()` is read per request so it can change. */
export function requireBearer(token: () => string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match?.[1]) {
      throw unauthorized(
        header === ""
          ? "Authorization header missing; send 'Authorization: Bearer <token>' with the target org's token"
          : "Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'",
      );
    }
    if (!sameSecret(match[1].trim(), token())) {
      throw unauthorized("bearer token is not valid for this target org; copy it from GET /api/target-org");
    }
    next();
  };
}

function unauthorized(detail: string) {
  return new ScimError(401, detail, undefined, { "WWW-Authenticate": `Bearer realm="${REALM}"` });
}

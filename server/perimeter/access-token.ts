import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { sameSecret } from "../secrets";
import { readPrivateFile, writePrivateFile } from "../store/private-file";

export const ACCESS_COOKIE = "scimulator_access";
const TOKEN_FILE = "access-token";

/** The token that guards the control API, the UI and /ws when bound beyond loopback; made once, kept 0600. */
export async function loadAccessToken(dataDir: string): Promise<string> {
  const file = join(dataDir, TOKEN_FILE);
  const existing = (await readPrivateFile(file))?.trim();
  if (existing) return existing;
  const token = randomBytes(24).toString("base64url");
  await writePrivateFile(file, `${token}\n`);
  return token;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // a malformed cookie is no cookie
    }
  }
  return undefined;
}

/** A script's `Authorization: Bearer`, or the cookie the sign-in URL set in a browser. */
export function carriesToken(req: IncomingMessage, token: string): boolean {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  if (bearer !== undefined && sameSecret(bearer, token)) return true;
  const cookie = cookieValue(req.headers.cookie, ACCESS_COOKIE);
  return cookie !== undefined && sameSecret(cookie, token);
}

/** Set by the sign-in URL: the browser sends it back to this host only, and no script on a page can read it. */
export function accessCookie(token: string): string {
  return `${ACCESS_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000`;
}

import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import type { ApiError } from "../protocol";
import { sameSecret } from "../secrets";
import { accessCookie, carriesToken } from "./access-token";
import { type AllowedHosts, createHostCheck, isLoopback, refusedHostMessage } from "./hosts";
import { crossSiteMessage, crossSiteReason } from "./origin";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface PerimeterOptions {
  allowedHosts: AllowedHosts;
  /** Where the embedded org is mounted: it has its own bearer token and its own (SCIM) error shape. */
  scimPath: string;
  /**
   * The sign-in IdP's protocol endpoints (discovery, keys, token, userinfo, SAML metadata): apps on other hosts
   * call them with their own credentials, so, like the embedded org, they get only the Host check.
   */
  idpOpen?: RegExp;
  /**
   * IdP pages that other sites send browsers to with a POST (SAML's HTTP-POST binding): the same-origin rule
   * for writes does not apply, but beyond loopback the access token still does, since they sign people in.
   */
  idpCrossSite?: RegExp;
}

export interface Refusal {
  status: 401 | 403;
  message: string;
}

export type Perimeter = ReturnType<typeof createPerimeter>;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

function refusalPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SCIMulator</title></head><body style="font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem"><h1>SCIMulator</h1><p>${escapeHtml(message)}</p></body></html>`;
}

/**
 * What stands in front of every surface: the Host allow-list (DNS rebinding), the same-origin rule for writes and
 * WebSocket upgrades (cross-site requests, bodyless form POSTs included), and, once bound beyond loopback, the
 * access token. The embedded org keeps its own bearer token and gets only the Host check.
 */
export function createPerimeter(options: PerimeterOptions) {
  let boundHost = "127.0.0.1";
  let token: string | null = null;
  const hostAllowed = createHostCheck(options.allowedHosts, () => boundHost);

  // Express matches routes without regard to letter case (/API/… reaches the API), so the rules must too.
  const scimPath = options.scimPath.toLowerCase();
  const isScim = (path: string) => {
    const p = path.toLowerCase();
    return p === scimPath || p.startsWith(`${scimPath}/`);
  };
  const isOpen = (path: string) => path.toLowerCase().replace(/\/+$/, "") === "/api/health";

  /** Why a request (or an upgrade) is refused, or null when it may pass. */
  function judge(req: IncomingMessage, path: string, upgrade: boolean): Refusal | null {
    if (!hostAllowed(req.headers.host)) return { status: 403, message: refusedHostMessage(req.headers.host) };
    if (isScim(path) || (!upgrade && options.idpOpen?.test(path))) return null;
    const method = req.method ?? "GET";
    const crossSite = !upgrade && options.idpCrossSite?.test(path);
    // Every write, whatever its path or letter case: a route the rules did not foresee is still covered.
    if (upgrade || (WRITES.has(method) && !crossSite)) {
      const reason = crossSiteReason(req.headers);
      if (reason) return { status: 403, message: crossSiteMessage(reason) };
    }
    if (token !== null && !isOpen(path) && !carriesToken(req, token)) {
      const bearer = /^Bearer\s/i.test(req.headers.authorization ?? "");
      if (bearer) return { status: 401, message: "That bearer token is not this server's access token." };
      if (/[?&]token=/.test(req.url ?? "") && path.toLowerCase().startsWith("/api/")) {
        return {
          status: 401,
          message:
            "The access token is not accepted in an /api URL (URLs end up in logs); send 'Authorization: Bearer <token>'.",
        };
      }
      return {
        status: 401,
        message:
          "SCIMulator is reachable from the network, so it needs its access token: open the sign-in URL it " +
          "printed at start-up (…/?token=…), or send 'Authorization: Bearer <token>' from scripts. The token " +
          "is in the data directory's access-token file.",
      };
    }
    return null;
  }

  function refuse(req: Request, res: Response, refusal: Refusal) {
    if (isScim(req.path)) {
      // The embedded org speaks RFC 7644 §3.12 errors even when the perimeter answers for it.
      res.status(refusal.status).type("application/scim+json");
      res.send(
        JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
          status: String(refusal.status),
          detail: refusal.message,
        }),
      );
      return;
    }
    // A person opening a page gets the reason as a page; scripts and the UI's own calls get the API's shape.
    const page =
      req.method === "GET" &&
      !req.path.toLowerCase().startsWith("/api/") &&
      req.accepts(["json", "html"]) === "html";
    if (page) {
      res.status(refusal.status).type("html").send(refusalPage(refusal.message));
      return;
    }
    res.status(refusal.status).json({ error: refusal.message } satisfies ApiError);
  }

  return {
    /** Binds the rules to the address actually listened on; beyond loopback, the access token is required. */
    bind(host: string, accessToken: string | null) {
      boundHost = host;
      token = isLoopback(host) ? null : accessToken;
    },

    requiresToken: () => token !== null,

    middleware(req: Request, res: Response, next: NextFunction) {
      // The sign-in URL: a browser that brings the right token gets the cookie and the same page without it.
      const given = typeof req.query.token === "string" ? req.query.token : undefined;
      if (
        token !== null &&
        given !== undefined &&
        req.method === "GET" &&
        hostAllowed(req.headers.host) &&
        !req.path.toLowerCase().startsWith("/api/") &&
        !isScim(req.path)
      ) {
        if (!sameSecret(given, token)) {
          refuse(req, res, { status: 401, message: "That sign-in token is not this server's access token." });
          return;
        }
        const params = new URLSearchParams(req.url.split("?")[1] ?? "");
        params.delete("token");
        const rest = params.toString();
        res.setHeader("Set-Cookie", accessCookie(token));
        // One leading slash only: `//host/` would be a redirect to another site.
        res.redirect(302, `/${req.path.replace(/^\/+/, "")}${rest ? `?${rest}` : ""}`);
        return;
      }
      const refusal = judge(req, req.path, false);
      if (refusal) refuse(req, res, refusal);
      else next();
    },

    /** For the /ws upgrade, which never reaches express. */
    checkUpgrade(req: IncomingMessage): Refusal | null {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      return judge(req, path, true);
    },
  };
}

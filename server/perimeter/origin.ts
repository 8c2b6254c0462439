import type { IncomingHttpHeaders } from "node:http";

/**
 * Cross-site request forgery check for writes and WebSocket upgrades. Browsers send `Origin` on every POST, PUT,
 * PATCH, DELETE and upgrade, and `Sec-Fetch-Site` on every request, so a page from another site is recognised
 * even when it sends a bodyless form POST (which needs no CORS preflight). Scripts and curl send neither header and
 * pass. Returns why the request is refused, or null.
 */
export function crossSiteReason(headers: IncomingHttpHeaders): string | null {
  const site = headers["sec-fetch-site"];
  if (site === "cross-site") return "the browser marked it Sec-Fetch-Site: cross-site";
  const origin = headers.origin;
  if (origin === undefined) return null;
  if (origin === "null")
    return "it came from an opaque origin (Origin: null: a sandboxed frame, a file or a data URL)";
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `its Origin "${origin}" is not a URL`;
  }
  const own = (headers.host ?? "").toLowerCase();
  if (host.toLowerCase() !== own) return `it came from ${origin}, not from this server (${own})`;
  return null;
}

export function crossSiteMessage(reason: string): string {
  return (
    `Refused a cross-site request: ${reason}. Only SCIMulator's own UI, or a script that sends no Origin ` +
    `header, may change its state.`
  );
}

import { isIP } from "node:net";

/**
 * `--allowed-hosts` as Vite's `server.allowedHosts` reads it: a list of host names, where `.example.com` also
 * allows every subdomain, or `true` for any host at all.
 */
export type AllowedHosts = string[] | true;

/** Parses `a.example,.b.example` (the flag and ALLOWED_HOSTS); `all` or `true` switches the check off. */
export function parseAllowedHosts(text: string): AllowedHosts {
  // Names only: a port given with one (dev.example:4000) is dropped, as Host is compared without its port.
  const names = text
    .split(",")
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean)
    .map((n) => (n === "all" || n === "true" || n.startsWith(".") ? n : hostName(n)));
  if (names.includes("all") || names.includes("true")) return true;
  return names;
}

/** The name in a Host header, without the port and without IPv6 brackets; lower case. */
export function hostName(header: string): string {
  const host = header.trim().toLowerCase();
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]") === -1 ? undefined : host.indexOf("]"));
  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

const isLoopbackName = (name: string) => name === "localhost" || name.endsWith(".localhost");

/** Loopback addresses and names: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  // A bound address may be a bare IPv6 literal; anything else is read as a Host header would be.
  const name = isIP(host) === 6 ? host.toLowerCase() : hostName(host);
  if (isLoopbackName(name)) return true;
  if (isIP(name) === 4) return name.startsWith("127.");
  return name === "::1" || name === "::ffff:127.0.0.1";
}

/**
 * DNS rebinding works by pointing an attacker's name at 127.0.0.1, so the browser sends that name in Host. An IP
 * literal cannot be rebound (the page's own origin would be the IP), so, as in Vite, every IP is accepted, and
 * names only when they are loopback names, the bound address, or listed by the user.
 */
export function createHostCheck(allowed: AllowedHosts, bound: () => string) {
  return (header: string | undefined): boolean => {
    if (allowed === true) return true;
    if (!header) return false;
    const name = hostName(header);
    if (name === "") return false;
    if (isIP(name) !== 0 || isLoopbackName(name)) return true;
    if (name === hostName(bound())) return true;
    return allowed.some((entry) =>
      entry.startsWith(".") ? name === entry.slice(1) || name.endsWith(entry) : name === entry,
    );
  };
}

export function refusedHostMessage(header: string | undefined): string {
  if (!header) return "Requests must carry a Host header.";
  const name = hostName(header);
  return (
    `Host "${header}" is not allowed: SCIMulator answers only to localhost, IP addresses and the names it is ` +
    `told to trust, which keeps web pages on other names from reaching it (DNS rebinding). To allow it, start ` +
    `with --allowed-hosts ${name} (or ALLOWED_HOSTS=${name}).`
  );
}

/** The URL a person or an app on this machine reaches a server bound to `host` by: wildcards become loopback. */
export function visibleUrl(host: string, port: number): string {
  const visibleHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${visibleHost}:${port}`;
}

import type { Exchange } from "../server/protocol";

/** What the exchange log writes in place of a secret (server/log/redact.ts). */
const REDACTED = "[redacted]";
/** Headers curl writes itself, from the URL and the body. */
const CURL_OWN = new Set(["host", "content-length", "connection", "accept-encoding"]);

/** Quoted for a POSIX shell: nothing inside single quotes is expanded. */
const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Quoted, with each `[redacted]` turned into a shell variable that the reader sets: `"$SCIM_PASSWORD"`. */
function withPlaceholders(text: string, variable: string): string {
  return text.split(REDACTED).map(quoted).join(`"$${variable}"`);
}

function headerVariable(name: string, value: string): string {
  if (name === "authorization" || name === "proxy-authorization") {
    const scheme = value.split(" ")[0]?.toLowerCase();
    return scheme === "basic" ? "SCIM_BASIC" : "SCIM_TOKEN";
  }
  return `SCIM_${name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;
}

/** The variables a copied command expects, so the UI can say what to set before running it. */
export function curlVariables(exchange: Exchange): string[] {
  const names = new Set<string>();
  for (const [name, value] of Object.entries(exchange.request.headers)) {
    if (value.includes(REDACTED)) names.add(headerVariable(name, value));
  }
  const body = bodyText(exchange.request.body);
  if (body?.includes(REDACTED)) names.add("SCIM_PASSWORD");
  return [...names];
}

function bodyText(body: unknown): string | undefined {
  if (body === null || body === undefined) return undefined;
  return typeof body === "string" ? body : JSON.stringify(body);
}

/**
 * The request as a curl command that sends the same method, URL, headers and body. Secrets stay secrets: the log
 * only ever held them redacted, and each one becomes a shell variable (`$SCIM_TOKEN`) to set before running it.
 */
export function curlOf(exchange: Exchange): string {
  const { method, url, headers, body } = exchange.request;
  const lines = [`curl -sS -X ${method} ${quoted(url)}`];
  for (const [name, value] of Object.entries(headers)) {
    if (CURL_OWN.has(name)) continue;
    const header = `${name}: ${value}`;
    lines.push(
      `-H ${value.includes(REDACTED) ? withPlaceholders(header, headerVariable(name, value)) : quoted(header)}`,
    );
  }
  const text = bodyText(body);
  if (text !== undefined) lines.push(`--data-raw ${withPlaceholders(text, "SCIM_PASSWORD")}`);
  return lines.join(" \\\n  ");
}

// Markup helpers shared by the JUnit and HTML writers: both embed text that came off the wire or out of a
// scenario file, so neither may trust a single character of it.

/** XML 1.0 forbids these code points even as character references, so they can only be replaced. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// Attribute-value normalisation would fold these into spaces; references keep a multi-line message intact.
const ATTRIBUTE_WHITESPACE: Record<string, string> = { "\n": "&#10;", "\r": "&#13;", "\t": "&#9;" };

/**
 * Escapes text for XML or HTML, in element content and in quoted attributes alike. Forbidden control
 * characters and lone surrogates become U+FFFD, so a CI parser never rejects the whole report over one byte.
 */
export function escapeMarkup(value: string, inAttribute = false): string {
  let out = "";
  // Iterating by code point keeps surrogate pairs whole and exposes lone halves as their own code point.
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!isXmlChar(cp)) out += "\uFFFD";
    else if (inAttribute && ATTRIBUTE_WHITESPACE[ch]) out += ATTRIBUTE_WHITESPACE[ch];
    else out += ENTITIES[ch] ?? ch;
  }
  return out;
}

export const escapeAttr = (value: string): string => escapeMarkup(value, true);

/** Pretty JSON for expected/actual values; never throws, since a report must render whatever a step produced. */
export function prettyValue(value: unknown): string {
  if (value === undefined) return "(nothing)";
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) ??
      String(value)
    );
  } catch {
    return String(value);
  }
}

/** Seconds with three decimals, the unit JUnit consumers sum up. */
export const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

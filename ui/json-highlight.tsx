import type { ReactNode } from "react";
import "./json-highlight.css";

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Splits pretty-printed JSON into coloured tokens: keys, strings, literals and numbers. */
export function highlight(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    const [whole, str, colon, literal, number] = match;
    if (str !== undefined) {
      out.push(
        <span key={index} className={colon ? "j-key" : "j-str"}>
          {str}
        </span>,
      );
      if (colon) out.push(colon);
    } else if (literal !== undefined) {
      out.push(
        <span key={index} className="j-lit">
          {literal}
        </span>,
      );
    } else if (number !== undefined) {
      out.push(
        <span key={index} className="j-num">
          {number}
        </span>,
      );
    } else out.push(whole);
    last = index + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

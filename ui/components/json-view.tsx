import { type ReactNode, useMemo } from "react";

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function highlight(text: string): ReactNode[] {
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

/** A request or response body, pretty-printed and coloured; text that is not JSON is shown as it came. */
export function JsonView({ value, testId }: { value: unknown; testId?: string }) {
  const content = useMemo(() => {
    if (value === null || value === undefined || value === "") return null;
    if (typeof value === "string") return [value];
    return highlight(JSON.stringify(value, null, 2));
  }, [value]);

  if (content === null) return <p className="muted no-body">no body</p>;
  return (
    <pre className="json" data-testid={testId}>
      {content}
    </pre>
  );
}

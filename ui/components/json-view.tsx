import { useMemo } from "react";
import { highlight } from "../json-highlight";

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

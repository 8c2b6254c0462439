import { useMemo } from "react";
import { highlight } from "../json-highlight";
import "./json-diff-view.css";

/** A line as compared across dialects: without indentation or a trailing comma. */
export function normalizeJsonLine(line: string): string {
  return line.trim().replace(/,$/, "");
}

/** Lines of pure structure (braces, brackets) are never marked: they differ only because their content does. */
const STRUCTURAL = /^[\s[\]{}(),]*$/;

interface Props {
  value: unknown;
  /** Normalised lines of the baseline; a line not among them is marked as different. Null marks nothing. */
  baseline: ReadonlySet<string> | null;
  testId?: string;
}

/** Pretty, coloured JSON, one element per line, with the lines that differ from a baseline marked. */
export function JsonDiffView({ value, baseline, testId }: Props) {
  const lines = useMemo(() => {
    if (value === null || value === undefined || value === "") return null;
    const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
    return text.split("\n").map((line, n) => ({
      n,
      line,
      differs: baseline !== null && !STRUCTURAL.test(line) && !baseline.has(normalizeJsonLine(line)),
    }));
  }, [value, baseline]);

  if (lines === null) return <p className="muted no-body">no body</p>;
  return (
    <pre className="json json-lines" data-testid={testId}>
      {lines.map(({ n, line, differs }) => (
        <span
          key={n}
          className={`json-line ${differs ? "json-diff" : ""}`}
          data-differs={differs || undefined}
        >
          {highlight(line)}
          {n < lines.length - 1 ? "\n" : ""}
        </span>
      ))}
    </pre>
  );
}

import type { CheckReport, CheckResult, CheckVerdict } from "../protocol";

// What `scimulator check` prints: a line per check as it finishes (with the findings and the fix when it did not
// pass), and the report card as a table at the end.

const MARK: Record<CheckVerdict, string> = { pass: "✔", warning: "!", fail: "✘", skip: "–" };

export function checkLines(result: CheckResult): string[] {
  const lines = [`  ${MARK[result.verdict]} ${result.id.padEnd(24)} ${result.title}`];
  if (result.verdict === "pass") return lines;
  if (result.verdict === "skip") return [...lines, `      ${result.summary}`];
  for (const f of result.findings) {
    lines.push(`      ${f.level === "fail" ? "fail" : "warning"}: ${f.message}`);
    if (f.fix && f.level === "warning") lines.push(`        fix: ${f.fix}`);
  }
  if (result.consequence) {
    lines.push(`      what the admin sees: ${result.consequence}`);
    lines.push(`      fix: ${result.fix ?? ""}`);
  }
  return lines;
}

export function cardTable(report: CheckReport): string[] {
  const rows = report.cards.map((c) => [
    `works with ${c.idp}`,
    c.grade,
    String(c.counts.pass),
    String(c.counts.warning),
    String(c.counts.fail),
    String(c.counts.skip),
  ]);
  const head = ["", "grade", "pass", "warn", "fail", "skip"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ")}`;
  const { cleanup } = report;
  const out = [line(head), ...rows.map(line), ""];
  if (report.problem) out.push(`  ${report.problem}`);
  out.push(
    `  clean-up: ${cleanup.removed} test resource(s) removed${cleanup.deactivated.length ? `, ${cleanup.deactivated.length} deactivated because the server would not delete them` : ""}`,
  );
  for (const item of [...cleanup.deactivated, ...cleanup.left])
    out.push(
      `    ${cleanup.left.includes(item) ? "left" : "deactivated"}: ${item.resource} ${item.name} (${item.id}): ${item.reason}`,
    );
  return out;
}

import type { CheckReport, CheckResult, DialectCard } from "../protocol";
import { escapeAttr, escapeMarkup, seconds } from "../scenarios/xml";
import { describe as describeExchange } from "./evidence";

// One testsuite per IdP, one testcase per check. Names are built from the IdP and the check's stable id and
// title only, never from the run's random tag or the server's ids, so CI can follow a check from run to run.

export const suiteName = (card: Pick<DialectCard, "idp" | "profile">): string =>
  `works with ${card.idp} (${card.profile})`;
export const caseName = (check: Pick<CheckResult, "id" | "title">): string => `${check.id}: ${check.title}`;

function failureText(check: CheckResult, report: CheckReport): string {
  const exchanges = new Map(report.exchanges.map((e) => [e.id, e]));
  const lines = check.findings.map((f) => {
    const exchange = f.exchangeId ? exchanges.get(f.exchangeId) : undefined;
    const shown = exchange ? `\n    ${describeExchange(exchange, "")}` : "";
    return `${f.level}: ${f.message}${f.fix ? `\n    fix: ${f.fix}` : ""}${shown}`;
  });
  if (check.consequence)
    lines.push("", `What the admin sees: ${check.consequence}`, `Fix: ${check.fix ?? ""}`);
  return lines.join("\n");
}

function caseXml(card: DialectCard, check: CheckResult, report: CheckReport): string {
  const open = `    <testcase classname="${escapeAttr(`scimulator.check.${card.profile}`)}" name="${escapeAttr(caseName(check))}" time="${seconds(check.durationMs)}"`;
  const children: string[] = [];
  if (check.verdict === "fail") {
    const message = check.findings.find((f) => f.level === "fail")?.message ?? check.summary;
    children.push(
      `      <failure message="${escapeAttr(message)}" type="${escapeAttr(check.id)}">${escapeMarkup(failureText(check, report))}</failure>`,
    );
  } else if (check.verdict === "skip")
    children.push(`      <skipped message="${escapeAttr(check.summary)}"/>`);
  // JUnit knows no warnings: a warning passes, with the finding in the output and a property that says so.
  if (check.verdict === "warning") {
    children.push(`      <properties><property name="verdict" value="warning"/></properties>`);
    children.push(`      <system-out>${escapeMarkup(failureText(check, report))}</system-out>`);
  } else if (check.verdict === "pass")
    children.push(`      <system-out>${escapeMarkup(check.summary)}</system-out>`);
  return `${open}>\n${children.join("\n")}\n    </testcase>`;
}

function suiteXml(card: DialectCard, report: CheckReport): string {
  const attrs = [
    `name="${escapeAttr(suiteName(card))}"`,
    `tests="${card.checks.length}"`,
    `failures="${card.counts.fail}"`,
    `errors="0"`,
    `skipped="${card.counts.skip}"`,
    `time="${seconds(card.durationMs)}"`,
    `timestamp="${escapeAttr(report.startedAt.slice(0, 19))}"`,
  ].join(" ");
  const properties = [
    ["profile", card.profile],
    ["grade", card.grade],
    ["baseUrl", report.baseUrl],
  ]
    .map(
      ([name, value]) =>
        `      <property name="${escapeAttr(name ?? "")}" value="${escapeAttr(value ?? "")}"/>`,
    )
    .join("\n");
  return [
    `  <testsuite ${attrs}>`,
    `    <properties>\n${properties}\n    </properties>`,
    ...card.checks.map((c) => caseXml(card, c, report)),
    "  </testsuite>",
  ].join("\n");
}

export function toCheckJUnit(report: CheckReport): string {
  const sum = (pick: (c: DialectCard) => number) => report.cards.reduce((n, c) => n + pick(c), 0);
  const head = `<testsuites name="scimulator check" tests="${sum((c) => c.checks.length)}" failures="${sum((c) => c.counts.fail)}" errors="0" skipped="${sum((c) => c.counts.skip)}" time="${seconds(report.durationMs)}">`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    head,
    ...report.cards.map((c) => suiteXml(c, report)),
    "</testsuites>",
    "",
  ].join("\n");
}

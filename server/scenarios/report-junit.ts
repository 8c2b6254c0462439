import type { Exchange } from "../protocol";
import { redactExchange } from "./report-har";
import type { ScenarioResult, StepResult } from "./result";
import { escapeAttr, escapeMarkup, prettyValue, seconds } from "./xml";

// The Ant/Surefire JUnit dialect: the common ground of GitLab, Jenkins and the GitHub test-report actions.
// Each step is a testcase so a CI page points at the exact step that broke, not just the scenario.

interface TestCase {
  name: string;
  durationMs: number;
  outcome:
    | { kind: "passed" }
    | { kind: "skipped"; message: string }
    | { kind: "failed"; message: string; text: string };
  systemOut?: string;
}

/** Zero-padded so CI tools that sort testcases by name keep the steps in the order they ran. */
const stepName = (step: StepResult): string =>
  `${String(step.index).padStart(2, "0")} ${step.name ?? step.label}`;

/** Jenkins parses xs:dateTime without a zone; the run's ISO timestamps are UTC, so dropping "Z" loses nothing. */
function junitTimestamp(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString().slice(0, 19);
}

function describeExchange(exchange: Exchange | undefined, id: string): string {
  if (!exchange) return `exchange: ${id} (not in this run's log)`;
  const { request, response, error } = redactExchange(exchange);
  const outcome = response ? `→ ${response.status}` : `→ no response${error ? ` (${error})` : ""}`;
  return `exchange: ${exchange.id} ${request.method} ${request.url} ${outcome}`;
}

function failureText(step: StepResult, exchanges: Map<string, Exchange>): string {
  const failure = step.failure;
  if (!failure) return "";
  const lines = [failure.message];
  if ("expected" in failure) lines.push("", "expected:", prettyValue(failure.expected));
  if ("actual" in failure) lines.push("", "actual:", prettyValue(failure.actual));
  if (failure.exchangeId !== undefined) {
    lines.push("", describeExchange(exchanges.get(failure.exchangeId), failure.exchangeId));
  }
  return lines.join("\n");
}

/** A step carries no reason of its own when skipped, so the reason comes from the scenario around it. */
function skipMessage(result: ScenarioResult, step?: StepResult): string {
  if (step?.note) return step.note;
  if (result.skipReason) return result.skipReason;
  return result.status === "failed" ? "not run: an earlier step failed" : "skipped";
}

function testCasesOf(result: ScenarioResult): TestCase[] {
  const exchanges = new Map(result.exchanges.map((e) => [e.id, e]));
  if (result.steps.length === 0) {
    // A scenario that never reached a step still needs one testcase, or CI would silently count nothing.
    const name = result.status === "skipped" ? "scenario skipped" : "scenario";
    const outcome: TestCase["outcome"] =
      result.status === "skipped"
        ? { kind: "skipped", message: skipMessage(result) }
        : result.status === "failed"
          ? { kind: "failed", message: "scenario failed before any step ran", text: "" }
          : { kind: "passed" };
    return [{ name, durationMs: result.durationMs, outcome }];
  }
  return result.steps.map((step): TestCase => {
    const base = { name: stepName(step), durationMs: step.durationMs };
    const systemOut = step.note;
    if (step.status === "failed") {
      const message = step.failure?.message ?? "step failed";
      return { ...base, systemOut, outcome: { kind: "failed", message, text: failureText(step, exchanges) } };
    }
    if (step.status === "skipped")
      return { ...base, outcome: { kind: "skipped", message: skipMessage(result, step) } };
    return { ...base, systemOut, outcome: { kind: "passed" } };
  });
}

function testCaseXml(scenario: string, test: TestCase): string {
  const open = `    <testcase classname="${escapeAttr(scenario)}" name="${escapeAttr(test.name)}" time="${seconds(test.durationMs)}"`;
  const children: string[] = [];
  const { outcome } = test;
  if (outcome.kind === "failed") {
    children.push(
      `      <failure message="${escapeAttr(outcome.message)}" type="expectation">${escapeMarkup(outcome.text)}</failure>`,
    );
  } else if (outcome.kind === "skipped") {
    children.push(`      <skipped message="${escapeAttr(outcome.message)}"/>`);
  }
  if (test.systemOut) children.push(`      <system-out>${escapeMarkup(test.systemOut)}</system-out>`);
  return children.length === 0 ? `${open}/>` : `${open}>\n${children.join("\n")}\n    </testcase>`;
}

interface SuiteXml {
  xml: string;
  tests: number;
  failures: number;
  skipped: number;
}

function testSuiteXml(result: ScenarioResult): SuiteXml {
  const cases = testCasesOf(result);
  const failures = cases.filter((c) => c.outcome.kind === "failed").length;
  const skipped = cases.filter((c) => c.outcome.kind === "skipped").length;
  const attrs = [
    `name="${escapeAttr(result.name)}"`,
    `tests="${cases.length}"`,
    `failures="${failures}"`,
    `errors="0"`,
    `skipped="${skipped}"`,
    `time="${seconds(result.durationMs)}"`,
    `timestamp="${escapeAttr(junitTimestamp(result.startedAt))}"`,
    `file="${escapeAttr(result.file)}"`,
  ].join(" ");
  const propertyPairs: [string, string][] = [
    ["profile", result.profile],
    ["targetUrl", result.targetUrl],
    ["description", result.description],
  ];
  const properties = propertyPairs
    .map(([name, value]) => `      <property name="${escapeAttr(name)}" value="${escapeAttr(value)}"/>`)
    .join("\n");
  const xml = [
    `  <testsuite ${attrs}>`,
    `    <properties>\n${properties}\n    </properties>`,
    ...cases.map((c) => testCaseXml(result.name, c)),
    "  </testsuite>",
  ].join("\n");
  return { xml, tests: cases.length, failures, skipped };
}

export function toJUnitXml(results: ScenarioResult[]): string {
  const suites = results.map(testSuiteXml);
  const sum = (pick: (s: SuiteXml) => number) => suites.reduce((total, s) => total + pick(s), 0);
  const time = seconds(results.reduce((total, r) => total + r.durationMs, 0));
  const head = `<testsuites name="scimulator" tests="${sum((s) => s.tests)}" failures="${sum((s) => s.failures)}" errors="0" skipped="${sum((s) => s.skipped)}" time="${time}">`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    head,
    ...suites.map((s) => s.xml),
    "</testsuites>",
    "",
  ].join("\n");
}

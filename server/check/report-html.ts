import type { CheckReport, CheckResult, CheckVerdict, DialectCard, Exchange } from "../protocol";
import { duration, exchangeHtml, exchangeLink } from "../scenarios/report-html";
import { reportPage } from "../scenarios/report-html-assets";
import { escapeMarkup as esc, escapeAttr } from "../scenarios/xml";

// The report card as one self-contained page, in the scenario report's look: every style and script inline,
// nothing fetched, every exchange of every check shown in full below its IdP.

const MARK: Record<CheckVerdict, string> = { pass: "✔", warning: "!", fail: "✘", skip: "–" };
const GRADE_CLASS = { yes: "passed", "with caveats": "warning", no: "failed" } as const;

const CHECK_STYLE = `
.mark-warning{color:#9a6700}.step.warning .label{color:#9a6700}
.scenario.warning{border-top-color:#bf8700}.scenario.warning .badge{background:#fff8c5;color:#9a6700}
.card{border-collapse:collapse;margin:16px 0;width:100%}
.card th,.card td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line)}
.card td.n{text-align:right;font-variant-numeric:tabular-nums}
.grade{font-weight:700}.grade.passed{color:var(--ok)}.grade.failed{color:var(--bad)}.grade.warning{color:#9a6700}
.finding{margin:4px 0}.finding.warning{color:#9a6700}
.explain{margin:6px 0 0;font-size:14px}.explain b{color:var(--muted);font-weight:600}
.source{font-size:12px;color:var(--muted)}
`;

const mark = (verdict: CheckVerdict) =>
  `<span class="mark mark-${verdict === "pass" ? "passed" : verdict === "fail" ? "failed" : verdict === "skip" ? "skipped" : "warning"}" title="${verdict}">${MARK[verdict]}</span>`;

const stepClass = (v: CheckVerdict) =>
  v === "pass" ? "passed" : v === "fail" ? "failed" : v === "skip" ? "skipped" : "warning";

function checkHtml(card: string, check: CheckResult, known: Set<string>): string {
  const findings = check.findings
    .map(
      (f) =>
        `<p class="finding ${f.level === "fail" ? "message" : "warning"}">${esc(f.message)}${f.exchangeId ? ` ${exchangeLink(f.exchangeId, known, "(exchange)")}` : ""}${f.fix ? `<br><small>fix: ${esc(f.fix)}</small>` : ""}</p>`,
    )
    .join("");
  const explain = check.consequence
    ? `<p class="explain"><b>What the admin sees:</b> ${esc(check.consequence)}<br><b>Fix:</b> ${esc(check.fix ?? "")}</p>`
    : "";
  const links = check.exchangeIds.map((id, i) => exchangeLink(id, known, `#${i + 1}`)).join(" ");
  return [
    `<li class="step ${stepClass(check.verdict)}" id="${escapeAttr(`check-${card}-${check.id}`)}">`,
    `<div class="step-head">${mark(check.verdict)}<span class="index">${esc(check.id)}</span>`,
    `<span class="label">${esc(check.title)}</span><span class="source">${esc(check.source)}</span>`,
    `<span class="duration">${duration(check.durationMs)}</span></div>`,
    `<p class="wire">${esc(check.summary)}</p>`,
    findings || explain ? `<div class="failure">${findings}${explain}</div>` : "",
    links ? `<p class="wire">exchanges: ${links}</p>` : "",
    `</li>`,
  ].join("");
}

function cardHtml(card: DialectCard, exchanges: Map<string, Exchange>): string {
  const known = new Set(exchanges.keys());
  const own = card.checks.flatMap((c) => c.exchangeIds.flatMap((id) => exchanges.get(id) ?? []));
  const evidence = new Set(card.checks.flatMap((c) => c.findings.flatMap((f) => f.exchangeId ?? [])));
  return [
    `<section class="scenario ${GRADE_CLASS[card.grade]}" id="${escapeAttr(`idp-${card.profile}`)}">`,
    `<h2>Works with ${esc(card.idp)}: <span class="badge">${esc(card.grade)}</span></h2>`,
    `<ol class="timeline">${card.checks.map((c) => checkHtml(card.profile, c, known)).join("")}</ol>`,
    `<h3>Exchanges <span class="count">${own.length}</span></h3>`,
    own.length > 0
      ? `<div class="exchanges">${own.map((e) => exchangeHtml(e, evidence.has(e.id))).join("")}</div>`
      : `<p class="empty">no exchanges</p>`,
    `</section>`,
  ].join("");
}

function summaryHtml(report: CheckReport): string {
  const rows = report.cards
    .map(
      (c) =>
        `<tr><td><a href="${escapeAttr(`#idp-${c.profile}`)}">${esc(c.idp)}</a></td><td class="grade ${GRADE_CLASS[c.grade]}">${esc(c.grade)}</td><td class="n">${c.counts.pass}</td><td class="n">${c.counts.warning}</td><td class="n">${c.counts.fail}</td><td class="n">${c.counts.skip}</td></tr>`,
    )
    .join("");
  const { cleanup } = report;
  const notes = [
    report.problem ? `<p class="skip-reason">${esc(report.problem)}</p>` : "",
    `<p class="meta">Clean-up: ${cleanup.removed} test resource(s) removed${cleanup.deactivated.length ? `, ${cleanup.deactivated.length} deactivated` : ""}${cleanup.left.length ? `; left on the server: ${cleanup.left.map((l) => esc(`${l.resource} ${l.name} (${l.id}): ${l.reason}`)).join("; ")}` : ""}.</p>`,
  ];
  return [
    `<header>`,
    `<h1>SCIMulator check of ${esc(report.baseUrl)}</h1>`,
    `<p class="meta">started ${esc(report.startedAt)} · ${duration(report.durationMs)} · ${report.exchanges.length} requests${report.requestsPerSecond ? ` at most ${report.requestsPerSecond} a second` : ""} · test resources tagged ${esc(report.tag)} · SCIMulator ${esc(report.version)}</p>`,
    `<table class="card"><thead><tr><th>IdP</th><th>works with it?</th><th>pass</th><th>warning</th><th>fail</th><th>skip</th></tr></thead><tbody>${rows}</tbody></table>`,
    ...notes,
    `</header>`,
  ].join("");
}

/** The clean-up's requests, and any other that no check sent. */
function otherHtml(report: CheckReport): string {
  const inChecks = new Set(report.cards.flatMap((c) => c.checks.flatMap((x) => x.exchangeIds)));
  const other = report.exchanges.filter((e) => !inChecks.has(e.id));
  if (other.length === 0) return "";
  return [
    `<section class="scenario" id="cleanup">`,
    `<h2>Clean-up</h2>`,
    `<h3>Exchanges <span class="count">${other.length}</span></h3>`,
    `<div class="exchanges">${other.map((e) => exchangeHtml(e, false)).join("")}</div>`,
    `</section>`,
  ].join("");
}

export function toCheckHtml(report: CheckReport): string {
  const exchanges = new Map(report.exchanges.map((e) => [e.id, e]));
  return reportPage(
    `${report.outcome === "compatible" ? "✔" : "✘"} SCIMulator check of ${esc(report.baseUrl)}`,
    summaryHtml(report),
    `${report.cards.map((c) => cardHtml(c, exchanges)).join("")}${otherHtml(report)}`,
    CHECK_STYLE,
  );
}

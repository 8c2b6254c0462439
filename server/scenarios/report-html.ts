import type { Exchange } from "../protocol";
import { bodyText, redactExchange } from "./report-har";
import { reportPage } from "./report-html-assets";
import type { ScenarioResult, Status, StepResult } from "./result";
import { escapeMarkup as esc, escapeAttr, prettyValue } from "./xml";

// One file a trainer can open from a CI artefact or a mail attachment, offline: every style and script is
// inline and nothing is fetched, so the report looks the same anywhere and leaks no request to anyone.

const MARK: Record<Status, string> = { passed: "✔", failed: "✘", skipped: "–" };
const mark = (status: Status): string =>
  `<span class="mark mark-${status}" title="${status}">${MARK[status]}</span>`;
/** Above this a step's exchange list (bulk creates, throughput runs) stops being readable; the full list is below. */
const STEP_EXCHANGE_LINKS = 8;

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const exchangeAnchor = (id: string): string => `exchange-${id}`;

/** What a trainee recognises from the SCIM spec: the path and filter, not the scheme and host they configured. */
function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    const path = `${parsed.pathname}${parsed.search}`;
    try {
      return decodeURIComponent(path);
    } catch {
      return path;
    }
  } catch {
    return url;
  }
}

/** String bodies that are JSON anyway (a target answering text/plain) are worth indenting too. */
function prettyBody(body: unknown): string | undefined {
  const text = bodyText(body);
  if (text === undefined) return undefined;
  if (typeof body !== "string") return JSON.stringify(body, null, 2);
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function statusClass(exchange: Exchange): string {
  const status = exchange.response?.status;
  if (status === undefined) return "http-none";
  if (status >= 500) return "http-5xx";
  if (status >= 400) return "http-4xx";
  if (status >= 300) return "http-3xx";
  return "http-2xx";
}

function causeOf(exchange: Exchange): string {
  const { type, userId, groupId } = exchange.cause;
  const subject = [userId && `user ${userId}`, groupId && `group ${groupId}`].filter(Boolean).join(", ");
  return subject ? `${type} · ${subject}` : type;
}

export function exchangeLink(id: string, known: Set<string>, text = id): string {
  return known.has(id)
    ? `<a href="#${escapeAttr(exchangeAnchor(id))}">${esc(text)}</a>`
    : `<span class="missing" title="not in this run's log">${esc(text)}</span>`;
}

function failureHtml(step: StepResult, exchanges: Map<string, Exchange>): string {
  const failure = step.failure;
  if (!failure) return "";
  const known = new Set(exchanges.keys());
  const sides: string[] = [];
  if ("expected" in failure) {
    sides.push(`<div><h5>expected</h5><pre>${esc(prettyValue(failure.expected))}</pre></div>`);
  }
  if ("actual" in failure) {
    sides.push(`<div><h5>actual</h5><pre>${esc(prettyValue(failure.actual))}</pre></div>`);
  }
  let evidence = "";
  if (failure.exchangeId !== undefined) {
    const exchange = exchanges.get(failure.exchangeId);
    const what = exchange
      ? `${exchange.request.method} ${pathOf(redactExchange(exchange).request.url)} → ${exchange.response?.status ?? "no response"}`
      : failure.exchangeId;
    evidence = `<p class="evidence">shown by ${exchangeLink(failure.exchangeId, known, what)}</p>`;
  }
  return [
    `<div class="failure">`,
    `<p class="message">${esc(failure.message)}</p>`,
    sides.length > 0 ? `<div class="diff">${sides.join("")}</div>` : "",
    evidence,
    `</div>`,
  ].join("");
}

function stepHtml(step: StepResult, exchanges: Map<string, Exchange>): string {
  const known = new Set(exchanges.keys());
  const links = step.exchangeIds
    .slice(0, STEP_EXCHANGE_LINKS)
    .map((id, i) => exchangeLink(id, known, `#${i + 1}`));
  const more = step.exchangeIds.length - links.length;
  const wire =
    step.exchangeIds.length > 0
      ? `<p class="wire">${step.exchangeIds.length} exchange${step.exchangeIds.length === 1 ? "" : "s"}: ${links.join(" ")}${more > 0 ? ` and ${more} more below` : ""}</p>`
      : "";
  return [
    `<li class="step ${step.status}">`,
    `<div class="step-head">`,
    mark(step.status),
    `<span class="index">${String(step.index).padStart(2, "0")}</span>`,
    `<span class="label">${esc(step.label)}</span>`,
    `<span class="kind">${esc(step.kind)}</span>`,
    `<span class="duration">${duration(step.durationMs)}</span>`,
    `</div>`,
    step.note ? `<p class="note">${esc(step.note)}</p>` : "",
    failureHtml(step, exchanges),
    wire,
    `</li>`,
  ].join("");
}

function headersTable(headers: Record<string, string>): string {
  const rows = Object.entries(headers).map(
    ([name, value]) => `<tr><th>${esc(name)}</th><td>${esc(value)}</td></tr>`,
  );
  return rows.length > 0
    ? `<table class="headers">${rows.join("")}</table>`
    : `<p class="empty">no headers</p>`;
}

function bodyBlock(body: unknown): string {
  const text = prettyBody(body);
  return text === undefined ? `<p class="empty">no body</p>` : `<pre>${esc(text)}</pre>`;
}

export function exchangeHtml(raw: Exchange, open: boolean): string {
  const exchange = redactExchange(raw);
  const { request, response } = exchange;
  const facts = [
    `<dt>URL</dt><dd>${esc(request.url)}</dd>`,
    `<dt>at</dt><dd>${esc(exchange.at)}</dd>`,
    exchange.simulatedAt ? `<dt>simulated</dt><dd>${esc(exchange.simulatedAt)}</dd>` : "",
    `<dt>cause</dt><dd>${esc(causeOf(exchange))}</dd>`,
    exchange.note ? `<dt>note</dt><dd>${esc(exchange.note)}</dd>` : "",
    exchange.error ? `<dt>error</dt><dd class="error">${esc(exchange.error)}</dd>` : "",
  ].join("");
  const responseHtml = response
    ? `${headersTable(response.headers)}${bodyBlock(response.body)}`
    : `<p class="empty">no response${exchange.error ? `: ${esc(exchange.error)}` : ""}</p>`;
  return [
    `<details class="exchange" id="${escapeAttr(exchangeAnchor(exchange.id))}"${open ? " open" : ""}>`,
    `<summary>`,
    `<span class="method">${esc(request.method)}</span>`,
    `<span class="path">${esc(pathOf(request.url))}</span>`,
    `<span class="http ${statusClass(exchange)}">${response ? response.status : "—"}</span>`,
    `<span class="duration">${duration(exchange.durationMs)}</span>`,
    `<span class="cause">${esc(causeOf(exchange))}</span>`,
    `</summary>`,
    `<dl class="facts">${facts}</dl>`,
    `<div class="sides">`,
    `<div><h5>request</h5>${headersTable(request.headers)}${bodyBlock(request.body)}</div>`,
    `<div><h5>response</h5>${responseHtml}</div>`,
    `</div>`,
    `</details>`,
  ].join("");
}

function scenarioHtml(result: ScenarioResult, index: number): string {
  const exchanges = new Map(result.exchanges.map((e) => [e.id, e]));
  // The exchanges a failure points at start open: they are what the reader came for.
  const evidence = new Set(
    result.steps.flatMap((s) => (s.failure?.exchangeId ? [s.failure.exchangeId] : [])),
  );
  const factPairs: [string, string][] = [
    ["file", result.file],
    ["profile", result.profile],
    ["target", result.targetUrl],
    ["started", result.startedAt],
    ["duration", duration(result.durationMs)],
  ];
  const facts = factPairs.map(([term, value]) => `<dt>${esc(term)}</dt><dd>${esc(value)}</dd>`).join("");
  const steps =
    result.steps.length > 0
      ? `<ol class="timeline">${result.steps.map((s) => stepHtml(s, exchanges)).join("")}</ol>`
      : `<p class="empty">no steps ran</p>`;
  const wire =
    result.exchanges.length > 0
      ? `<div class="exchanges">${result.exchanges.map((e) => exchangeHtml(e, evidence.has(e.id))).join("")}</div>`
      : `<p class="empty">no exchanges</p>`;
  return [
    `<section class="scenario ${result.status}" id="scenario-${index + 1}">`,
    `<h2>${mark(result.status)} ${esc(result.name)} <span class="badge">${result.status}</span></h2>`,
    result.description ? `<p class="description">${esc(result.description)}</p>` : "",
    `<dl class="facts">${facts}</dl>`,
    result.skipReason ? `<p class="skip-reason">${esc(result.skipReason)}</p>` : "",
    `<h3>Steps</h3>`,
    steps,
    `<h3>Exchanges <span class="count">${result.exchanges.length}</span></h3>`,
    wire,
    `</section>`,
  ].join("");
}

function count(statuses: Status[]): Record<Status, number> {
  const totals: Record<Status, number> = { passed: 0, failed: 0, skipped: 0 };
  for (const status of statuses) totals[status] += 1;
  return totals;
}

function summaryHtml(results: ScenarioResult[]): string {
  const scenarios = count(results.map((r) => r.status));
  const steps = count(results.flatMap((r) => r.steps.map((s) => s.status)));
  const total = results.reduce((sum, r) => sum + r.durationMs, 0);
  const started = results.map((r) => r.startedAt).sort()[0];
  const tile = (status: Status) =>
    `<li class="${status}"><b>${scenarios[status]}</b> ${status}<small>${steps[status]} step${steps[status] === 1 ? "" : "s"}</small></li>`;
  const toc = results
    .map(
      (r, i) =>
        `<li class="${r.status}"><a href="#scenario-${i + 1}">${mark(r.status)} ${esc(r.name)}</a> <span class="duration">${duration(r.durationMs)}</span></li>`,
    )
    .join("");
  return [
    `<header>`,
    `<h1>SCIMulator scenario report</h1>`,
    `<p class="meta">${results.length} scenario${results.length === 1 ? "" : "s"}${started ? ` · started ${esc(started)}` : ""}</p>`,
    `<ul class="totals">${tile("passed")}${tile("failed")}${tile("skipped")}<li class="time"><b>${duration(total)}</b> total</li></ul>`,
    results.length > 0 ? `<nav><ol>${toc}</ol></nav>` : "",
    `</header>`,
  ].join("");
}

export function toHtmlReport(results: ScenarioResult[]): string {
  const failed = results.some((r) => r.status === "failed");
  return reportPage(
    `${failed ? "✘" : "✔"} SCIMulator scenario report`,
    summaryHtml(results),
    results.map(scenarioHtml).join(""),
  );
}

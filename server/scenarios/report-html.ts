import type { Exchange } from "../protocol";
import { bodyText, redactExchange } from "./report-har";
import type { ScenarioResult, Status, StepResult } from "./result";
import { escapeMarkup as esc, escapeAttr, prettyValue } from "./xml";

// One file a trainer can open from a CI artefact or a mail attachment, offline: every style and script is
// inline and nothing is fetched, so the report looks the same anywhere and leaks no request to anyone.

const MARK: Record<Status, string> = { passed: "✔", failed: "✘", skipped: "–" };
const mark = (status: Status): string =>
  `<span class="mark mark-${status}" title="${status}">${MARK[status]}</span>`;
/** Above this a step's exchange list (bulk creates, throughput runs) stops being readable; the full list is below. */
const STEP_EXCHANGE_LINKS = 8;

function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const exchangeAnchor = (id: string): string => `exchange-${id}`;

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

function exchangeLink(id: string, known: Set<string>, text = id): string {
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

function exchangeHtml(raw: Exchange, open: boolean): string {
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

const STYLE = `
:root{--ok:#1a7f37;--bad:#cf222e;--skip:#8c959f;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
header,main{max-width:1100px;margin:0 auto;padding:24px}
header{border-bottom:1px solid var(--line)}
h1{margin:0 0 4px;font-size:26px}
h2{font-size:20px;margin:0 0 6px;display:flex;gap:10px;align-items:center}
h3{font-size:15px;margin:20px 0 8px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
h5{margin:0 0 4px;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
pre,code,.method,.path,.index,.headers{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
pre{margin:0 0 8px;padding:10px;background:var(--soft);border:1px solid var(--line);border-radius:6px;overflow:auto;max-height:420px;white-space:pre-wrap;word-break:break-word}
a{color:#0969da}
.meta,.description,.empty{color:var(--muted)}
.totals{list-style:none;display:flex;gap:12px;padding:0;margin:16px 0}
.totals li{flex:1;padding:12px 16px;border:1px solid var(--line);border-left-width:6px;border-radius:8px}
.totals b{font-size:24px;display:block}
.totals small{display:block;color:var(--muted)}
.totals .passed{border-left-color:var(--ok)}.totals .failed{border-left-color:var(--bad)}.totals .skipped{border-left-color:var(--skip)}
nav ol{margin:0;padding-left:0;list-style:none;columns:2}
nav .duration{color:var(--muted);font-size:13px}
.mark-passed{color:var(--ok)}.mark-failed{color:var(--bad)}.mark-skipped{color:var(--skip)}
.scenario{border:1px solid var(--line);border-top:6px solid var(--skip);border-radius:8px;padding:20px;margin:0 0 28px}
.scenario.passed{border-top-color:var(--ok)}.scenario.failed{border-top-color:var(--bad)}
.badge{font-size:12px;font-weight:600;padding:2px 8px;border-radius:999px;background:var(--soft);color:var(--muted);text-transform:uppercase}
.scenario.passed .badge{background:#dafbe1;color:var(--ok)}.scenario.failed .badge{background:#ffebe9;color:var(--bad)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0;font-size:13px}
.facts dt{color:var(--muted)}.facts dd{margin:0;word-break:break-all}
.skip-reason{padding:8px 12px;background:var(--soft);border-left:4px solid var(--skip);border-radius:4px}
.timeline{list-style:none;margin:0;padding:0 0 0 14px;border-left:2px solid var(--line)}
.step{position:relative;padding:6px 0 6px 14px}
.step-head{display:flex;gap:10px;align-items:baseline}
.step .mark{position:absolute;left:-24px;width:20px;text-align:center;background:#fff;font-weight:700}
.step .index{color:var(--muted)}
.step .label{flex:1}
.step.skipped .label{color:var(--muted)}
.kind{font-size:12px;color:var(--muted);background:var(--soft);padding:0 6px;border-radius:4px}
.duration{color:var(--muted);font-size:13px;white-space:nowrap}
.note{margin:2px 0 0;padding:4px 10px;background:#fff8c5;border-radius:4px;font-size:14px}
.wire{margin:2px 0 0;font-size:13px;color:var(--muted)}
.wire a,.wire span{margin-right:4px}
.failure{margin:6px 0;padding:10px 12px;border:1px solid #ffcecb;background:#fff5f5;border-radius:6px}
.failure .message{margin:0 0 8px;font-weight:600;color:var(--bad)}
.diff,.sides{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.evidence{margin:0;font-size:14px}
.missing{color:var(--muted);text-decoration:line-through dotted}
.exchange{border:1px solid var(--line);border-radius:6px;margin:0 0 6px}
.exchange[open]{box-shadow:0 1px 4px rgba(0,0,0,.08)}
.exchange:target{outline:3px solid #54aeff}
.exchange>summary{display:flex;gap:12px;align-items:baseline;padding:6px 10px;cursor:pointer;list-style:none}
.exchange>summary::-webkit-details-marker{display:none}
.exchange>summary::before{content:"▸";color:var(--muted)}
.exchange[open]>summary::before{content:"▾"}
.exchange>summary .path{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.exchange>.facts,.exchange>.sides{padding:0 12px 10px}
.method{font-weight:700;min-width:56px}
.cause{font-size:12px;color:var(--muted);max-width:280px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.http{font-weight:700;min-width:32px;text-align:right}
.http-2xx{color:var(--ok)}.http-3xx{color:#9a6700}.http-4xx,.http-5xx,.http-none,.error{color:var(--bad)}
.headers{border-collapse:collapse;width:100%;margin:0 0 8px}
.headers th,.headers td{text-align:left;vertical-align:top;padding:2px 8px 2px 0;border-bottom:1px solid var(--soft);word-break:break-all}
.headers th{color:var(--muted);font-weight:400;white-space:nowrap;width:1%}
.count{background:var(--soft);border-radius:999px;padding:0 8px;font-size:12px}
@media (max-width:760px){.diff,.sides{grid-template-columns:1fr}nav ol{columns:1}.totals{flex-wrap:wrap}}
`;

// A closed <details> would hide the very exchange a failure link promised, so following a link opens it.
const SCRIPT = `
function openTarget(){var el=document.getElementById(decodeURIComponent(location.hash.slice(1)));if(el&&el.tagName==="DETAILS")el.open=true;}
addEventListener("hashchange",openTarget);openTarget();
`;

export function toHtmlReport(results: ScenarioResult[]): string {
  const failed = results.some((r) => r.status === "failed");
  return [
    "<!doctype html>",
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${failed ? "✘" : "✔"} SCIMulator scenario report</title>`,
    `<style>${STYLE}</style>`,
    `</head>`,
    `<body>`,
    summaryHtml(results),
    `<main>${results.map(scenarioHtml).join("")}</main>`,
    `<script>${SCRIPT}</script>`,
    `</body>`,
    `</html>`,
    "",
  ].join("\n");
}

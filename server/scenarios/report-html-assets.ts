// The report's own stylesheet and script, inlined so the HTML file is self-contained.

export const REPORT_STYLE = `
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
export const REPORT_SCRIPT = `
function openTarget(){var el=document.getElementById(decodeURIComponent(location.hash.slice(1)));if(el&&el.tagName==="DETAILS")el.open=true;}
addEventListener("hashchange",openTarget);openTarget();
`;

/** The whole page around a report's header and main part; `title` must already be escaped. */
export function reportPage(title: string, header: string, main: string, extraStyle = ""): string {
  return [
    "<!doctype html>",
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${title}</title>`,
    `<style>${REPORT_STYLE}${extraStyle}</style>`,
    `</head>`,
    `<body>`,
    header,
    `<main>${main}</main>`,
    `<script>${REPORT_SCRIPT}</script>`,
    `</body>`,
    `</html>`,
    "",
  ].join("\n");
}

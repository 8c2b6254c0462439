// The IdP's own pages: plain HTML, no script, every value escaped, and a banner that says what this is.

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const STYLE = `body{font:15px system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
.banner{background:#fff4d6;border:1px solid #e9c46a;border-radius:6px;padding:.5rem .75rem;font-size:13px}
h1{font-size:1.4rem}ul.accounts{list-style:none;padding:0}ul.accounts li{margin:.35rem 0}
ul.accounts button{width:100%;text-align:left;padding:.5rem .75rem;border:1px solid #c8cfdb;border-radius:6px;background:#fff;cursor:pointer;font:inherit}
ul.accounts button:hover{background:#eef3ff}.muted{color:#5b6578}.off{color:#9a3412}
.error{border-left:4px solid #b91c1c;padding:.25rem .75rem;background:#fdf0f0}code{font-size:13px}
form.search{display:flex;gap:.5rem}form.search input{flex:1;padding:.4rem}`;

/** A whole page, with the test-IdP banner on top. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · SCIMulator IdP</title><style>${STYLE}</style></head><body><p class="banner">SCIMulator's embedded <b>test</b> identity provider. It signs in anyone from its directory without a password: never expose it as a real IdP.</p>${body}</body></html>`;
}

/** An auto-submitting form (SAML's HTTP-POST binding), with a button for browsers without scripts. */
export function autoPost(action: string, fields: Record<string, string>, title: string): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><form method="post" action="${escapeHtml(action)}" id="saml-post">${inputs}<button type="submit">Continue to the app</button></form><script>document.getElementById("saml-post").submit()</script>`,
  );
}

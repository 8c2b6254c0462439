// A headless browser for the IdP's pages: it follows redirects by hand, keeps cookies per host, and submits the
// auto-posting forms of SAML's HTTP-POST binding. It is what `scimulator run` plays sign-ins with (no Chromium),
// and it stops where the IdP hands the browser back to the app.

export interface BrowserStop {
  /** The URL the browser was sent to that belongs to the app (a redirect URI, an ACS URL). */
  url: string;
  /** For a form POST to the app (SAML): its fields. */
  form?: Record<string, string>;
  /** What the last IdP page said when the run stopped on it rather than at the app. */
  page?: { status: number; text: string };
}

const MAX_HOPS = 20;

/** Cookies as a browser keeps them for one origin: name=value, the rest of Set-Cookie ignored but expiry. */
function remember(jar: Map<string, string>, headers: Headers): void {
  for (const line of headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (/expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line) || value === "") jar.delete(name);
    else jar.set(name, value);
  }
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The first form on a page that posts itself (SAML's binding): its action and hidden fields. */
export function autoPostForm(html: string): { action: string; fields: Record<string, string> } | null {
  const form = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return null;
  const fields: Record<string, string> = {};
  for (const m of (form[2] ?? "").matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[decode(m[1] ?? "")] = decode(m[2] ?? "");
  return { action: decode(form[1] ?? ""), fields };
}

export function createHeadlessBrowser() {
  const jars = new Map<string, Map<string, string>>();
  const jarOf = (url: URL) => {
    const jar = jars.get(url.host) ?? new Map<string, string>();
    jars.set(url.host, jar);
    return jar;
  };

  async function request(url: URL, init: { method: string; form?: Record<string, string> }) {
    const jar = jarOf(url);
    const headers: Record<string, string> = { accept: "text/html,application/json" };
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers.origin = url.origin;
    }
    const res = await fetch(url, {
      method: init.method,
      headers,
      redirect: "manual",
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    remember(jar, res.headers);
    return res;
  }

  return {
    /**
     * Goes to `start` and follows redirects and auto-posting forms until the browser is sent somewhere `isApp`
     * claims, or a page neither redirects nor posts on (an error page, a picker).
     */
    async follow(start: string, isApp: (url: string) => boolean): Promise<BrowserStop> {
      let url = new URL(start);
      let method = "GET";
      let form: Record<string, string> | undefined;
      for (let hop = 0; hop < MAX_HOPS; hop++) {
        if (isApp(url.href)) return { url: url.href, ...(form ? { form } : {}) };
        const res = await request(url, { method, ...(form ? { form } : {}) });
        const location = res.headers.get("location");
        if (res.status >= 300 && res.status < 400 && location) {
          url = new URL(location, url);
          method = "GET";
          form = undefined;
          await res.body?.cancel();
          continue;
        }
        const text = await res.text();
        const post = res.ok ? autoPostForm(text) : null;
        if (post && /SAMLResponse|SAMLRequest/.test(Object.keys(post.fields).join(" "))) {
          url = new URL(post.action, url);
          method = "POST";
          form = post.fields;
          continue;
        }
        return { url: url.href, page: { status: res.status, text } };
      }
      throw new Error(`more than ${MAX_HOPS} redirects from ${start}`);
    },

    /** Drops every cookie: a new browser, with no IdP session. */
    clear: () => jars.clear(),
  };
}

export type HeadlessBrowser = ReturnType<typeof createHeadlessBrowser>;

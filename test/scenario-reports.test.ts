import { describe, expect, it } from "vitest";
import type { Exchange } from "../server/protocol";
import { toHar } from "../server/scenarios/report-har";
import { toHtmlReport } from "../server/scenarios/report-html";
import { toJUnitXml } from "../server/scenarios/report-junit";
import type { ScenarioResult } from "../server/scenarios/result";

// The writers are pure, so the fixture is hand-built: it holds exactly the awkward cases a real run can produce
// (markup in names, a control character, an unredacted credential) without needing a target.

const BASE = "https://target.example.test/scim/v2";
const SECRET = "abc123secretvalue";
const PASSWORD = "hunter2-hunter2";
const HOSTILE = "<img src=x onerror=alert(1)>";
const AWKWARD = `Leaver <offboard> & "rehire"`;

const exchange = (id: string, overrides: Partial<Exchange> = {}): Exchange => ({
  id,
  at: "2025-03-01T10:00:01.000Z",
  targetId: "t1",
  cause: { type: "user.created", userId: "u1" },
  request: { method: "GET", url: `${BASE}/Users`, headers: { accept: "application/scim+json" }, body: null },
  response: { status: 200, headers: { "content-type": "application/scim+json" }, body: { totalResults: 0 } },
  durationMs: 12,
  ...overrides,
});

const onboarding: ScenarioResult = {
  name: "Joiner",
  description: "A new hire appears on the target.",
  file: "scenarios/joiner.yaml",
  status: "passed",
  startedAt: "2025-03-01T10:00:00.000Z",
  durationMs: 1534,
  profile: "okta",
  targetUrl: BASE,
  steps: [
    {
      index: 1,
      label: `create user ${HOSTILE}`,
      kind: "create user",
      status: "passed",
      durationMs: 40,
      exchangeIds: ["ex-1"],
    },
    {
      index: 2,
      label: "expect traffic",
      kind: "expect traffic",
      status: "passed",
      durationMs: 1200,
      note: "throughput: 42 users/s",
      exchangeIds: [],
    },
  ],
  exchanges: [
    exchange("ex-1", {
      cause: { type: "user.created", userId: "u1" },
      simulatedAt: "2025-03-01T12:00:00.000Z",
      note: "manager left out",
      request: {
        method: "POST",
        url: `${BASE}/Users`,
        headers: {
          authorization: `Bearer ${SECRET}`,
          "content-type": "application/scim+json",
          "x-api-key": SECRET,
        },
        body: { userName: HOSTILE, password: PASSWORD },
      },
      response: {
        status: 201,
        headers: { "content-type": "application/scim+json", "set-cookie": `session=${SECRET}` },
        body: { id: "r1", userName: HOSTILE },
      },
    }),
  ],
};

const FILTER = 'userName eq "bob@example.com"';
const leaver: ScenarioResult = {
  name: AWKWARD,
  description: "Deactivation reaches the target.",
  file: "scenarios/leaver.yaml",
  status: "failed",
  startedAt: "2025-03-01T10:01:00.000Z",
  durationMs: 2250,
  profile: "entra",
  targetUrl: BASE,
  steps: [
    {
      index: 1,
      label: "deactivate user bob",
      kind: "deactivate user",
      status: "passed",
      durationMs: 30,
      exchangeIds: ["ex-2"],
    },
    {
      index: 2,
      label: "expect user bob active false",
      kind: "expect user",
      status: "failed",
      durationMs: 2000,
      exchangeIds: ["ex-3"],
      failure: {
        message: `active is true on the target <bell:\u0007>`,
        expected: { active: false },
        actual: { active: true, note: "a & b" },
        exchangeId: "ex-3",
      },
    },
    {
      index: 3,
      label: "delete user bob",
      kind: "delete user",
      status: "skipped",
      durationMs: 0,
      exchangeIds: [],
    },
  ],
  exchanges: [
    exchange("ex-2", {
      cause: { type: "user.deactivated", userId: "u2" },
      request: { method: "PATCH", url: `${BASE}/Users/r2`, headers: {}, body: { Operations: [] } },
      response: null,
      error: "ECONNRESET",
    }),
    exchange("ex-3", {
      cause: { type: "reconcile", userId: "u2" },
      request: {
        method: "GET",
        url: `${BASE}/Users?filter=${encodeURIComponent(FILTER)}&count=1`,
        headers: { authorization: `Bearer ${SECRET}` },
        body: null,
      },
    }),
  ],
};

const skippedWhole: ScenarioResult = {
  name: "Clock drift",
  description: "",
  file: "scenarios/clock.yaml",
  status: "skipped",
  skipReason: "needs the embedded org",
  startedAt: "2025-03-01T10:02:00.000Z",
  durationMs: 0,
  profile: "okta",
  targetUrl: BASE,
  steps: [],
  exchanges: [],
};

const results = [onboarding, leaver, skippedWhole];
const allExchanges = results.flatMap((r) => r.exchanges);

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const decode = (raw: string) =>
  raw.replace(ENTITY, (_m, e: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e.startsWith("#x") ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });

/**
 * Just enough of an XML parser to reject what CI parsers reject: unbalanced tags, a raw `<` or `"` where it
 * cannot be, a bare `&`, and the control characters XML 1.0 forbids.
 */
function parseXml(xml: string): XmlElement {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting exactly these characters is the point
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  expect(xml.replace(ENTITY, "")).not.toContain("&");
  const token = /<\?xml[^>]*\?>|<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const root: XmlElement = { name: "#root", attrs: {}, children: [], text: "" };
  const stack = [root];
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const m = token.exec(xml);
    if (!m) throw new Error(`malformed XML at ${at}: ${xml.slice(at, at + 60)}`);
    const [, closing, name, rawAttrs, selfClosing, text] = m;
    const top = stack.at(-1);
    if (!top) throw new Error("stack underflow");
    if (text !== undefined) {
      top.text += decode(text);
    } else if (name && closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else if (name) {
      const attrs: Record<string, string> = {};
      for (const [, key = "", value = ""] of (rawAttrs ?? "").matchAll(/([\w:.-]+)="([^"]*)"/g)) {
        attrs[key] = decode(value);
      }
      const element: XmlElement = { name, attrs, children: [], text: "" };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  expect(stack.map((e) => e.name)).toEqual(["#root"]);
  const [document] = root.children;
  if (!document || root.children.length !== 1)
    throw new Error("an XML document has exactly one root element");
  return document;
}

const childrenNamed = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);

describe("the JUnit report", () => {
  const xml = toJUnitXml(results);
  const doc = parseXml(xml);
  const suites = childrenNamed(doc, "testsuite");

  it("is well-formed XML with totals on the root that CI dashboards read", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(doc.name).toBe("testsuites");
    expect(doc.attrs).toMatchObject({
      name: "scimulator",
      tests: "6",
      failures: "1",
      skipped: "2",
      time: "3.784",
    });
  });

  it("has one suite per scenario and one testcase per step", () => {
    expect(suites.map((s) => s.attrs.name)).toEqual(["Joiner", AWKWARD, "Clock drift"]);
    expect(suites.map((s) => childrenNamed(s, "testcase").length)).toEqual([2, 3, 1]);
    const [joiner, leaverSuite] = suites;
    expect(joiner?.attrs).toMatchObject({
      file: "scenarios/joiner.yaml",
      time: "1.534",
      tests: "2",
      failures: "0",
      timestamp: "2025-03-01T10:00:00",
    });
    const names = childrenNamed(leaverSuite as XmlElement, "testcase").map((c) => [
      c.attrs.classname,
      c.attrs.name,
    ]);
    expect(names).toEqual([
      [AWKWARD, "01 deactivate user bob"],
      [AWKWARD, "02 expect user bob active false"],
      [AWKWARD, "03 delete user bob"],
    ]);
  });

  it("explains a failed step with expected, actual and the exchange that shows it", () => {
    const failed = childrenNamed(suites[1] as XmlElement, "testcase")[1] as XmlElement;
    const [failure] = childrenNamed(failed, "failure");
    expect(failure?.attrs.type).toBe("expectation");
    expect(failure?.attrs.message).toBe("active is true on the target <bell:\uFFFD>");
    expect(failure?.text).toContain('expected:\n{\n  "active": false\n}');
    expect(failure?.text).toContain('"note": "a & b"');
    expect(failure?.text).toContain(`ex-3 GET ${allExchanges[2]?.request.url} → 200`);
  });

  it("marks skipped steps and a scenario skipped as a whole", () => {
    const skippedStep = childrenNamed(suites[1] as XmlElement, "testcase")[2] as XmlElement;
    expect(childrenNamed(skippedStep, "skipped")[0]?.attrs.message).toMatch(/earlier step failed/);
    const [whole] = childrenNamed(suites[2] as XmlElement, "testcase");
    expect(childrenNamed(whole as XmlElement, "skipped")[0]?.attrs.message).toBe("needs the embedded org");
    expect(suites[2]?.attrs).toMatchObject({ tests: "1", skipped: "1", failures: "0" });
  });

  it("puts notes into system-out", () => {
    const noted = childrenNamed(suites[0] as XmlElement, "testcase")[1] as XmlElement;
    expect(childrenNamed(noted, "system-out")[0]?.text).toBe("throughput: 42 users/s");
  });

  it("escapes markup in names rather than emitting it", () => {
    expect(xml).toContain('name="Leaver &lt;offboard&gt; &amp; &quot;rehire&quot;"');
    expect(xml).not.toContain("<offboard>");
    expect(xml).not.toContain(HOSTILE);
    expect(xml).not.toContain(SECRET);
  });
});

describe("the HAR export", () => {
  const har = toHar(results, { name: "SCIMulator", version: "9.9.9" });
  const { log } = har;

  it("is a HAR 1.2 log with one page per scenario and one entry per exchange", () => {
    expect(log.version).toBe("1.2");
    expect(log.creator).toEqual({ name: "SCIMulator", version: "9.9.9" });
    expect(log.pages.map((p) => p.title)).toEqual(["Joiner", AWKWARD, "Clock drift"]);
    expect(log.entries).toHaveLength(allExchanges.length);
    const pageIds = new Set(log.pages.map((p) => p.id));
    expect(log.entries.every((e) => pageIds.has(e.pageref))).toBe(true);
    expect(log.entries.map((e) => e.pageref)).toEqual(["scenario_1", "scenario_2", "scenario_2"]);
  });

  it("has every field HAR 1.2 requires on every entry", () => {
    for (const entry of log.entries) {
      expect(Number.isNaN(Date.parse(entry.startedDateTime))).toBe(false);
      expect(entry.time).toBeTypeOf("number");
      expect(entry.request).toEqual(
        expect.objectContaining({
          method: expect.any(String),
          url: expect.any(String),
          httpVersion: "HTTP/1.1",
          cookies: [],
          headers: expect.any(Array),
          queryString: expect.any(Array),
          headersSize: -1,
          bodySize: expect.any(Number),
        }),
      );
      expect(entry.response).toEqual(
        expect.objectContaining({
          status: expect.any(Number),
          statusText: expect.any(String),
          httpVersion: expect.any(String),
          cookies: [],
          headers: expect.any(Array),
          content: expect.objectContaining({ size: expect.any(Number), mimeType: expect.any(String) }),
          redirectURL: "",
          headersSize: -1,
          bodySize: expect.any(Number),
        }),
      );
      expect(entry.cache).toEqual({});
      expect(entry.timings).toEqual({ send: 0, wait: entry.time, receive: 0 });
      expect(entry._cause.type).toBeTypeOf("string");
    }
  });

  it("carries bodies as text and the custom fields of the exchange", () => {
    const [created, failedPatch] = log.entries;
    expect(created?.request.postData?.mimeType).toBe("application/scim+json");
    expect(JSON.parse(created?.request.postData?.text ?? "")).toEqual({
      userName: HOSTILE,
      password: "[redacted]",
    });
    expect(created?.response).toMatchObject({ status: 201, statusText: "Created" });
    expect(created?.response.content.text).toBe(JSON.stringify({ id: "r1", userName: HOSTILE }));
    expect(created).toMatchObject({ _note: "manager left out", _simulatedAt: "2025-03-01T12:00:00.000Z" });
    expect(failedPatch?.response).toMatchObject({ status: 0, _error: "ECONNRESET" });
  });

  it("parses the query string from the URL", () => {
    expect(log.entries[2]?.request.queryString).toEqual([
      { name: "filter", value: FILTER },
      { name: "count", value: "1" },
    ]);
    expect(log.entries[0]?.request.queryString).toEqual([]);
    expect(log.entries[0]?.request.postData).toBeDefined();
    expect(log.entries[2]?.request.postData).toBeUndefined();
  });

  it("redacts credentials even when the exchanges still carry them, keeping the auth scheme", () => {
    const text = JSON.stringify(har);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(PASSWORD);
    expect(log.entries[0]?.request.headers).toContainEqual({
      name: "authorization",
      value: "Bearer [redacted]",
    });
    expect(log.entries[0]?.request.headers).toContainEqual({ name: "x-api-key", value: "[redacted]" });
    expect(log.entries[0]?.response.headers).toContainEqual({ name: "set-cookie", value: "[redacted]" });
  });
});

describe("the HTML report", () => {
  const html = toHtmlReport(results);

  it("is one self-contained file that loads nothing from anywhere", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\s(src|href|action|srcset|poster)\s*=\s*"(?!#)/i);
    expect(html).not.toMatch(/url\(|@import/i);
    // The only absolute URLs are the exchanges' and the target's, shown as text.
    const known = new Set([BASE, ...allExchanges.map((e) => e.request.url)]);
    for (const [url] of html.matchAll(/https?:\/\/[^\s<"]*/g)) {
      expect([...known].some((k) => url.startsWith(k) || k.startsWith(url))).toBe(true);
    }
  });

  it("escapes user-controlled text so a hostile userName never becomes markup", () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain("<offboard>");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain(PASSWORD);
    expect(html).toContain("Bearer [redacted]");
  });

  it("shows totals, step marks and notes", () => {
    expect(html).toMatch(/<b>1<\/b> passed/);
    expect(html).toMatch(/<b>1<\/b> failed/);
    expect(html).toMatch(/<b>1<\/b> skipped/);
    expect(html).toContain("✔");
    expect(html).toContain("✘");
    expect(html).toContain("throughput: 42 users/s");
    expect(html).toContain("needs the embedded org");
  });

  it("links each failed step to an exchange that exists in the page", () => {
    const ids = new Set([...html.matchAll(/id="(exchange-[^"]+)"/g)].map(([, id]) => id));
    expect(ids).toEqual(new Set(allExchanges.map((e) => `exchange-${e.id}`)));
    const failedSteps = [...html.matchAll(/<li class="step failed">([\s\S]*?)<\/li>/g)].map(
      ([, body]) => body ?? "",
    );
    expect(failedSteps).toHaveLength(1);
    for (const step of failedSteps) {
      const evidence = /<p class="evidence">([\s\S]*?)<\/p>/.exec(step)?.[1] ?? "";
      const links = [...evidence.matchAll(/href="#([^"]+)"/g)].map(([, id]) => id);
      expect(links).toEqual(["exchange-ex-3"]);
      for (const id of links) expect(ids.has(id)).toBe(true);
      expect(step).toContain("&quot;active&quot;: false");
      expect(step).toContain("&quot;active&quot;: true");
    }
  });
});

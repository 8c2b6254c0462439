import { describe, expect, it } from "vitest";
import { toJUnitXml } from "../server/scenarios/report-junit";
import { AWKWARD, allExchanges, HOSTILE, results, SECRET } from "./support/scenario-results";

// The JUnit report of a scenario run, read back with a parser as strict as CI's: totals, one suite per scenario,
// failures with their evidence, skips, notes, and markup escaped.

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

import { describe, expect, it } from "vitest";
import { toHtmlReport } from "../server/scenarios/report-html";
import { allExchanges, BASE, HOSTILE, PASSWORD, results, SECRET } from "./support/scenario-results";

// The HTML report of a scenario run: one self-contained file, user-controlled text escaped, totals and marks, and
// each failed step linked to its exchange.

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

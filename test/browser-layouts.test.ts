import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notWhole, placementOf } from "./support/layout";
import { eventually, openUiSession, type UiSession } from "./support/ui-session";

// Each screen a class or a tester uses, at each size they use: what matters is inside the viewport and whole.

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
] as const;
const REHIRE_STEPS = 9;

let ui: UiSession;
let browser: Browser;

beforeAll(async () => {
  ui = await openUiSession({ name: "layouts" });
  const found = ui.page.context().browser();
  if (!found) throw new Error("the session's page has no browser");
  browser = found;
});
afterAll(() => ui?.close());

async function pageAt(size: { width: number; height: number }, path = "/"): Promise<Page> {
  const page = await browser.newPage({ viewport: size });
  page.on("pageerror", (err) => ui.errors.push(`pageerror: ${err.message}`));
  await page.goto(`${ui.url}${path}`);
  await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
  return page;
}

const whole = async (page: Page, selectors: string[]) => expect(await notWhole(page, selectors)).toEqual([]);

describe.each(VIEWPORTS)("the layout at $width×$height", (size) => {
  it("shows the default target's whole name, every traffic column it keeps, and the header's controls", async () => {
    const page = await pageAt(size);
    await page.getByTestId("traffic-row").first().waitFor();
    await whole(page, [
      '[data-testid="target-card"][data-embedded="true"] [data-testid="target-name"]',
      '[data-testid="traffic-panel"] .traffic-head .t-path',
      '[data-testid="traffic-panel"] .traffic-head .t-method',
      '[data-testid="traffic-panel"] .traffic-head .t-status',
      '[data-testid="traffic-panel"] .traffic-head .t-cause',
      '[data-testid="tab-scenarios"]',
      '[data-testid="reset-demo"]',
      '[data-testid="clock-toggle"]',
      '[data-testid="connection"]',
    ]);
    expect(await page.locator('[data-embedded="true"] [data-testid="target-name"]').textContent()).toBe(
      "Embedded org",
    );
    // The path column keeps room to read a path, whatever gave way beside it.
    const [path] = await placementOf(page, '[data-testid="traffic-panel"] .traffic-head .t-path');
    expect((path?.box?.right ?? 0) - (path?.box?.left ?? 0)).toBeGreaterThanOrEqual(120);
    await page.close();
  });

  it("keeps the Faults panel inside its column, with nothing wider than the panel", async () => {
    const page = await pageAt(size);
    await page.getByTestId("open-faults").click();
    const panel = page.getByTestId("faults-panel");
    await panel.waitFor();
    const [placed] = await placementOf(page, '[data-testid="faults-panel"]');
    expect(placed?.inViewport).toBe(true);
    const overflowing = await page.evaluate(() => {
      const root = document.querySelector('[data-testid="faults-panel"]');
      if (!root) return ["no panel"];
      const edge = root.getBoundingClientRect();
      return [...root.querySelectorAll("input, select, button, label")]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.left < edge.left - 0.5 || r.right > edge.right + 0.5);
        })
        .map((el) => el.outerHTML.slice(0, 80));
    });
    expect(overflowing).toEqual([]);
    await page.close();
  });

  it("shows each of the six Compare dialects columns whole, none running off to the side", async () => {
    const page = await pageAt(size, "/?view=compare");
    await eventually(async () => expect(await page.getByTestId("dialect-column").count()).toBe(6));
    const columns = await placementOf(page, '[data-testid="dialect-column"]');
    for (const column of columns) {
      expect(column.box?.left).toBeGreaterThanOrEqual(0);
      expect(column.box?.right).toBeLessThanOrEqual(size.width);
    }
    const scroller = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="compare-columns"]');
      return el ? { scroll: el.scrollWidth, client: el.clientWidth } : null;
    });
    expect(scroller && scroller.scroll <= scroller.client).toBe(true);
    await page.close();
  });

  it("keeps a trainer's pause, its caption and a whole Continue button in view without scrolling", async () => {
    const page = await pageAt(size, "/?view=scenarios&scenario=02-rehire");
    await page.getByTestId("scenario-stepping").check();
    await page.getByTestId("run-scenario").click();
    await page.locator('[data-testid="scenario-paused"][data-index="1"]').waitFor();
    await whole(page, ['[data-testid="scenario-continue"]', '[data-testid="scenario-paused"] .next-label']);
    expect(await page.getByTestId("scenario-continue").textContent()).toContain("Continue");
    // Walk to the captioned pause (step 5) and check the caption too.
    for (let index = 1; index < 5; index++) {
      await page.getByTestId("scenario-continue").click();
      await page.locator(`[data-testid="scenario-paused"][data-index="${index + 1}"]`).waitFor();
    }
    await whole(page, ['[data-testid="scenario-caption"]', '[data-testid="scenario-continue"]']);
    // Runs are one at a time: finish this one for the next size.
    for (let index = 5; index <= REHIRE_STEPS; index++) {
      await page.locator(`[data-testid="scenario-paused"][data-index="${index}"]`).waitFor();
      await page.getByTestId("scenario-continue").click();
    }
    await page.locator('[data-testid="scenario-run"][data-status="passed"]').waitFor();
    await page.close();
  });
});

describe("presentation mode", () => {
  it("runs a shipped scenario on a 1280×720 projector with the chrome hidden and larger type, never scrolling to continue", async () => {
    const page = await pageAt({ width: 1280, height: 720 }, "/?view=scenarios&scenario=02-rehire");
    const normalSize = await page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    await page.keyboard.press("p");
    await page.getByTestId("present-bar").waitFor();
    expect(await page.locator(".app-header").isVisible()).toBe(false);
    const presentSize = await page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    expect(presentSize).toBeGreaterThan(normalSize);

    await page.getByTestId("scenario-stepping").check();
    await page.getByTestId("run-scenario").click();
    for (let index = 1; index <= REHIRE_STEPS; index++) {
      await page.locator(`[data-testid="scenario-paused"][data-index="${index}"]`).waitFor();
      // While the run goes on the scenario list gives its room to the run.
      expect(await page.getByTestId("scenario-list").isVisible()).toBe(false);
      const focus =
        index === 5 ? '[data-testid="scenario-caption"]' : '[data-testid="scenario-paused"] .next-label';
      await whole(page, [focus, '[data-testid="scenario-continue"]']);
      const scrolled = await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0);
      expect(scrolled).toBe(0);
      await page.getByTestId("scenario-continue").click();
    }
    await page.locator('[data-testid="scenario-run"][data-status="passed"]').waitFor();
    await page.getByTestId("present-exit").click();
    await page.locator(".app-header").waitFor();
    await page.close();
  });

  it("logged no unexpected errors in the browser", () => {
    expect(ui.errors).toEqual([]);
  });
});

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contrastIssues } from "./support/layout";
import { eventually, openUiSession, type UiSession } from "./support/ui-session";

// An app that remembers, in both themes and from the keyboard alone.

const REHIRE_STEPS = 9;
const VIEWS = ["users", "groups", "traffic", "compare", "scenarios", "sign-in"] as const;

let ui: UiSession;
let browser: Browser;

beforeAll(async () => {
  ui = await openUiSession({ name: "app-state" });
  const found = ui.page.context().browser();
  if (!found) throw new Error("the session's page has no browser");
  browser = found;
});
afterAll(() => ui?.close());

async function open(path = "/", colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme });
  page.on("pageerror", (err) => ui.errors.push(`pageerror: ${err.message}`));
  await page.goto(`${ui.url}${path}`);
  await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
  return page;
}

const paused = (page: Page, index: number) =>
  page.locator(`[data-testid="scenario-paused"][data-index="${index}"]`);

describe("an app that remembers", () => {
  it("reopens a finished run from its link after a reload", async () => {
    const page = await open("/?view=scenarios&scenario=01-joiner-mover-leaver");
    await page.getByTestId("run-scenario").click();
    const run = page.locator('[data-testid="scenario-run"][data-status="passed"]');
    await run.waitFor({ timeout: 30_000 });
    const runId = await run.getAttribute("data-run-id");
    await eventually(() => expect(new URL(page.url()).searchParams.get("run")).toBe(runId));
    const link = page.url();
    await page.close();

    const again = await open(new URL(link).pathname + new URL(link).search);
    const reopened = again.locator(`[data-testid="scenario-run"][data-run-id="${runId}"]`);
    await reopened.waitFor();
    expect(await reopened.getAttribute("data-status")).toBe("passed");
    expect(await again.locator('[data-testid="scenario-step"][data-status="passed"]').count()).toBe(9);
    expect(await again.getByTestId("scenario-detail").getAttribute("data-scenario-id")).toBe(
      "01-joiner-mover-leaver",
    );
    await again.close();
  });

  it("opens a user's edit form from its link, marks the row, and drops the user from the address on close", async () => {
    const [first, second] = await ui.get<Array<{ id: string; userName: string }>>("/api/users");
    if (!first || !second) throw new Error("the simulator seeded too few users");
    const page = await open(`/?user=${second.id}`);
    const form = page.getByTestId("user-form");
    await form.waitFor();
    expect(await form.getByTestId("field-userName").inputValue()).toBe(second.userName);
    expect(
      await page
        .locator(`[data-testid="user-row"][data-user-id="${second.id}"]`)
        .getAttribute("aria-selected"),
    ).toBe("true");
    await page.keyboard.press("Escape");
    await form.waitFor({ state: "detached" });
    expect(new URL(page.url()).searchParams.get("user")).toBeNull();
    // Opening another user's form puts that user in the address.
    await page.getByTestId("user-filter").fill(first.userName);
    await page
      .locator(`[data-testid="user-row"][data-user-id="${first.id}"]`)
      .getByTestId("edit-user")
      .click();
    await form.waitFor();
    expect(new URL(page.url()).searchParams.get("user")).toBe(first.id);
    await page.close();
  });

  it("picks a target out from its link, scrolled into view, and puts a click on another target's name in the address", async () => {
    const second = await ui.post<{ id: string; name: string }>("/api/targets", {
      name: "Linked target",
      baseUrl: `${ui.url}/target/scim/v2`,
      auth: { type: "bearer", token: ui.sim.org.token },
      profile: "okta",
      mode: "manual",
    });
    const page = await open(`/?target=${second.id}`);
    const card = page.locator(`[data-testid="target-card"][data-target-id="${second.id}"]`);
    await eventually(async () => expect(await card.getAttribute("data-selected")).toBe("true"));
    await eventually(async () => {
      const box = await card.boundingBox();
      expect(box && box.y >= 0 && box.y + 10 <= 900).toBe(true);
    });
    const embedded = page.locator('[data-testid="target-card"][data-embedded="true"]');
    const embeddedId = await embedded.getAttribute("data-target-id");
    await embedded.getByTestId("target-name").click();
    await eventually(() => expect(new URL(page.url()).searchParams.get("target")).toBe(embeddedId));
    expect(await embedded.getAttribute("data-selected")).toBe("true");
    expect(await card.getAttribute("data-selected")).toBeNull();
    await page.close();
    await ui.sim.targets.remove(second.id);
  });

  it("keeps the run, the chosen scenario and the form across a switch of views, with the clock held at a pause", async () => {
    const page = await open("/?view=scenarios");
    await ui.post("/api/scenarios/leftovers/keep", {});
    await page.locator('[data-testid="scenario-item"][data-scenario-id="02-rehire"]').click();
    await page.getByTestId("scenario-stepping").check();
    await page.getByTestId("run-scenario").click();
    await paused(page, 1).waitFor();
    await page.getByTestId("scenario-continue").click();
    await paused(page, 2).waitFor();
    await page.getByTestId("scenario-continue").click();
    await paused(page, 3).waitFor();
    // The last step's requests (step 2 read the user back) are explained beside the pause, from the dialect's rules.
    const explained = page.getByTestId("step-requests").getByTestId("explanation");
    await explained.first().waitFor();
    expect(await explained.first().getAttribute("data-profile")).toBe("rfc");

    await page.getByTestId("tab-users").click();
    await page.getByTestId("tab-scenarios").click();
    expect(await page.getByTestId("scenario-detail").getAttribute("data-scenario-id")).toBe("02-rehire");
    expect(await page.getByTestId("scenario-stepping").isChecked()).toBe(true);
    await paused(page, 3).waitFor();

    // Simulated time stands still while the step waits, even at a fast scale.
    await ui.post("/api/scenarios/leftovers/keep", {});
    await fetch(`${ui.url}/api/clock`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ scale: 3600 }),
    });
    await page.getByTestId("clock-held").waitFor();
    const before = await page.getByTestId("clock-time").textContent();
    const since = Date.now();
    await eventually(() => expect(Date.now() - since).toBeGreaterThan(1200));
    expect(await page.getByTestId("clock-time").textContent()).toBe(before);

    for (let index = 3; index <= REHIRE_STEPS; index++) {
      await paused(page, index).waitFor();
      await page.getByTestId("scenario-continue").click();
    }
    await page.locator('[data-testid="scenario-run"][data-status="passed"]').waitFor();
    await page.getByTestId("clock-held").waitFor({ state: "detached" });
    await fetch(`${ui.url}/api/clock`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reset: true }),
    });
    await page.close();
  });

  it("follows the system's dark theme, toggles to light, remembers it, and keeps AA contrast in both", async () => {
    const page = await open("/", "dark");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe("rgb(13, 17, 25)");
    for (const view of VIEWS) {
      await page.getByTestId(`tab-${view}`).click();
      await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
      expect(await contrastIssues(page), `dark ${view}`).toEqual([]);
    }
    await page.keyboard.press("d");
    await eventually(async () =>
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light"),
    );
    for (const view of VIEWS) {
      await page.getByTestId(`tab-${view}`).click();
      expect(await contrastIssues(page), `light ${view}`).toEqual([]);
    }
    await page.reload();
    await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
    await page.close();
  });

  it("runs a scenario from the keyboard alone, showing a visible focus on every control it passes", async () => {
    const page = await open("/");
    await ui.post("/api/scenarios/leftovers/keep", {});
    await page.keyboard.press("?");
    await page.getByTestId("shortcuts-dialog").waitFor();
    expect(await page.getByTestId("shortcuts-dialog").textContent()).toContain(
      "Continue a paused trainer run",
    );
    await page.keyboard.press("Escape");
    await page.getByTestId("shortcuts-dialog").waitFor({ state: "detached" });
    await page.keyboard.press("5");
    await page.getByTestId("scenarios-panel").waitFor();

    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return {
          testId: el.dataset.testid ?? "",
          scenario: el.dataset.scenarioId ?? "",
          outline: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2,
        };
      });
    const tabTo = async (wanted: (f: { testId: string; scenario: string }) => boolean) => {
      for (let presses = 0; presses < 120; presses++) {
        await page.keyboard.press("Tab");
        const now = await focused();
        if (!now) continue;
        expect(now.outline, `focus outline on ${now.testId || "a control"}`).toBe(true);
        if (wanted(now)) return;
      }
      throw new Error("the control was never reached with Tab");
    };
    await tabTo((f) => f.scenario === "02-rehire");
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="scenario-detail"][data-scenario-id="02-rehire"]').waitFor();
    await tabTo((f) => f.testId === "scenario-stepping");
    await page.keyboard.press("Space");
    expect(await page.getByTestId("scenario-stepping").isChecked()).toBe(true);
    await tabTo((f) => f.testId === "run-scenario");
    await page.keyboard.press("Enter");
    for (let index = 1; index <= REHIRE_STEPS; index++) {
      await paused(page, index).waitFor();
      await page.keyboard.press("c");
    }
    await page.locator('[data-testid="scenario-run"][data-status="passed"]').waitFor();
    await page.close();
  });

  it("keeps AA contrast on a failed request's ERR badge and a 5xx badge in the dark theme", async () => {
    // The org drops the next create's connection twice (the client sends again at once on a fresh socket when a
    // kept-alive one is dropped, so only the second drop is a failure), then answers the retry with a 503; the
    // third try succeeds.
    await ui.post("/api/target-org/faults", { drop: true, count: 2, method: "POST", path: "/Users" });
    await ui.post("/api/target-org/faults", { status: 503, count: 1, method: "POST", path: "/Users" });
    await ui.post("/api/users", {
      userName: "contrast.check@example.com",
      givenName: "Contrast",
      familyName: "Check",
    });
    const page = await open("/?view=traffic", "dark");
    await page.locator('[data-testid="traffic-row"][data-status="ERR"]').first().waitFor();
    await page.locator('[data-testid="traffic-row"][data-status="503"]').first().waitFor();
    expect(await contrastIssues(page), "dark traffic with failures").toEqual([]);
    await fetch(`${ui.url}/api/target-org/faults`, { method: "DELETE" });
    await page.close();
  });

  it("logged no unexpected errors in the browser", () => {
    expect(ui.errors).toEqual([]);
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Target } from "../server/protocol";
import { createSimulator, type Simulator } from "../server/simulator";

// "Check this target" in a real headless Chromium: the card fills in check by check, from /ws, while the check
// runs in a simulator of its own against the target's URL with its credentials.

describe("checking a target from its card", () => {
  let dataDir: string;
  let sim: Simulator;
  let url: string;
  let browser: Browser;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "scimulator-ui-check-"));
    sim = await createSimulator({ dataDir, seed: false });
    url = await sim.listen(0, "127.0.0.1");
    browser = await chromium.launch({
      executablePath: inject("chromiumPath"),
      args: ["--headless", "--no-sandbox"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("shows the report card fill in, check by check, and grades the embedded org as Okta sees it", async () => {
    const res = await fetch(`${url}/api/targets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "Acme (Okta)",
        baseUrl: sim.orgUrl(),
        auth: { type: "bearer", token: sim.org.token },
        profile: "okta",
        mode: "manual",
      }),
    });
    const target = (await res.json()) as Target;
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on("pageerror", (err) => browserErrors.push(err.message));
    await page.goto(url);
    await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
    const card = page.locator(`[data-testid="target-card"][data-target-id="${target.id}"]`);
    await card.getByTestId("check-target").click();

    const dialog = page.getByTestId("check-dialog");
    const okta = dialog.locator('[data-testid="check-idp"][data-profile="okta"]');
    await okta.waitFor();
    // Part done, part still to come: the card is filled in as the results arrive, not all at once at the end.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="check-row"][data-verdict="pass"]') !== null &&
        document.querySelector('[data-testid="check-row"][data-verdict="pending"]') !== null,
      undefined,
      { timeout: 20_000 },
    );
    await dialog
      .locator('[data-testid="check-idp"][data-profile="okta"][data-grade="yes"]')
      .waitFor({ timeout: 30_000 });
    const verdicts = await okta
      .getByTestId("check-row")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-verdict")));
    expect(verdicts.length).toBeGreaterThan(20);
    expect(new Set(verdicts)).toEqual(new Set(["pass"]));
    expect(await dialog.locator('[data-testid="check-idp"]').count()).toBe(1);
    await dialog.getByTestId("check-cleanup").waitFor();
    expect(await dialog.getByTestId("check-cleanup").textContent()).toMatch(
      /Clean-up: \d+ test resources removed/,
    );

    const users = (await (await fetch(`${url}/api/users`)).json()) as unknown[];
    expect(users).toEqual([]);
    expect(browserErrors).toEqual([]);
  });
});

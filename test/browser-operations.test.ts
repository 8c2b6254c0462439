import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TargetView, User } from "../server/protocol";
import { eventually, openUiSession, type UiSession } from "./support/ui-session";

// Operations a trainer or tester drives from the page: faults on the embedded org, reconcile cycles and their drift,
// scenarios in trainer mode, and the simulated clock. Assertions on what the page shows and on what the API reports.

/** scenarios/02-rehire.yaml has nine steps; the fifth is the pause with the caption. */
const REHIRE_STEPS = 9;

interface OrgInfo {
  baseUrl: string;
  token: string;
}

interface ScimList {
  Resources?: Array<{ id: string; userName: string }>;
}

describe("faults, cycles, scenarios and the clock in a headless browser", () => {
  let ui: UiSession;
  let page: Page;

  const get = <T>(path: string) => ui.get<T>(path);

  async function orgUsers(org: OrgInfo): Promise<Array<{ id: string; userName: string }>> {
    const res = await fetch(`${org.baseUrl}/Users?count=1000`, {
      headers: { authorization: `Bearer ${org.token}`, accept: "application/scim+json" },
    });
    if (!res.ok) throw new Error(`GET /Users on the org: ${res.status}`);
    return ((await res.json()) as ScimList).Resources ?? [];
  }

  async function openTab(tab: "users" | "groups" | "compare" | "scenarios") {
    await page.getByTestId(`tab-${tab}`).click();
    await page.locator(`[data-testid="tab-${tab}"][aria-current="page"]`).waitFor();
  }

  beforeAll(async () => {
    ui = await openUiSession({ name: "ops", expectedStatus: /[45]\d\d/ });
    ({ page } = ui);
  });

  afterAll(() => ui?.close());

  it("injects a 503 fault for two requests, shows it fired twice and the create retried through to success", async () => {
    await page.getByTestId("open-faults").click();
    const panel = page.getByTestId("faults-panel");
    await panel.waitFor();
    await panel.getByTestId("fault-status").selectOption("503");
    await panel.getByTestId("fault-limit-count").click();
    await panel.getByTestId("fault-count").fill("2");
    await panel.getByTestId("add-fault").click();
    const fault = panel.locator('[data-testid="fault-item"][data-status="503"]');
    await fault.waitFor();
    expect(await fault.getAttribute("data-fired")).toBe("0");

    await page.getByTestId("create-user").click();
    const form = page.getByTestId("user-form");
    await form.waitFor();
    await form.getByTestId("field-userName").fill("flaky.fred@example.com");
    await form.getByTestId("field-givenName").fill("Fred");
    await form.getByTestId("field-familyName").fill("Flaky");
    await form.getByTestId("submit-user").click();
    await form.waitFor({ state: "detached" });

    await eventually(async () => expect(await fault.getAttribute("data-fired")).toBe("2"));
    const user = (await get<User[]>("/api/users")).find((u) => u.userName === "flaky.fred@example.com");
    if (!user) throw new Error("the user was not created");
    const rows = page.locator(`[data-testid="traffic-row"][data-cause-user-id="${user.id}"]`);
    await page
      .locator(
        `[data-testid="traffic-row"][data-cause-user-id="${user.id}"][data-method="POST"][data-status="201"]`,
      )
      .waitFor();
    const statuses: Array<string | null> = [];
    for (const row of await rows.all()) statuses.push(await row.getAttribute("data-status"));
    expect(statuses.slice(0, 2)).toEqual(["503", "503"]);
    expect(statuses.slice(2).every((s) => s !== null && /^2\d\d$/.test(s))).toBe(true);
    await page.screenshot({ path: "/tmp/ui-ops-faults.png" });

    await panel.getByTestId("clear-faults").click();
    await panel.getByTestId("faults-empty").waitFor();
    expect(await panel.getByTestId("fault-item").count()).toBe(0);
    expect(await get<unknown[]>("/api/target-org/faults")).toEqual([]);
    await panel.getByTestId("close-faults").click();
    await page.getByTestId("target-org-panel").waitFor();
  });

  it("reports a user deleted behind its back as missing on Reconcile, and re-creates it on Reconcile and fix", async () => {
    const org = await get<OrgInfo>("/api/target-org");
    const victim = (await orgUsers(org)).find((u) => u.userName !== "flaky.fred@example.com");
    if (!victim) throw new Error("the org holds no users");
    const res = await fetch(`${org.baseUrl}/Users/${victim.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${org.token}` },
    });
    expect(res.status).toBe(204);

    const embedded = (await get<TargetView[]>("/api/targets")).find((t) => t.embedded);
    if (!embedded) throw new Error("no embedded target");
    const card = page.locator(`[data-testid="target-card"][data-target-id="${embedded.id}"]`);
    await card.getByTestId("sync-menu").click();
    await card.getByTestId("sync-kind-reconcile").click();
    const dialog = page.getByTestId("drift-dialog");
    await dialog.waitFor();
    await dialog.locator(`[data-testid="drift-missing-item"][data-name="${victim.userName}"]`).waitFor();
    expect(await dialog.getByTestId("drift-view").getAttribute("data-fixed")).toBe("false");
    await page.screenshot({ path: "/tmp/ui-ops-drift.png" });
    await dialog.getByTestId("close-drift").click();
    await dialog.waitFor({ state: "detached" });

    await card.getByTestId("sync-menu").click();
    await card.getByTestId("sync-kind-reconcile-fix").click();
    await dialog.waitFor();
    await dialog.getByTestId("drift-fixed").waitFor();
    await dialog.getByTestId("close-drift").click();
    await eventually(async () =>
      expect((await orgUsers(org)).map((u) => u.userName)).toContain(victim.userName),
    );
    await page.locator(`[data-testid="org-user-row"][data-username="${victim.userName}"]`).waitFor();

    await card.getByTestId("cycle-history-open").click();
    const history = page.getByTestId("cycle-history");
    await history.waitFor();
    await eventually(async () =>
      expect(await history.getByTestId("cycle-record").first().getAttribute("data-kind")).toBe("reconcile"),
    );
    await page.screenshot({ path: "/tmp/ui-ops-history.png" });
    await page.keyboard.press("Escape");
    await history.waitFor({ state: "detached" });
  });

  it("runs 02-rehire in trainer mode, pausing before each step and showing the pause caption, to a pass", async () => {
    await openTab("scenarios");
    const item = page.locator('[data-testid="scenario-item"][data-scenario-id="02-rehire"]');
    await item.waitFor();
    await item.click();
    await page.locator('[data-testid="scenario-detail"][data-scenario-id="02-rehire"]').waitFor();
    await page.getByTestId("scenario-stepping").check();
    await page.getByTestId("run-scenario").click();

    const paused = (index: number) => page.locator(`[data-testid="scenario-paused"][data-index="${index}"]`);
    await paused(1).waitFor();
    await page.getByTestId("scenario-continue").click();
    await paused(2).waitFor();
    expect(
      await page.locator('[data-testid="scenario-step"][data-index="1"]').getAttribute("data-status"),
    ).toBe("passed");

    for (let index = 2; index <= REHIRE_STEPS; index++) {
      await paused(index).waitFor();
      if (index === 5) {
        const caption = page.getByTestId("scenario-caption");
        expect(await caption.textContent()).toContain("Bob has left");
        await page.screenshot({ path: "/tmp/ui-ops-scenario-pause.png" });
      }
      await page.getByTestId("scenario-continue").click();
    }
    await page.locator('[data-testid="scenario-run"][data-status="passed"]').waitFor();
    expect(await page.getByTestId("scenario-outcome").textContent()).toContain("Passed");
    expect(await page.locator('[data-testid="scenario-step"][data-status="passed"]').count()).toBe(
      REHIRE_STEPS,
    );
    expect(await page.getByTestId("traffic-panel").isVisible()).toBe(true);
    await page.screenshot({ path: "/tmp/ui-ops-scenario.png" });
  });

  it("sets the clock scale to 3600 from the header", async () => {
    await page.getByTestId("clock-toggle").click();
    await page.getByTestId("clock-panel").waitFor();
    await page.getByTestId("clock-scale-3600").click();
    await eventually(async () => expect(await page.getByTestId("clock-scale").textContent()).toBe("×3600"));
    expect((await get<{ scale: number }>("/api/clock")).scale).toBe(3600);
    await page.screenshot({ path: "/tmp/ui-ops-clock.png" });
    await page.keyboard.press("Escape");
  });

  it("logged no unexpected errors in the browser console", () => {
    expect(ui.errors).toEqual([]);
  });
});

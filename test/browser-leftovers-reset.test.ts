import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Leftovers, ScenarioRunState, TargetView, User } from "../server/protocol";
import { eventually, openUiSession, SEEDED_USERS, type UiSession } from "./support/ui-session";

// What scenario runs leave in the live app's directory (the notice, the pills, Keep and Remove) and the header's
// Reset demo, driven through the page; assertions on what the page shows and on what the control API reports.

/** scenarios/04-group-push.yaml makes three users and a group, and deletes the group before it ends. */
const GROUP_PUSH_USERS = 3;

describe("scenario leftovers and Reset demo in a headless browser", () => {
  let ui: UiSession;
  let page: Page;
  let seeded: string[];

  const get = <T>(path: string) => ui.get<T>(path);
  const userNames = async () => (await get<User[]>("/api/users")).map((u) => u.userName).sort();
  const userRow = (id: string) => page.locator(`[data-testid="user-row"][data-user-id="${id}"]`);
  const toast = (text: string) => page.getByTestId("toast").filter({ hasText: text });
  // The run deletes its group before it ends; the page may still be reading that event when the run has passed.
  const noticeOfRun = () =>
    page.locator(`[data-testid="leftovers-notice"][data-users="${GROUP_PUSH_USERS}"][data-groups="0"]`);

  /** Starts a run from the API, as a script would, and returns its id once the run is in the given state. */
  async function runScenario(id: string, until: ScenarioRunState["status"]): Promise<string> {
    const { runId } = await ui.post<{ runId: string }>(`/api/scenarios/${id}/run`, {});
    await eventually(async () => {
      expect((await get<ScenarioRunState>(`/api/scenarios/runs/${runId}`)).status).toBe(until);
    }, 30_000);
    return runId;
  }

  beforeAll(async () => {
    ui = await openUiSession({ name: "leftovers" });
    ({ page } = ui);
    seeded = await userNames();
    expect(seeded).toHaveLength(SEEDED_USERS);
  });

  afterAll(() => ui?.close());

  it("marks the users a run of 04-group-push made and makes them ordinary on Keep as ordinary", async () => {
    await runScenario("04-group-push", "passed");
    const notice = noticeOfRun();
    await notice.waitFor();
    expect(await notice.getByTestId("leftovers-text").textContent()).toBe(
      "3 users from scenario runs — only their run's target provisions them",
    );
    const { users, groups } = await get<Leftovers>("/api/scenarios/leftovers");
    expect(users).toHaveLength(GROUP_PUSH_USERS);
    expect(groups).toEqual([]);
    for (const user of users) {
      const pill = userRow(user.id).getByTestId("origin-pill");
      await pill.waitFor();
      expect(await pill.getAttribute("title")).toMatch(
        /^made by the run of Group push at .+; only that run's target provisions it$/,
      );
    }
    expect(await page.getByTestId("origin-pill").count()).toBe(GROUP_PUSH_USERS);
    await page.screenshot({ path: "/tmp/ui-leftovers-notice.png" });

    await notice.getByTestId("leftovers-keep").click();
    await page.getByTestId("leftovers-notice").waitFor({ state: "detached" });
    await toast("Kept 3 users as ordinary entries").waitFor();
    expect(await get<Leftovers>("/api/scenarios/leftovers")).toEqual({ users: [], groups: [] });
    expect(await page.getByTestId("origin-pill").count()).toBe(0);
    for (const user of users) await userRow(user.id).waitFor();
  });

  it("removes a second run's users from the directory list and the API once Remove is confirmed", async () => {
    await runScenario("04-group-push", "passed");
    const { users } = await get<Leftovers>("/api/scenarios/leftovers");
    expect(users).toHaveLength(GROUP_PUSH_USERS);
    for (const user of users) await userRow(user.id).getByTestId("origin-pill").waitFor();

    await noticeOfRun().getByTestId("leftovers-remove").click();
    const dialog = page.getByTestId("confirm-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Remove the 3 users that scenario runs made?");
    await dialog.getByTestId("confirm-ok").click();
    await dialog.waitFor({ state: "detached" });

    await page.getByTestId("leftovers-notice").waitFor({ state: "detached" });
    for (const user of users) await userRow(user.id).waitFor({ state: "detached" });
    await toast("Removed 3 users (").waitFor();
    const left = new Set((await get<User[]>("/api/users")).map((u) => u.id));
    expect(users.filter((u) => left.has(u.id))).toEqual([]);
    expect(await get<Leftovers>("/api/scenarios/leftovers")).toEqual({ users: [], groups: [] });
  });

  it("refuses Reset demo while a scenario waits at a pause step, saying why in a toast", async () => {
    const runId = await runScenario("02-rehire", "paused");
    await page.getByTestId("reset-demo").click();
    const dialog = page.getByTestId("confirm-dialog");
    await dialog.getByTestId("confirm-ok").click();
    await dialog.waitFor({ state: "detached" });
    await toast("a scenario is running").waitFor();
    expect(await userNames()).toEqual(expect.arrayContaining(seeded));

    await ui.post(`/api/scenarios/runs/${runId}/continue`, {});
    await eventually(async () => {
      expect((await get<ScenarioRunState>(`/api/scenarios/runs/${runId}`)).status).toBe("passed");
    }, 30_000);
  });

  it("changes nothing when Reset demo is cancelled, and brings back only the 12 seeded people when confirmed", async () => {
    const extra = await ui.post<User>("/api/users", {
      userName: "extra.person@example.com",
      givenName: "Extra",
      familyName: "Person",
    });
    await userRow(extra.id).waitFor();
    const before = await userNames();
    const targetsBefore = (await get<TargetView[]>("/api/targets")).length;
    expect(targetsBefore).toBeGreaterThan(1);

    await page.getByTestId("reset-demo").click();
    const dialog = page.getByTestId("confirm-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(
      "every user, group and target, the embedded org's data and preset, faults and the traffic log; the 12 demo people and the Embedded org target come back",
    );
    await dialog.getByTestId("confirm-cancel").click();
    await dialog.waitFor({ state: "detached" });
    expect(await userNames()).toEqual(before);
    expect(await get<TargetView[]>("/api/targets")).toHaveLength(targetsBefore);
    await userRow(extra.id).waitFor();

    await page.getByTestId("reset-demo").click();
    await dialog.getByTestId("confirm-ok").click();
    await dialog.waitFor({ state: "detached" });
    await toast("Demo reset: 12 users, 1 target").waitFor();
    await userRow(extra.id).waitFor({ state: "detached" });
    await eventually(async () => {
      const shown = await page
        .getByTestId("user-row")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-username") ?? ""));
      expect(shown.sort()).toEqual(seeded);
    });
    expect(await userNames()).toEqual(seeded);
    const targets = await get<TargetView[]>("/api/targets");
    expect(targets.map((t) => t.embedded)).toEqual([true]);
    await page.locator(`[data-testid="target-card"][data-target-id="${targets[0]?.id}"]`).waitFor();
    expect(await page.getByTestId("target-card").count()).toBe(1);
    await eventually(async () => expect(await page.getByTestId("org-user-row").count()).toBe(SEEDED_USERS));
    await page.screenshot({ path: "/tmp/ui-reset-demo.png" });
  });

  it("logged no unexpected errors in the browser console", () => {
    expect(ui.errors).toEqual([]);
  });
});

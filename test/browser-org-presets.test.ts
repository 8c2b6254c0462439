import type { Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Group, OrgRoles, TargetOrgInfo, User } from "../server/protocol";
import { eventually, openUiSession, SEEDED_USERS, type UiSession } from "./support/ui-session";

// The embedded org's presets, driven through the page: the preset select, the organization settings dialog and
// the Group Mapping, asserted on what the control API then holds and on what the page shows.

const BLT_PATH = /^\/target\/scim\/v2\.0\/organizations\/blt[0-9a-f]{16}$/;
const GRACE = { userName: "grace.hopper@example.com", givenName: "Grace", familyName: "Hopper" };

describe("the embedded org's presets in a headless browser", () => {
  let ui: UiSession;
  let url: string;
  let page: Page;

  const get = <T>(path: string) => ui.get<T>(path);

  async function userNamed(userName: string): Promise<User> {
    const user = (await get<User[]>("/api/users")).find((u) => u.userName === userName);
    if (!user) throw new Error(`no user ${userName} in the directory yet`);
    return user;
  }

  const orgPanel = () => page.getByTestId("target-org-panel");
  const settings = () => page.getByTestId("org-settings-dialog");

  beforeAll(async () => {
    ui = await openUiSession({ name: "presets" });
    ({ url, page } = ui);
  });

  afterAll(() => ui?.close());

  it("offers every preset in the org panel's header, strict first, with no settings to open", async () => {
    const select = orgPanel().getByTestId("org-preset");
    expect(await select.inputValue()).toBe("strict");
    const options = await select
      .locator("option")
      .evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
    expect(options).toEqual(["strict", "lenient", "contentstack", "aws-identity-center"]);
    expect(await orgPanel().getByTestId("org-base-path").textContent()).toBe("/target/scim/v2");
    expect(await orgPanel().getByTestId("org-settings").count()).toBe(0);
  });

  it("moves the org to a Contentstack organization path when contentstack is picked, and a late answer from the old path puts up no notice", async () => {
    // A read of the org's users at the old path is held until the new path's rows are shown, and the org's info
    // is held until that read has been sent: the old path's 404 then lands after the new rows, every time.
    const sent = new Promise<Route>((got) => {
      void page.route(/\/target\/scim\/v2\/Users\?/, (route) => got(route), { times: 1 });
    });
    await page.route(/\/api\/target-org$/, async (route) => {
      if (route.request().method() === "GET") await sent;
      await route.continue();
    });
    await orgPanel().getByTestId("org-preset").selectOption("contentstack");
    const path = orgPanel().getByTestId("org-base-path");
    await eventually(async () => expect(await path.textContent()).toMatch(BLT_PATH));
    const info = await get<TargetOrgInfo>("/api/target-org");
    expect(info.preset).toBe("contentstack");
    expect(await path.textContent()).toBe(`/target/scim/v2.0/organizations/${info.orgUid}`);
    // The preset's summary is the select's tooltip.
    const label = orgPanel().locator('label:has([data-testid="org-preset"])');
    expect(await label.getAttribute("title")).toBe(
      info.presets?.find((p) => p.name === "contentstack")?.summary,
    );
    // The users are read over SCIM at the new path.
    const rows = page.getByTestId("org-user-row");
    await eventually(async () => expect(await rows.count()).toBe(SEEDED_USERS));

    const held = await sent;
    const finished = page.waitForEvent("requestfinished", (request) => request === held.request());
    await held.continue();
    const stale = await (await finished).response();
    expect(stale?.status()).toBe(404);
    // Only now: a page with no route left stops holding requests, which would send the held one early.
    await page.unroute(/\/api\/target-org$/);
    // Two frames after the answer has arrived, the page has handled it and drawn what it leads to.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))),
    );
    expect(await orgPanel().getByRole("alert").count()).toBe(0);
    expect(await rows.count()).toBe(SEEDED_USERS);
    await orgPanel().getByTestId("org-settings").waitFor();
    await page.screenshot({ path: "/tmp/ui-org-presets.png" });
  });

  it("provisions a user created in the directory form into the Contentstack organization, as a member", async () => {
    await page.getByTestId("create-user").click();
    const form = page.getByTestId("user-form");
    await form.waitFor();
    for (const [field, value] of Object.entries(GRACE)) await form.getByTestId(`field-${field}`).fill(value);
    await form.getByTestId("submit-user").click();
    await form.waitFor({ state: "detached" });

    const row = orgPanel().locator(`[data-testid="org-user-row"][data-username="${GRACE.userName}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-scim-id")).toMatch(/^blt[0-9a-f]{16}$/);
    await eventually(async () => expect(await row.getByTestId("org-user-role").textContent()).toBe("member"));
  });

  it("sets the refused-edit status to 403 in the settings dialog, marked as assumed, and the org keeps it", async () => {
    await orgPanel().getByTestId("org-settings").click();
    await settings().waitFor();
    const status = settings().getByTestId("org-switch-refusedEditStatus");
    expect(await status.inputValue()).toBe("400");
    await page.screenshot({ path: "/tmp/ui-org-switches.png" });
    expect(await settings().getByTestId("org-switches").textContent()).toContain("assumed");
    await status.selectOption("403");
    await expect
      .poll(async () => (await get<TargetOrgInfo>("/api/target-org")).switches?.refusedEditStatus)
      .toBe(403);
    await eventually(async () => expect(await status.inputValue()).toBe("403"));

    const writes = settings().getByTestId("org-switch-writesPerMinute");
    await writes.fill("120");
    await writes.press("Enter");
    await expect
      .poll(async () => (await get<TargetOrgInfo>("/api/target-org")).switches?.writesPerMinute)
      .toBe(120);
  });

  it("refuses a mapping row with no group beside the field, then saves the row once it names one", async () => {
    const mapping = settings().getByTestId("role-mapping");
    const before = await mapping.getByTestId("role-mapping-row").count();
    await mapping.getByTestId("mapping-add-row").click();
    const row = mapping.getByTestId("role-mapping-row").nth(before);
    await row.getByTestId("mapping-org-role").selectOption("admin");
    await row.getByTestId("mapping-add-stack").click();
    await row.getByTestId("mapping-stack-name").fill("Docs");
    await row.getByTestId("mapping-stack-role").selectOption("content manager");
    expect(await mapping.getAttribute("data-dirty")).toBe("true");

    await mapping.getByTestId("mapping-save").click();
    const error = mapping.getByTestId(`error-roleMapping.${before}.group`);
    await error.waitFor();
    expect(await error.textContent()).toBe("must not be empty");
    expect((await get<TargetOrgInfo>("/api/target-org")).roleMapping).toHaveLength(before);

    await row.getByTestId("mapping-group").fill("Trainers");
    await error.waitFor({ state: "detached" });
    await mapping.getByTestId("mapping-save").click();
    await eventually(async () => expect(await mapping.getAttribute("data-dirty")).toBe("false"));
    expect(await mapping.getByTestId("mapping-state").textContent()).toBe("saved");
    const saved = (await get<TargetOrgInfo>("/api/target-org")).roleMapping;
    expect(saved).toHaveLength(before + 1);
    expect(saved?.at(-1)).toEqual({
      group: "Trainers",
      orgRole: "admin",
      stacks: { Docs: "content manager" },
    });
  });

  it("gives a member of the mapped group its roles, in the effective-roles table and in the org's user list", async () => {
    const grace = await userNamed(GRACE.userName);
    const res = await fetch(`${url}/api/groups`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "Trainers", members: [grace.id] }),
    });
    expect(res.status).toBe(201);
    const group = (await res.json()) as Group;
    expect(group.members).toEqual([grace.id]);

    const effective = settings().locator(
      `[data-testid="effective-role-row"][data-username="${GRACE.userName}"]`,
    );
    await eventually(async () => expect(await effective.getAttribute("data-org-role")).toBe("admin"));
    expect(await effective.getByTestId("effective-stacks").textContent()).toBe("Docs: content manager");
    expect(await effective.textContent()).toContain("Trainers");
    const roles = await get<OrgRoles>("/api/target-org/roles");
    expect(roles.users.find((u) => u.userName === GRACE.userName)).toMatchObject({
      orgRole: "admin",
      stacks: { Docs: "content manager" },
      groups: ["Trainers"],
    });
    await page.screenshot({ path: "/tmp/ui-org-settings.png" });

    await settings().getByTestId("close-org-settings").click();
    await settings().waitFor({ state: "detached" });
    const row = orgPanel().locator(`[data-testid="org-user-row"][data-username="${GRACE.userName}"]`);
    expect(await row.getByTestId("org-user-role").textContent()).toBe("admin");
  });

  it("adds an account that exists outside the organization and counts it", async () => {
    await orgPanel().getByTestId("org-settings").click();
    const accounts = settings().getByTestId("outside-accounts");
    expect(await accounts.getByTestId("outside-count").textContent()).toBe("0");
    await accounts.getByTestId("outside-userName").fill("ada.lovelace@example.com");
    await accounts.getByTestId("outside-givenName").fill("Ada");
    await accounts.getByTestId("outside-add").click();
    await eventually(async () => expect(await accounts.getByTestId("outside-count").textContent()).toBe("1"));
    expect(await accounts.getByTestId("outside-added").textContent()).toContain("ada.lovelace@example.com");
    expect((await get<TargetOrgInfo>("/api/target-org")).accountsOutside).toBe(1);
    await page.keyboard.press("Escape");
    await settings().waitFor({ state: "detached" });
  });

  it("goes back to the strict preset at /target/scim/v2, and the faults panel's strict switch agrees", async () => {
    await orgPanel().getByTestId("org-preset").selectOption("strict");
    const path = orgPanel().getByTestId("org-base-path");
    await eventually(async () => expect(await path.textContent()).toBe("/target/scim/v2"));
    await orgPanel().getByTestId("org-settings").waitFor({ state: "detached" });
    await page.getByTestId("open-faults").click();
    const strict = page.getByTestId("org-strict");
    await eventually(async () => expect(await strict.getAttribute("aria-pressed")).toBe("true"));
    // Lenient is the other generic preset: switching there moves the select along.
    await page.getByTestId("org-lenient").click();
    await expect.poll(async () => (await get<TargetOrgInfo>("/api/target-org")).preset).toBe("lenient");
    await page.getByTestId("close-faults").click();
    await eventually(async () =>
      expect(await orgPanel().getByTestId("org-preset").inputValue()).toBe("lenient"),
    );
  });

  it("logged no errors in the browser console", () => {
    expect(ui.errors).toEqual([]);
  });
});

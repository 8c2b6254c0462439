import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Group, TargetView, User } from "../server/protocol";
import { eventually, openUiSession, type UiSession } from "./support/ui-session";

// Groups, targets, assignments and the compare view, driven through the page; assertions on what crossed the wire
// (the live traffic panel, the embedded org read back over SCIM) and on what the page shows.

describe("groups, targets and the compare view in a headless browser", () => {
  let ui: UiSession;
  let page: Page;

  const get = <T>(path: string) => ui.get<T>(path);

  async function targetNamed(name: string): Promise<TargetView> {
    const target = (await get<TargetView[]>("/api/targets")).find((t) => t.name === name);
    if (!target) throw new Error(`no target named ${name} yet`);
    return target;
  }

  async function openTab(tab: "users" | "groups" | "compare") {
    await page.getByTestId(`tab-${tab}`).click();
    await page.locator(`[data-testid="tab-${tab}"][aria-current="page"]`).waitFor();
  }

  beforeAll(async () => {
    ui = await openUiSession({ name: "groups" });
    ({ page } = ui);
  });

  afterAll(() => ui?.close());

  it("creates a group with two members in the UI, shows its POST /Groups in traffic and the group with 2 members in the org", async () => {
    const users = await get<User[]>("/api/users");
    const [first, second] = [...users].sort((a, b) => a.userName.localeCompare(b.userName));
    if (!first || !second) throw new Error("the simulator seeded fewer than two users");

    await openTab("groups");
    await page.getByTestId("create-group").click();
    const form = page.getByTestId("group-form");
    await form.waitFor();
    await form.getByTestId("group-field-displayName").fill("Trainers");
    await form.getByTestId("group-field-description").fill("Everyone who teaches SCIM");
    const members = form.getByTestId("group-members");
    // The search narrows the list; the checkbox of each chosen user is ticked through it.
    for (const user of [first, second]) {
      await members.getByTestId("checklist-search").fill(user.userName);
      await members.locator(`[data-testid="checklist-option"][data-id="${user.id}"]`).check();
    }
    await members.getByTestId("checklist-search").fill("");
    expect(await members.getByTestId("checklist-count").textContent()).toContain("2 of");
    await form.getByTestId("submit-group").click();
    await form.waitFor({ state: "detached" });

    const row = page.locator('[data-testid="group-row"][data-group-name="Trainers"]');
    await row.waitFor();
    expect(await row.getAttribute("data-member-count")).toBe("2");
    const group = (await get<Group[]>("/api/groups")).find((g) => g.displayName === "Trainers");
    if (!group) throw new Error("the group was not stored");
    expect([...group.members].sort()).toEqual([first.id, second.id].sort());

    const post = page.locator(
      `[data-testid="traffic-row"][data-method="POST"][data-cause-group-id="${group.id}"][data-path="/Groups"]`,
    );
    await post.waitFor();
    expect(await post.getAttribute("data-status")).toBe("201");

    const orgGroup = page.locator('[data-testid="org-group-row"][data-group-name="Trainers"]');
    await orgGroup.waitFor();
    await eventually(async () => expect(await orgGroup.getAttribute("data-member-count")).toBe("2"));
    const names = await orgGroup.getByTestId("org-group-members").textContent();
    expect(names).toContain(first.userName);
    expect(names).toContain(second.userName);
    await page.screenshot({ path: "/tmp/ui-groups.png" });
  });

  it("shows, for a deactivation, Entra's \"False\" string, Okta's path-less replace and OneLogin's PUT side by side", async () => {
    await openTab("compare");
    await page.getByTestId("compare-op-deactivate").click();
    await page.locator('[data-testid="compare-columns"][data-operation="deactivate"]').waitFor();

    const column = (profile: string) =>
      page.locator(`[data-testid="dialect-column"][data-profile="${profile}"]`);
    expect(await page.getByTestId("dialect-column").count()).toBe(6);

    const entraBodies = await column("entra").getByTestId("rendered-body").allTextContents();
    expect(entraBodies.join("\n")).toContain('"value": "False"');
    const entraPatch = JSON.parse(entraBodies.at(-1) ?? "null") as { Operations: unknown[] };
    expect(entraPatch.Operations).toContainEqual({ op: "Replace", path: "active", value: "False" });

    const okta = column("okta");
    const oktaPatch = okta.locator('[data-testid="rendered-request"][data-method="PATCH"]');
    const oktaBody = JSON.parse((await oktaPatch.getByTestId("rendered-body").textContent()) ?? "null") as {
      Operations: unknown[];
    };
    expect(oktaBody.Operations).toEqual([{ op: "replace", value: { active: false } }]);

    const onelogin = column("onelogin");
    expect(await onelogin.locator('[data-testid="rendered-request"][data-method="PUT"]').count()).toBe(1);
    expect(await onelogin.locator('[data-testid="rendered-request"][data-method="PATCH"]').count()).toBe(0);

    // What differs from the rfc baseline is marked: Entra's capitalised op and its string.
    const marked = await column("entra").locator('[data-differs="true"]').allTextContents();
    expect(marked.join("")).toContain('"Replace"');
    expect(marked.join("")).toContain('"False"');

    // Unticking a profile hides its column.
    await page.getByTestId("compare-profile-okta-aiw").uncheck();
    await column("okta-aiw").waitFor({ state: "detached" });
    expect(await page.getByTestId("dialect-column").count()).toBe(5);
    await page.screenshot({ path: "/tmp/ui-compare.png" });
  });

  it("adds an Okta target through the form and tests its connection: ok in the card, GET startIndex=1&count=2 in traffic", async () => {
    const org = await get<{ baseUrl: string; token: string }>("/api/target-org");
    await openTab("users");
    await page.getByTestId("add-target").click();
    const form = page.getByTestId("target-form");
    await form.waitFor();
    await form.getByTestId("target-field-name").fill("Okta demo");
    // The form takes each dialect's defaults and options from GET /api/dialects, not from a copy of its own.
    const facts =
      await get<
        Array<{
          profile: string;
          defaults: { mode: string; schedule: string | null };
          headers: { userAgent: string };
        }>
      >("/api/dialects");
    const entra = facts.find((f) => f.profile === "entra");
    await form.getByTestId("target-field-profile").selectOption("entra");
    expect(await form.getByTestId("target-field-mode").inputValue()).toBe(entra?.defaults.mode);
    expect(await form.getByTestId("target-field-schedule").inputValue()).toBe(entra?.defaults.schedule);
    expect(await form.getByTestId("target-option-userAgent").getAttribute("placeholder")).toBe(
      entra?.headers.userAgent,
    );
    expect(await form.getByTestId("target-option-activeAs").count()).toBe(1);
    expect(await form.getByTestId("target-option-passwordSync").count()).toBe(0);
    await form.getByTestId("target-field-profile").selectOption("okta");
    await form.getByTestId("target-field-baseUrl").fill(org.baseUrl);
    await form.getByTestId("target-field-token").fill(org.token);
    await form.getByTestId("target-field-mode").selectOption("manual");
    // Options that do not apply to Okta are not offered.
    expect(await form.getByTestId("target-option-activeAs").count()).toBe(0);
    expect(await form.getByTestId("target-option-template").count()).toBe(0);
    await form.getByTestId("target-option-passwordSync").check();
    await form.getByTestId("submit-target").click();
    await form.waitFor({ state: "detached" });

    const card = page.locator('[data-testid="target-card"][data-target-name="Okta demo"]');
    await card.waitFor();
    expect(await card.getByTestId("target-profile").textContent()).toBe("okta");
    expect(await card.getByTestId("target-mode").textContent()).toContain("manual");
    const target = await targetNamed("Okta demo");
    expect(target.auth).toEqual({ type: "bearer", token: `••••${org.token.slice(-4)}` });
    expect(target.options).toEqual({ passwordSync: true });

    await card.getByTestId("test-target").click();
    const result = card.getByTestId("test-result");
    await result.waitFor();
    expect(await result.getAttribute("data-ok")).toBe("true");
    expect(await result.textContent()).toContain("Connection OK");

    const probe = page.locator(
      `[data-testid="traffic-row"][data-method="GET"][data-cause-type="test-connection"][data-path="/Users?startIndex=1&count=2"]`,
    );
    await probe.waitFor();
    expect(await probe.getAttribute("data-status")).toBe("200");
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/ui-targets.png" });
  });

  it("scopes the embedded target to assignments and assigns a user through the Assignments editor, who then appears in the org", async () => {
    const embedded = (await get<TargetView[]>("/api/targets")).find((t) => t.embedded);
    if (!embedded) throw new Error("no embedded target");
    await openTab("users");
    const card = page.locator(`[data-testid="target-card"][data-target-id="${embedded.id}"]`);

    await card.getByTestId("edit-target").click();
    const form = page.getByTestId("target-form");
    await form.waitFor();
    await form.getByTestId("target-field-scope").selectOption("assigned");
    await form.getByTestId("submit-target").click();
    await form.waitFor({ state: "detached" });
    await page
      .locator(`[data-testid="target-card"][data-target-id="${embedded.id}"][data-scope="assigned"]`)
      .waitFor();

    // A user created now is in nobody's assignments: the embedded org does not get it.
    const ada = await ui.post<User>("/api/users", {
      userName: "ada.lovelace@example.com",
      givenName: "Ada",
      familyName: "Lovelace",
    });
    await page.locator(`[data-testid="user-row"][data-user-id="${ada.id}"]`).waitFor();
    const orgRow = page.locator('[data-testid="org-user-row"][data-username="ada.lovelace@example.com"]');
    expect(await orgRow.count()).toBe(0);

    await card.getByTestId("assign-target").click();
    const dialog = page.getByTestId("assignments-dialog");
    await dialog.waitFor();
    const users = dialog.getByTestId("assign-users");
    await users.getByTestId("checklist-search").fill("ada");
    await users.locator(`[data-testid="checklist-option"][data-id="${ada.id}"]`).check();
    await page.screenshot({ path: "/tmp/ui-assignments.png" });
    await dialog.getByTestId("save-assignments").click();
    await dialog.waitFor({ state: "detached" });

    await orgRow.waitFor();
    expect((await targetNamed(embedded.name)).assigned.users).toEqual([ada.id]);
    await page
      .locator(`[data-testid="traffic-row"][data-method="POST"][data-cause-user-id="${ada.id}"]`)
      .waitFor();
    expect(await card.getByTestId("target-scope").textContent()).toContain("1 users");
  });

  it("logged no errors in the browser console", () => {
    expect(ui.errors).toEqual([]);
  });
});

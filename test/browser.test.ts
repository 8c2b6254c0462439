import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../server/protocol";
import { eventually, openUiSession, SEEDED_USERS, type UiSession } from "./support/ui-session";

// A real server, a real headless Chromium, and assertions on what the page shows once the wire has spoken.

const NEW_USER = {
  userName: "grace.hopper@example.com",
  givenName: "Grace",
  familyName: "Hopper",
  email: "grace.hopper@example.com",
  title: "Rear Admiral",
  department: "Navy",
};

describe("the web UI in a headless browser", () => {
  let ui: UiSession;
  let url: string;
  let page: Page;

  async function apiUsers(): Promise<User[]> {
    const res = await fetch(`${url}/api/users`);
    return (await res.json()) as User[];
  }

  async function userNamed(userName: string): Promise<User> {
    const user = (await apiUsers()).find((u) => u.userName === userName);
    if (!user) throw new Error(`no user ${userName} in the directory yet`);
    return user;
  }

  beforeAll(async () => {
    ui = await openUiSession({ name: "main", ready: false });
    ({ url, page } = ui);
  });

  afterAll(() => ui?.close());

  it("shows the version and a live connection in the header", async () => {
    await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
    const version = await page.getByTestId("version").textContent();
    expect(version).toMatch(/^v\d+\.\d+\.\d+/);
  });

  it("lists the seeded users in the directory and, once provisioned, in the target org", async () => {
    await eventually(async () => expect(await page.getByTestId("user-row").count()).toBe(SEEDED_USERS));
    const seeded = await apiUsers();
    const first = seeded[0];
    if (!first) throw new Error("the simulator seeded no users");
    await page.locator(`[data-testid="user-row"][data-username="${first.userName}"]`).waitFor();
    await eventually(async () => expect(await page.getByTestId("org-user-row").count()).toBe(SEEDED_USERS));
    await eventually(async () => expect(await page.getByTestId("traffic-row").count()).toBeGreaterThan(0));
  });

  it("shows the server's field errors next to the form fields", async () => {
    await page.getByTestId("create-user").click();
    const form = page.getByTestId("user-form");
    await form.waitFor();
    await form.getByTestId("field-userName").fill("not.valid@example.com");
    await form.getByTestId("field-givenName").fill("Not");
    await form.getByTestId("field-familyName").fill("Valid");
    await form.getByTestId("field-email").fill("not an email");
    await form.getByTestId("submit-user").click();
    const error = form.getByTestId("error-email");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/email/i);
    await page.keyboard.press("Escape");
    await form.waitFor({ state: "detached" });
    expect(
      await page.locator('[data-testid="user-row"][data-username="not.valid@example.com"]').count(),
    ).toBe(0);
  });

  it("creates a user through the form, shows its POST 201 in live traffic and the user in the target org", async () => {
    await page.getByTestId("create-user").click();
    const form = page.getByTestId("user-form");
    await form.waitFor();
    for (const [field, value] of Object.entries(NEW_USER)) {
      await form.getByTestId(`field-${field}`).fill(value);
    }
    await form.getByTestId("submit-user").click();
    await form.waitFor({ state: "detached" });

    await page.locator(`[data-testid="user-row"][data-username="${NEW_USER.userName}"]`).waitFor();
    const created = await userNamed(NEW_USER.userName);

    const post = page.locator(
      `[data-testid="traffic-row"][data-method="POST"][data-cause-user-id="${created.id}"]`,
    );
    await post.waitFor();
    expect(await post.getAttribute("data-status")).toBe("201");

    await page.locator(`[data-testid="org-user-row"][data-username="${NEW_USER.userName}"]`).waitFor();
  });

  it("sets a password through a write-only field, marks the user, and clears it again", async () => {
    const row = page.locator(`[data-testid="user-row"][data-username="${NEW_USER.userName}"]`);
    const form = page.getByTestId("user-form");
    await row.getByTestId("edit-user").click();
    const field = form.getByTestId("field-password");
    expect(await field.getAttribute("type")).toBe("password");
    expect(await field.getAttribute("autocomplete")).toBe("new-password");
    await field.fill("Ui-Secret-93fa");
    await form.getByTestId("submit-user").click();
    await form.waitFor({ state: "detached" });
    await row.getByTestId("password-set").waitFor();
    expect((await userNamed(NEW_USER.userName)).passwordSet).toBe(true);
    expect(await page.content()).not.toContain("Ui-Secret-93fa");

    await row.getByTestId("edit-user").click();
    expect(await form.getByTestId("field-password").inputValue()).toBe("");
    expect(await form.getByTestId("field-password").getAttribute("placeholder")).toBe("leave blank to keep");
    await form.getByTestId("field-clearPassword").check();
    await form.getByTestId("submit-user").click();
    await form.waitFor({ state: "detached" });
    await row.getByTestId("password-set").waitFor({ state: "detached" });
    expect((await userNamed(NEW_USER.userName)).passwordSet).toBe(false);
  });

  it("shows a change made through the API by another client without a reload", async () => {
    const created = await userNamed(NEW_USER.userName);
    const res = await fetch(`${url}/api/users/${created.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ department: "Quality Assurance" }),
    });
    expect(res.status).toBe(200);
    const department = page
      .locator(`[data-testid="user-row"][data-user-id="${created.id}"]`)
      .getByTestId("user-department");
    await eventually(async () => expect(await department.textContent()).toBe("Quality Assurance"));
  });

  it("keeps a live edit when a list read sent before the edit answers after it", async () => {
    const edited = await userNamed(NEW_USER.userName);
    // The next read of the directory's rows is held, with the answer it got before the edit below.
    const held = new Promise<() => Promise<void>>((got) => {
      void page.route(
        /\/api\/users\?startIndex=/,
        async (route) => {
          const before = await route.fetch();
          got(() => route.fulfill({ response: before }));
        },
        { times: 1 },
      );
    });
    const created = await fetch(`${url}/api/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        userName: "ada.lovelace@example.com",
        givenName: "Ada",
        familyName: "Lovelace",
      }),
    });
    expect(created.status).toBe(201);
    const answer = await held;
    const edit = await fetch(`${url}/api/users/${edited.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ department: "Compilers" }),
    });
    expect(edit.status).toBe(200);
    const department = page
      .locator(`[data-testid="user-row"][data-user-id="${edited.id}"]`)
      .getByTestId("user-department");
    await eventually(async () => expect(await department.textContent()).toBe("Compilers"));
    await answer();
    // The held read brought the new user: once the row is there, its answer has been applied.
    await page.locator('[data-testid="user-row"][data-username="ada.lovelace@example.com"]').waitFor();
    expect(await department.textContent()).toBe("Compilers");
  });

  it("expands the POST row to show the request body with the new userName", async () => {
    const created = await userNamed(NEW_USER.userName);
    const post = page
      .locator(`[data-testid="traffic-row"][data-method="POST"][data-cause-user-id="${created.id}"]`)
      .first();
    await post.click();
    expect(await post.getAttribute("aria-expanded")).toBe("true");
    const body = page.getByTestId("traffic-detail").getByTestId("request-body");
    await body.waitFor();
    expect(await body.textContent()).toContain(`"userName": "${NEW_USER.userName}"`);
    expect(await page.getByTestId("traffic-detail").getByTestId("response-detail").textContent()).toContain(
      "201",
    );
    await page.getByTestId("traffic-detail").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/ui.png" });
  });

  it("logged no errors in the browser console", () => {
    expect(ui.errors).toEqual([]);
  });
});

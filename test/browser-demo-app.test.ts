import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AppView, Exchange, User } from "../server/protocol";
import { createHeadlessBrowser } from "../server/signin/browser";
import { DEMO_APP_NAME } from "../server/signin/demo-app";
import { playOidcSignIn } from "../server/signin/oidc-player";
import { type Running, start } from "./support/simulator";
import { eventually, openUiSession, type UiSession } from "./support/ui-session";

// The demo app, the embedded IdP and the directory in a real Chromium: sign in through the account picker,
// be signed out when the directory deactivates the user (back-channel logout), and be refused after.

describe("the demo app in a headless browser", () => {
  let run: Running;
  let browser: Browser;
  let rosa: User;

  beforeAll(async () => {
    run = await start({ seed: true });
    rosa = (
      await run.api<User>("POST", "/users", {
        userName: "rosa.parks@example.com",
        givenName: "Rosa",
        familyName: "Parks",
        email: "rosa.parks@example.com",
      })
    ).body;
    browser = await chromium.launch({
      executablePath: inject("chromiumPath"),
      args: ["--headless", "--no-sandbox"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await run?.stop(true);
  });

  it("is registered by default, pointed at this server", async () => {
    const apps = (await run.api<AppView[]>("GET", "/apps")).body;
    const demo = apps.find((a) => a.builtIn);
    expect(demo).toMatchObject({ protocol: "oidc", redirectUris: [`${run.url}/demo-app/callback`] });
    expect(demo?.backchannelLogoutUri).toBe(`${run.url}/demo-app/backchannel-logout`);
    expect(demo?.clientSecret).toMatch(/^••••/);
  });

  it("signs out RP-initiated: the IdP asks, ends its session, and sends the browser back to the app", async () => {
    const ivy = (
      await run.api<User>("POST", "/users", {
        userName: "ivy.day@example.com",
        givenName: "Ivy",
        familyName: "Day",
      })
    ).body;
    const page = await browser.newPage();
    await page.goto(`${run.url}/demo-app`);
    await page.fill("input[name=login_hint]", ivy.userName);
    await page.click("[data-testid=demo-sign-in]");
    await page.waitForSelector("[data-testid=demo-user]");
    await page.click("[data-testid=demo-sign-out]");
    await page.click("button[value=yes]");
    await page.waitForSelector("[data-testid=demo-state]");
    expect(await page.textContent("[data-testid=demo-state]")).toContain("Nobody is signed in");
    const log = (await run.api<Exchange[]>("GET", "/log")).body;
    // One sign-out: the confirmation, not the page that asked for it.
    expect(log.filter((e) => e.signIn?.outcome === "signed-out")).toHaveLength(1);
    // The IdP session is gone too: signing in again shows the picker instead of signing Ivy straight back in.
    await page.click("[data-testid=demo-sign-in]");
    await page.waitForSelector("ul.accounts");
    await page.close();
  });

  it("signs in through the account picker, is signed out by a deactivation, and is refused after", async () => {
    const page = await browser.newPage();
    await page.goto(`${run.url}/demo-app`);
    await expect.poll(() => page.textContent("[data-testid=demo-state]")).toContain("Nobody is signed in");
    await page.click("[data-testid=demo-sign-in]");
    // The IdP's sign-in page: every directory user, deactivated ones marked.
    await page.waitForSelector("ul.accounts");
    expect(await page.title()).toContain("Sign in");
    await page.fill("input[name=q]", "rosa.parks");
    await page.click("form.search button");
    await page.click(`button[data-user-name="${rosa.userName}"]`);
    await page.waitForSelector("[data-testid=demo-user]");
    expect(await page.textContent("[data-testid=demo-user]")).toBe("Rosa Parks");
    expect(await page.textContent("[data-testid=demo-claims]")).toContain(rosa.userName);

    await run.api("PATCH", `/users/${rosa.id}`, { active: false });
    // The IdP told the demo app over the back channel: its session is gone without the browser doing anything.
    await expect
      .poll(async () => {
        await page.reload();
        return page.textContent("[data-testid=demo-state]");
      })
      .toContain("Nobody is signed in");
    const log = (await run.api<Exchange[]>("GET", "/log")).body;
    expect(log.some((e) => e.signIn?.outcome === "logout-sent" && e.response?.status === 200)).toBe(true);

    await page.fill("input[name=login_hint]", rosa.userName);
    await page.click("[data-testid=demo-sign-in]");
    await page.waitForSelector("[data-testid=demo-error]");
    expect(await page.textContent("[data-testid=demo-error]")).toContain("access_denied");
    expect(await page.textContent("[data-testid=demo-error]")).toContain("deactivated");
    await page.close();
  });
});

describe("sign-ins in the live traffic panel", () => {
  let ui: UiSession;
  beforeAll(async () => {
    ui = await openUiSession({ name: "sign-in-traffic", expectedStatus: /4\d\d/ });
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("shows a sign-in beside the SCIM calls, labelled with its outcome, with the claims in its detail", async () => {
    const apps = await ui.get<AppView[]>("/api/apps");
    const demo = apps.find((a) => a.builtIn);
    const users = await ui.get<User[]>("/api/users");
    const someone = users[0] as User;
    const other = await ui.sim.signin.apps.get(demo?.id ?? "");
    const result = await playOidcSignIn(
      {
        issuer: ui.sim.signin.issuer(),
        clientId: other.clientId,
        clientSecret: other.clientSecret ?? "",
        redirectUri: other.redirectUris[0] ?? "",
      },
      someone.userName,
      createHeadlessBrowser(),
    );
    expect(result.ok).toBe(true);
    const row = ui.page.locator('[data-testid="traffic-row"][data-kind="sign-in"]', {
      has: ui.page.locator('[data-testid="sign-in-kind"]', { hasText: "oidc signed-in" }),
    });
    await eventually(async () => expect(await row.count()).toBe(1));
    expect(await row.locator(".t-target").textContent()).toBe(DEMO_APP_NAME);
    await row.click();
    const facts = ui.page.getByTestId("sign-in-facts");
    await eventually(async () => expect(await facts.getAttribute("data-outcome")).toBe("signed-in"));
    expect(await facts.textContent()).toContain(someone.userName);
    // The SCIM rows are still SCIM rows.
    expect(await ui.page.locator('[data-testid="traffic-row"][data-kind="scim"]').count()).toBeGreaterThan(0);
    expect(ui.errors).toEqual([]);
  });
});

import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AppView, Exchange, User } from "../server/protocol";
import { type Running, start } from "./support/simulator";

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
    expect(log.some((e) => e.signIn?.outcome === "signed-out")).toBe(true);
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

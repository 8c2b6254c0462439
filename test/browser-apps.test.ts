import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppView } from "../server/protocol";
import { openUiSession, type UiSession } from "./support/ui-session";

// Registering sign-in apps from the UI: an OIDC client whose secret is shown once, a SAML service provider with
// the IdP's metadata to copy, and a removal, each checked against what the control API then holds.

describe("the sign-in apps view", () => {
  let ui: UiSession;
  beforeAll(async () => {
    ui = await openUiSession({ name: "apps" });
    await ui.page.getByTestId("tab-sign-in").click();
  });
  afterAll(async () => ui?.close());

  it("lists the demo app registered by default, with its issuer and a link to open it", async () => {
    const demo = ui.page
      .locator('[data-testid="app-row"]')
      .filter({ has: ui.page.getByTestId("open-demo-app") });
    await demo.waitFor();
    await expect.poll(() => demo.textContent()).toContain(`${ui.url}/oidc`);
  });

  it("registers an OIDC app, shows its client secret once, and keeps it masked after", async () => {
    await ui.page.getByTestId("add-app").click();
    const form = ui.page.getByTestId("app-form");
    await form.getByTestId("app-name").fill("Payroll");
    await form.getByTestId("app-profile").selectOption("entra");
    await form.getByTestId("app-redirects").fill("http://localhost:4000/callback");
    await form.getByTestId("save-app").click();
    await form.waitFor({ state: "detached" });
    const secret = (await ui.page.getByTestId("app-secret").locator("code").textContent()) ?? "";
    expect(secret.length).toBeGreaterThan(16);
    expect(secret).not.toContain("•");

    const held = (await ui.get<AppView[]>("/api/apps")).find((a) => a.name === "Payroll");
    expect(held).toMatchObject({
      protocol: "oidc",
      profile: "entra",
      redirectUris: ["http://localhost:4000/callback"],
    });
    expect(held?.clientSecret).toMatch(/^••••/);
    const row = ui.page.locator('[data-testid="app-row"][data-app-name="Payroll"]');
    await expect.poll(() => row.textContent()).toContain(held?.clientId ?? "missing");
    expect(await row.textContent()).not.toContain(secret);
  });

  it("refuses an OIDC app with no redirect URI, saying which field, and registers nothing", async () => {
    const before = (await ui.get<AppView[]>("/api/apps")).length;
    await ui.page.getByTestId("add-app").click();
    const form = ui.page.getByTestId("app-form");
    await form.getByTestId("app-name").fill("No redirects");
    await form.getByTestId("save-app").click();
    await expect.poll(() => form.locator(".field-error, .form-error").allTextContents()).not.toEqual([]);
    expect((await form.locator(".field-error, .form-error").allTextContents()).join(" ")).toMatch(
      /redirect/i,
    );
    await form.getByRole("button", { name: "Cancel" }).click();
    expect((await ui.get<AppView[]>("/api/apps")).length).toBe(before);
  });

  it("registers a SAML service provider with the IdP metadata to copy, then removes it", async () => {
    await ui.page.getByTestId("add-app").click();
    const form = ui.page.getByTestId("app-form");
    await form.getByTestId("app-name").fill("Wiki");
    await form.getByTestId("app-protocol").selectOption("saml");
    await form.getByTestId("app-acs").fill("http://localhost:4100/saml/acs");
    await form.getByTestId("app-entity").fill("urn:wiki:sp");
    await form.getByTestId("save-app").click();
    await form.waitFor({ state: "detached" });
    const row = ui.page.locator('[data-testid="app-row"][data-app-name="Wiki"]');
    await expect.poll(() => row.textContent()).toContain("urn:wiki:sp");
    const held = (await ui.get<AppView[]>("/api/apps")).find((a) => a.name === "Wiki");
    expect(await row.textContent()).toContain(held?.endpoints.metadata ?? "missing");

    await row.getByTestId("remove-app").click();
    await ui.page.locator("dialog[open]").getByRole("button", { name: "Remove", exact: true }).click();
    await row.waitFor({ state: "detached" });
    expect((await ui.get<AppView[]>("/api/apps")).some((a) => a.name === "Wiki")).toBe(false);
    expect(ui.errors).toEqual([]);
  });
});

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Exchange, Target, User } from "../server/protocol";
import type { Har } from "../server/scenarios/report-har";
import { eventually, openUiSession, type UiSession } from "./support/ui-session";

// The traffic as a tester works with it: found, narrowed, copied, exported, drawn and explained in a real browser.

const run = promisify(execFile);

let ui: UiSession;
let page: Page;
let users: User[];

const rows = () => page.getByTestId("traffic-row");
const attributes = (name: string) => rows().evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name);
const log = () => ui.get<Exchange[]>("/api/log");
const panelCount = async () =>
  Number(
    (await page.getByTestId("traffic-panel").getByTestId("panel-count").textContent())?.replace(/\D/g, ""),
  );

beforeAll(async () => {
  ui = await openUiSession({ name: "traffic" });
  page = ui.page;
  users = await ui.get<User[]>("/api/users");
});
afterAll(() => ui?.close());

function seeded(index: number): User {
  const user = users[index];
  if (!user) throw new Error(`no seeded user ${index}`);
  return user;
}

describe("traffic you can work with", () => {
  it("narrows the traffic on the server by a person's name and a method, and keeps the filter in the address", async () => {
    await page.getByTestId("tab-traffic").click();
    await page.getByTestId("traffic-filters").waitFor();
    const all = await ui.get<Exchange[]>("/api/log");
    await eventually(async () => expect(await panelCount()).toBe(all.length));
    const abigail = seeded(0);
    const hers = all.filter((e) => e.cause.userId === abigail.id);
    expect(hers.length).toBeGreaterThan(0);
    expect(hers.length).toBeLessThan(all.length);

    await page.getByTestId("traffic-filter-who").fill(abigail.givenName);
    await eventually(async () => expect(await panelCount()).toBe(hers.length));
    expect(new Set(await attributes("data-cause-user-id"))).toEqual(new Set([abigail.id]));
    expect(new URL(page.url()).searchParams.get("t.who")).toBe(abigail.givenName);
    // The name shows next to the id in every row.
    expect(await page.getByTestId("traffic-cause-name").first().textContent()).toContain(abigail.givenName);

    await page.getByTestId("traffic-filter-method").selectOption("GET");
    const gets = hers.filter((e) => e.request.method === "GET");
    await eventually(async () => expect(await panelCount()).toBe(gets.length));
    expect(new Set(await attributes("data-method"))).toEqual(new Set(["GET"]));

    await page.getByTestId("traffic-filter-clear").click();
    await eventually(async () => expect(await panelCount()).toBe(all.length));

    // Text still settling when Clear is pressed goes too, and never reaches the address. A later edit that
    // settles shows that the earlier text's pause has passed.
    const params = () => new URL(page.url()).searchParams;
    await page.getByTestId("traffic-filter-method").selectOption("GET");
    await eventually(() => expect(params().get("t.method")).toBe("GET"));
    await page.getByTestId("traffic-filter-q").fill("nothing-matches-this");
    await page.getByTestId("traffic-filter-clear").click();
    await page.getByTestId("traffic-filter-path").fill("/Users");
    await eventually(() => expect(params().get("t.path")).toBe("/Users"));
    expect(params().get("t.q")).toBeNull();
    expect(await page.getByTestId("traffic-filter-q").inputValue()).toBe("");
    await page.getByTestId("traffic-filter-clear").click();
    await eventually(() => expect(params().get("t.path")).toBeNull());
    await eventually(async () => expect(await panelCount()).toBe(all.length));
  });

  it("jumps from a user's name in the directory to that user's traffic", async () => {
    const amina = seeded(1);
    await page.getByTestId("tab-users").click();
    await page
      .locator(`[data-testid="user-row"][data-user-id="${amina.id}"] [data-testid="user-traffic"]`)
      .click();
    await page.getByTestId("traffic-filters").waitFor();
    expect(new URL(page.url()).searchParams.get("t.user")).toBe(amina.id);
    const hers = (await log()).filter((e) => e.cause.userId === amina.id);
    await eventually(async () => expect(await panelCount()).toBe(hers.length));
    expect(new Set(await attributes("data-cause-user-id"))).toEqual(new Set([amina.id]));
  });

  it("copies a request as curl that runs against the embedded org once the token placeholder is set", async () => {
    const ayden = seeded(2);
    const probe = (await log()).find((e) => e.request.method === "GET" && e.cause.userId === ayden.id);
    if (!probe) throw new Error("no GET probe for the seeded user");
    await page.goto(`${ui.url}/?view=traffic&exchange=${probe.id}`);
    const opened = page.getByTestId("opened-exchange");
    await opened.locator(`[data-testid="traffic-detail"][data-exchange-id="${probe.id}"]`).waitFor();
    await opened.getByTestId("copy-curl").click();
    const command = (await opened.getByTestId("curl-text").textContent()) ?? "";
    expect(command).toContain("$SCIM_TOKEN");
    expect(command).not.toContain(ui.sim.org.token);
    const { stdout } = await run("bash", ["-c", command], {
      env: { ...process.env, SCIM_TOKEN: ui.sim.org.token },
    });
    const answer = JSON.parse(stdout) as { schemas: string[]; Resources: Array<{ userName: string }> };
    expect(answer.schemas).toContain("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    expect(answer.Resources.map((r) => r.userName)).toEqual([ayden.userName]);
  });

  it("exports what the filter shows as a HAR file", async () => {
    const fredy = seeded(3);
    await page.goto(`${ui.url}/?view=traffic&t.user=${fredy.id}`);
    const his = (await log()).filter((e) => e.cause.userId === fredy.id);
    await eventually(async () => expect(await panelCount()).toBe(his.length));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-har").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^scimulator-traffic-.*\.har$/);
    const har = JSON.parse(await readFile(await download.path(), "utf8")) as Har;
    expect(har.log.version).toBe("1.2");
    expect(har.log.entries.map((e) => e._cause?.userId)).toEqual(his.map(() => fredy.id));
    expect(JSON.stringify(har)).not.toContain(ui.sim.org.token);
  });

  it("draws a live edit in the sequence diagram, opens an exchange from its arrow, pauses and exports", async () => {
    const hannah = seeded(4);
    await page.goto(`${ui.url}/?view=traffic&t.mode=sequence`);
    await page.getByTestId("sequence-diagram").waitFor();
    expect(await page.locator('[data-testid="sequence-lane"][data-lane="directory"]').count()).toBe(1);
    await ui.post("/api/users", {
      userName: "edsger.dijkstra@example.com",
      givenName: "Edsger",
      familyName: "Dijkstra",
    });
    const edit = page.locator('[data-testid="sequence-group"][data-kind="edit"]').last();
    await eventually(async () => expect(await edit.textContent()).toContain("user.created"));
    // The edit is drawn when the directory announces it; its POST is logged once the org has answered.
    let created: Exchange | undefined;
    await eventually(async () => {
      created = (await log()).find((e) => e.request.method === "POST" && e.cause.type === "user.created");
      expect(created).toBeDefined();
    });
    if (!created) throw new Error("the edit sent no POST");
    const arrow = page.locator(
      `[data-testid="sequence-arrow"][data-kind="request"][data-exchange-id="${created.id}"]`,
    );
    await arrow.click();
    await page.getByTestId("opened-exchange").locator(`[data-exchange-id="${created.id}"]`).waitFor();
    expect(new URL(page.url()).searchParams.get("exchange")).toBe(created.id);

    await page.getByTestId("sequence-pause").click();
    const drawn = await page.getByTestId("sequence-arrow").count();
    await fetch(`${ui.url}/api/users/${hannah.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Paused title" }),
    });
    await page.getByTestId("sequence-missed").waitFor();
    expect(await page.getByTestId("sequence-arrow").count()).toBe(drawn);
    await page.getByTestId("sequence-pause").click();
    await eventually(async () =>
      expect(await page.getByTestId("sequence-arrow").count()).toBeGreaterThan(drawn),
    );

    const [svg] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-svg").click()]);
    const svgText = await readFile(await svg.path(), "utf8");
    expect(svgText).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).toContain("Directory");
    const [mermaid] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-mermaid").click(),
    ]);
    const mermaidText = await readFile(await mermaid.path(), "utf8");
    expect(mermaidText.split("\n")[0]).toBe("sequenceDiagram");
    expect(mermaidText).toContain("participant P0 as Directory");
    expect(mermaidText).toMatch(/P1->>P\d+: POST \/Users/);
  });

  it("explains an Entra disable: the dialect's rule, its source, the RFC section and a strict server's answer", async () => {
    const entra = await ui.post<Target>("/api/targets", {
      name: "Entra lab",
      baseUrl: ui.sim.orgUrl(),
      auth: { type: "bearer", token: ui.sim.org.token },
      profile: "entra",
      mode: "on-edit",
    });
    const kamron = seeded(5);
    const settled = () =>
      log().then((l) => l.some((e) => e.targetId === entra.id && e.cause.userId === kamron.id));
    await ui.post(`/api/targets/${entra.id}/sync`, {});
    await eventually(async () => expect(await settled()).toBe(true));
    await fetch(`${ui.url}/api/users/${kamron.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ active: false }),
    });
    let disable: Exchange | undefined;
    await eventually(async () => {
      disable = (await log()).find(
        (e) => e.targetId === entra.id && e.request.method === "PATCH" && e.cause.type === "user.deactivated",
      );
      expect(disable).toBeDefined();
    });
    await page.goto(`${ui.url}/?view=traffic&exchange=${disable?.id}`);
    const opened = page.getByTestId("opened-exchange");
    await opened.getByTestId("explain-exchange").click();
    const explanation = opened.getByTestId("explanation");
    await explanation.waitFor();
    expect(await explanation.getAttribute("data-profile")).toBe("entra");
    const first = explanation.getByTestId("explain-reason").first();
    expect(await first.textContent()).toContain('Entra sends active as the string "False"');
    expect(await first.getByTestId("explain-source").textContent()).toContain("compat page");
    expect(await first.getByTestId("explain-rfc").textContent()).toContain("RFC 7643 §4.1.1");
    expect(await first.getByTestId("explain-strict").textContent()).toMatch(/^400 invalidValue/);
  });

  it("explains a dry-run request in Compare dialects from the same rules", async () => {
    await page.goto(`${ui.url}/?view=compare`);
    await page.getByTestId("compare-op-deactivate").click();
    await page.locator('[data-testid="compare-columns"][data-operation="deactivate"]').waitFor();
    const column = page.locator('[data-testid="dialect-column"][data-profile="okta"]');
    const patch = column.locator('[data-testid="rendered-request"][data-method="PATCH"]');
    await patch.getByTestId("explain-rendered").click();
    const explanation = patch.getByTestId("explanation");
    await explanation.waitFor();
    expect(await explanation.getAttribute("data-profile")).toBe("okta");
    expect(await explanation.getByTestId("explain-reason").first().textContent()).toContain(
      "path-less PATCH",
    );
  });

  it("logged no unexpected errors in the browser", () => {
    expect(ui.errors).toEqual([]);
  });
});

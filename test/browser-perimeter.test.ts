import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { type Running, start } from "./support/simulator";

// A real Chromium that resolves attacker-controlled names to 127.0.0.1, as DNS rebinding does, and a real page on
// another site that tries to drive SCIMulator with a form and with fetch.

describe("a hostile web page in a real browser", () => {
  let run: Running;
  let attacker: Server;
  let attackerPort: number;
  let browser: Browser;
  const attempts: string[] = [];

  beforeAll(async () => {
    run = await start();
    await run.scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "victim@example.com",
    });
    const target = `http://127.0.0.1:${new URL(run.url).port}`;
    attacker = createServer((req, res) => {
      attempts.push(req.url ?? "");
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><body>
        <form id="f" method="POST" action="${target}/api/target-org/reset"></form>
        <script>
          fetch("${target}/api/users", { method: "POST", mode: "no-cors",
            headers: { "content-type": "text/plain" }, body: '{"userName":"x@evil.example","givenName":"X","familyName":"Y"}' })
            .finally(() => { document.title = "fetched"; document.getElementById("f").submit(); });
        </script></body>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerPort = (attacker.address() as AddressInfo).port;
    browser = await chromium.launch({
      executablePath: inject("chromiumPath"),
      args: [
        "--headless",
        "--no-sandbox",
        // The rebinding itself: these names resolve to loopback, so no traffic leaves the machine.
        "--host-resolver-rules=MAP evil.example 127.0.0.1, MAP attacker.example 127.0.0.1",
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await run?.stop(true);
  });

  it("cannot read the org token through a rebound name", async () => {
    const page = await browser.newPage();
    const res = await page.goto(`http://evil.example:${new URL(run.url).port}/api/target-org`);
    expect(res?.status()).toBe(403);
    const text = await page.textContent("body");
    expect(text).toContain("is not allowed");
    expect(text).toContain("--allowed-hosts evil.example");
    expect(text).not.toContain(run.sim.org.token);
    const ui = await page.goto(`http://evil.example:${new URL(run.url).port}/`);
    expect(ui?.status()).toBe(403);
    await page.close();
  });

  it("cannot reset the org with a form post or create a user with a no-cors fetch from another site", async () => {
    const page = await browser.newPage();
    const landed = page.waitForResponse((r) => r.url().endsWith("/api/target-org/reset"));
    await page.goto(`http://attacker.example:${attackerPort}/`);
    const reset = await landed;
    expect(reset.status()).toBe(403);
    await vi.waitFor(async () => expect(await page.content()).toContain("cross-site"), { timeout: 10_000 });
    expect((await run.api<{ users: number }>("GET", "/target-org")).body.users).toBe(1);
    expect((await run.api<unknown[]>("GET", "/users")).body).toHaveLength(0);
    expect(attempts).toContain("/");
    await page.close();
  });
});

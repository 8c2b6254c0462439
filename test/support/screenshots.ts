// Refreshes docs/screenshots/ from a real seeded simulator in headless Chromium, the same browser the tests drive:
// `npm run screenshots` (it builds the UI first). The README shows these files.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import type { User } from "../../server/protocol";
import { createSimulator } from "../../server/simulator";
import { ensureChromium } from "./chromium";
import { settleAnimations as settle } from "./layout";

const OUT = resolve(import.meta.dirname, "..", "..", "docs", "screenshots");

interface Shot {
  file: string;
  size: { width: number; height: number };
  colorScheme?: "light" | "dark";
  /** Brings the page to what the picture shows; the page has loaded and connected. */
  prepare(page: Page): Promise<void>;
}

async function openAt(browser: Browser, url: string, shot: Shot): Promise<Page> {
  const page = await browser.newPage({ viewport: shot.size, colorScheme: shot.colorScheme ?? "light" });
  await page.goto(url);
  await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
  return page;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "scimulator-screenshots-"));
  const sim = await createSimulator({ dataDir, seed: true });
  const base = await sim.listen(0, "127.0.0.1");
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    args: ["--headless", "--no-sandbox"],
  });
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  try {
    // Some traffic worth looking at: an Entra target beside the default one, and a leaver.
    await new Promise<void>((done) => {
      const check = () => (sim.log.list().length >= 24 ? done() : setTimeout(check, 100));
      check();
    });
    const entra = await api<{ id: string }>("POST", "/targets", {
      name: "Entra lab",
      baseUrl: sim.orgUrl(),
      auth: { type: "bearer", token: sim.org.token },
      profile: "entra",
      mode: "on-edit",
    });
    await api("POST", `/targets/${entra.id}/sync`, {});
    const [leaver] = await api<User[]>("GET", "/users");
    if (!leaver) throw new Error("the simulator seeded no users");
    await api("PATCH", `/users/${leaver.id}`, { active: false });
    const disable = await new Promise<string>((done) => {
      const check = () => {
        const found = sim.log
          .list()
          .find(
            (e) => e.targetId === entra.id && e.request.method === "PATCH" && e.cause.userId === leaver.id,
          );
        if (found) done(found.id);
        else setTimeout(check, 100);
      };
      check();
    });

    const shots: Shot[] = [
      { file: "users.png", size: { width: 1440, height: 900 }, prepare: async () => {} },
      {
        file: "traffic.png",
        size: { width: 1440, height: 900 },
        prepare: async (page) => {
          await page.goto(`${base}/?view=traffic&exchange=${disable}`);
          await page.getByTestId("explain-exchange").click();
          await page.getByTestId("explanation").waitFor();
        },
      },
      {
        file: "sequence.png",
        size: { width: 1440, height: 900 },
        prepare: async (page) => {
          await page.goto(`${base}/?view=traffic&t.mode=sequence&t.user=${leaver.id}`);
          await page.getByTestId("sequence-arrow").first().waitFor();
        },
      },
      {
        file: "compare.png",
        size: { width: 1440, height: 900 },
        prepare: async (page) => {
          await page.goto(`${base}/?view=compare`);
          await page.getByTestId("dialect-column").nth(5).waitFor();
        },
      },
      {
        file: "sign-in.png",
        size: { width: 1440, height: 900 },
        prepare: async (page) => {
          await page.goto(`${base}/?view=sign-in`);
          await page.getByTestId("app-row").first().waitFor();
        },
      },
      {
        file: "users-dark.png",
        size: { width: 1440, height: 900 },
        colorScheme: "dark",
        prepare: async () => {},
      },
      // Last: the run it leaves paused would show in any picture taken after it.
      {
        file: "trainer-presentation.png",
        size: { width: 1280, height: 720 },
        prepare: async (page) => {
          await page.goto(`${base}/?view=scenarios&scenario=02-rehire`);
          await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
          await page.keyboard.press("p");
          await page.getByTestId("present-bar").waitFor();
          await page.getByTestId("scenario-stepping").check();
          await page.getByTestId("run-scenario").click();
          for (let index = 1; index < 5; index++) {
            await page.locator(`[data-testid="scenario-paused"][data-index="${index}"]`).waitFor();
            await page.getByTestId("scenario-continue").click();
          }
          await page.getByTestId("scenario-caption").waitFor();
          await page.getByTestId("step-requests").getByTestId("explanation").first().waitFor();
        },
      },
    ];
    for (const shot of shots) {
      const page = await openAt(browser, base, shot);
      await page.getByTestId("traffic-row").first().waitFor();
      await shot.prepare(page);
      await settle(page);
      await page.screenshot({ path: join(OUT, shot.file) });
      console.log(`docs/screenshots/${shot.file}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

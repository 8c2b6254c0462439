import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect, inject, vi } from "vitest";
import { createSimulator, type Simulator } from "../../server/simulator";

/** How many users `seed: true` puts in the directory. */
export const SEEDED_USERS = 12;

/** Polls until the check passes; never a fixed sleep. */
export const eventually = (check: () => Promise<void> | void, timeout = 15_000) =>
  vi.waitFor(check, { timeout, interval: 50 });

export interface UiSession {
  sim: Simulator;
  url: string;
  page: Page;
  /** Page errors and console errors, less the failed fetches the tests cause on purpose. */
  errors: string[];
  /** The control API's answer, as JSON; a failed status throws. */
  get<T>(path: string): Promise<T>;
  /** A JSON POST to the control API, and its answer; a failed status throws. */
  post<T>(path: string, body: unknown): Promise<T>;
  close(): Promise<void>;
}

interface Options {
  /** Names the data directory, so a leftover one says which test left it. */
  name: string;
  /**
   * The fetch statuses Chromium logs as console errors that the tests cause on purpose: refused forms (4xx) by
   * default, injected faults (5xx) too where a test injects them.
   */
  expectedStatus?: RegExp;
  /** Whether the page is opened and the seeded users awaited in the embedded org before the tests start. */
  ready?: boolean;
}

/** A real seeded server on a free port and a real headless Chromium page on it. */
export async function openUiSession({
  name,
  expectedStatus = /4\d\d/,
  ready = true,
}: Options): Promise<UiSession> {
  const dataDir = await mkdtemp(join(tmpdir(), `scimulator-ui-${name}-`));
  let sim: Simulator | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await sim?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    sim = await createSimulator({ dataDir, seed: true });
    const url = await sim.listen(0, "127.0.0.1");
    browser = await chromium.launch({
      executablePath: inject("chromiumPath"),
      args: ["--headless", "--no-sandbox"],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    const failedFetch = new RegExp(`Failed to load resource: .* status of ${expectedStatus.source}`);
    page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !failedFetch.test(message.text()))
        errors.push(`console: ${message.text()}`);
    });
    await page.goto(url);
    if (ready) {
      await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
      // The seeded users reach the embedded org at start-up; the tests build on them being there.
      await eventually(async () => expect(await page.getByTestId("org-user-row").count()).toBe(SEEDED_USERS));
    }
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const get = <T>(path: string) => call<T>("GET", path);
    const post = <T>(path: string, body: unknown) => call<T>("POST", path, body);
    return { sim, url, page, errors, get, post, close };
  } catch (err) {
    await close();
    throw err;
  }
}

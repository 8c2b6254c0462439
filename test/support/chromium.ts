import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Where a Chromium-family browser usually lives. Checked in order after CHROMIUM_PATH; the first that can be
 * executed wins, so a developer's own Chrome serves as well as Debian's package.
 */
const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];
const ON_PATH = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

const INSTALL = "sudo apt-get update && sudo apt-get install -y chromium";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(":")) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Where to look; tests of the finder itself point it at places they control. */
export interface Places {
  env: NodeJS.ProcessEnv;
  candidates: readonly string[];
  /** Whether apt may be run: as root on Debian. */
  mayInstall: boolean;
}

const here = (): Places => ({ env: process.env, candidates: CANDIDATES, mayInstall: isRoot() && isDebian() });

/** The browser the browser tests drive, or undefined when this machine has none. */
export function findChromium(places: Places = here()): string | undefined {
  const given = places.env.CHROMIUM_PATH;
  if (given) {
    if (!executable(given)) throw new Error(`CHROMIUM_PATH is ${given}, which is not an executable file`);
    return given;
  }
  return (
    places.candidates.find(executable) ??
    ON_PATH.map((n) => onPath(n, places.env)).find((p) => p !== undefined)
  );
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const isDebian = () => existsSync("/etc/debian_version") && onPath("apt-get") !== undefined;

/**
 * Finds Chromium, or installs Debian's package when the test run has the rights to, or stops with the exact
 * command to run. The browser tests are part of the suite: they are never skipped for want of a browser.
 */
export function ensureChromium(places: Places = here()): string {
  const found = findChromium(places);
  if (found) return found;
  if (places.mayInstall) {
    console.log("scimulator tests: no Chromium found; installing Debian's chromium package with apt-get");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
      const run = spawnSync("apt-get", args, { stdio: "inherit", env });
      if (run.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed; run it by hand: ${INSTALL}`);
    }
    const installed = findChromium(places);
    if (installed) return installed;
  }
  throw new Error(
    `The browser tests need Chromium and none was found (looked at CHROMIUM_PATH, ${places.candidates.join(", ")} ` +
      `and PATH). Install it with:\n  ${INSTALL}\nor point CHROMIUM_PATH at a Chromium or Chrome binary.`,
  );
}

/** The version line, for the test log: it says which browser the UI was tested in. */
export function chromiumVersion(path: string): string {
  try {
    const out = execFileSync(path, ["--version"], {
      encoding: "utf8",
      timeout: 20_000,
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.trim();
  } catch {
    return path;
  }
}

import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureChromium, findChromium } from "./support/chromium";
import { tempDataDir } from "./support/simulator";

async function fakeBrowser(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, "#!/bin/sh\necho Chromium 1.0\n");
  await chmod(path, 0o755);
  return path;
}

describe("the test command's browser finder", () => {
  it("takes CHROMIUM_PATH first, and says so when it points at nothing runnable", async () => {
    const dir = await tempDataDir();
    const given = await fakeBrowser(dir, "my-chrome");
    expect(findChromium({ env: { CHROMIUM_PATH: given }, candidates: [], mayInstall: false })).toBe(given);
    expect(() =>
      findChromium({ env: { CHROMIUM_PATH: join(dir, "missing") }, candidates: [], mayInstall: false }),
    ).toThrow(/CHROMIUM_PATH is .*missing, which is not an executable file/);
  });

  it("then looks at the usual locations, then PATH", async () => {
    const dir = await tempDataDir();
    const usual = await fakeBrowser(join(dir, "opt"), "chromium");
    const onPath = await fakeBrowser(join(dir, "bin"), "google-chrome");
    expect(findChromium({ env: {}, candidates: [join(dir, "nope"), usual], mayInstall: false })).toBe(usual);
    expect(findChromium({ env: { PATH: join(dir, "bin") }, candidates: [], mayInstall: false })).toBe(onPath);
  });

  it("stops with the exact command to run when there is none and it may not install one", () => {
    expect(() => ensureChromium({ env: { PATH: "" }, candidates: [], mayInstall: false })).toThrow(
      "Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium",
    );
  });
});

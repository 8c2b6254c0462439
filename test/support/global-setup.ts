import type { TestProject } from "vitest/node";
import { chromiumVersion, ensureChromium } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

/** Runs once before any test file: the browser tests get a real Chromium, found or installed here. */
export default function setup(project: TestProject) {
  const path = ensureChromium();
  console.log(`scimulator tests: browser ${chromiumVersion(path)} (${path})`);
  project.provide("chromiumPath", path);
}

import react from "@vitejs/plugin-react";
import { configDefaults, defineConfig } from "vitest/config";

/** Timing tests: they measure the browser's main thread, so nothing else of the suite may share the CPU. */
const ALONE = ["test/browser-scale.test.ts"];

// One config for the UI build and the test runner, so both see the same resolution rules.
export default defineConfig({
  root: "ui",
  plugins: [react()],
  build: { outDir: "../dist/ui", emptyOutDir: true },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:4000",
      "/target": "http://127.0.0.1:4000",
      "/ws": { target: "ws://127.0.0.1:4000", ws: true },
    },
  },
  test: {
    root: ".",
    // Finds Chromium for the browser tests, or installs Debian's package, or stops with the command to run.
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/wait-budget.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Servers under test bind real ports and write real files; two workers fit a 2-core machine.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: ["test/**/*.test.ts"],
          sequence: { groupOrder: 0 },
          exclude: [...configDefaults.exclude, ...ALONE],
        },
      },
      // After the rest has finished, one file at a time.
      { extends: true, test: { name: "alone", include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});

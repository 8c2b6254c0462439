import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The import graph of server/ and ui/, read from the sources: the house rules are checked, not just stated.

const ROOT = resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)].map(
    (m) => m[1] ?? "",
  );
  return specs.map((spec) => {
    const base = resolve(dirname(file), spec);
    for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) {
      try {
        if (statSync(candidate).isFile()) return relative(ROOT, candidate);
      } catch {}
    }
    return relative(ROOT, base);
  });
}

const files = [...sources(join(ROOT, "server")), ...sources(join(ROOT, "ui"))].map((f) => relative(ROOT, f));
const graph = new Map(files.map((f) => [f, importsOf(join(ROOT, f))]));

/** The floors of server/, bottom up: a file imports only from its own floor's folder or from floors below. */
const FLOORS: Array<[number, RegExp]> = [
  [
    0,
    /^server\/(protocol(\.ts|\/)|problem\.ts|emitter\.ts|reserved-names\.ts|clock\.ts|cli-args\.ts|secrets\.ts|idp-ids\.ts|heap\.ts)/,
  ],
  [1, /^server\/(store\/|perimeter\/|config\.ts)/],
  [2, /^server\/(directory|target-org|log)\//],
  [3, /^server\/(targets|schedule)\//],
  // The IdP's two faces side by side: provisioning pushes the directory, sign-in lets its people into apps.
  [4, /^server\/(provisioning|signin)\//],
  [5, /^server\/scenarios\//],
  [6, /^server\/(check|export)\//],
  [7, /^server\/(api\/|demo-reset\.ts$)/],
  [8, /^server\/(app|scratch)\.ts$/],
  [9, /^server\/(simulator|run-args)\.ts$/],
  [10, /^server\/(run|check)-command\.ts$/],
  [11, /^server\/main\.ts$/],
];
const floorOf = (file: string) => FLOORS.find(([, pattern]) => pattern.test(file))?.[0];
const folderOf = (file: string) => file.split("/").slice(0, 2).join("/");

describe("the import graph", () => {
  it("places every server file on a floor", () => {
    expect(files.filter((f) => f.startsWith("server/") && floorOf(f) === undefined)).toEqual([]);
  });

  it("has no import circles, type-only imports included", () => {
    const circles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, "open");
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "open") circles.push([...stack.slice(stack.indexOf(next)), next].join(" → "));
        else if (!state.has(next) && graph.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(circles).toEqual([]);
  });

  it("points only downstream: no server file imports from a higher floor or from a sibling folder", () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      const floor = floorOf(file);
      if (floor === undefined || !file.startsWith("server/")) continue;
      for (const target of imports) {
        const theirs = floorOf(target);
        if (theirs === undefined) continue;
        const sibling = theirs === floor && folderOf(target) !== folderOf(file) && floor >= 2;
        if (theirs > floor || sibling) upward.push(`${file} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("lets the UI import nothing from the server but its wire vocabulary", () => {
    const reaching = [...graph]
      .filter(([file]) => file.startsWith("ui/"))
      .flatMap(([file, imports]) =>
        imports
          .filter((t) => t.startsWith("server/") && t !== "server/protocol.ts")
          .map((t) => `${file} → ${t}`),
      );
    expect(reaching).toEqual([]);
  });

  it("keeps every server, UI and test file under 300 lines", () => {
    const long = [...files, ...sources(join(ROOT, "test")).map((f) => relative(ROOT, f))]
      .map((f) => [f, readFileSync(join(ROOT, f), "utf8").split("\n").length] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  it("names no dialect profile in an engine file: dialect rules live in the dialect specs", () => {
    const engine = files.filter((f) => f.startsWith("server/provisioning/") && !f.includes("/dialects/"));
    const naming = engine.filter((f) =>
      /["'`](okta|okta-aiw|entra|entra-scim062020|onelogin)["'`]|startsWith\("(okta|entra)/.test(
        readFileSync(join(ROOT, f), "utf8"),
      ),
    );
    expect(naming).toEqual([]);
  });
});

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scimulator } from "./support/cli";
import { startScimmyServer } from "./support/scimmy-server";

// What `scimulator run` prints and how it exits when a scenario fails: the failed step with its evidence, and a
// target that refuses the token.

/** `scimulator run …` in its own process. */
const cli = (args: string[]) => scimulator(["run", ...args]);

let scimmy: Awaited<ReturnType<typeof startScimmyServer>> | undefined;
afterEach(async () => {
  await scimmy?.close();
  scimmy = undefined;
});

describe("a scenario that fails", () => {
  it("names the step, the expected and the actual value and the exchange that shows it, and exits 1", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-fail-"));
    const file = join(dir, "fails.yaml");
    await writeFile(
      file,
      [
        "name: Wrong title",
        "steps:",
        "  - create user: { as: zed, givenName: Zed, familyName: Z, title: Intern }",
        "  - expect user: { user: zed, attributes: { title: CEO }, within: 1s }",
        "",
      ].join("\n"),
    );
    const result = await cli([file]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("✘ 02 expect user zed");
    expect(result.out).toContain('title is "Intern", expected "CEO"');
    expect(result.out).toContain('expected: "CEO"');
    expect(result.out).toContain('actual:   "Intern"');
    expect(result.out).toMatch(
      /exchange [0-9a-f-]{36}: POST http:\/\/127\.0\.0\.1:\d+\/target\/scim\/v2\/Users → 201/,
    );
  }, 60_000);

  it("fails at once with a 401 message when the target refuses the token", async () => {
    scimmy = await startScimmyServer();
    const result = await cli([
      "scenarios/02-rehire.yaml",
      "--target",
      scimmy.baseUrl,
      "--token",
      "wrong-token",
    ]);
    expect(result.code).toBe(1);
    expect(result.out).toContain("the target answered 401: it refused the credentials; check the token");
    expect(result.out.match(/exchange [0-9a-f-]{36}/g)).toHaveLength(1);
    expect(scimmy.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
  }, 60_000);
});

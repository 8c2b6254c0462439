import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, ScenarioError } from "../server/scenarios/load";
import { SCHEMA_FILE, schemaText } from "../server/scenarios/write-schema";
import { scimulator } from "./support/cli";

// Scenario files the loader refuses: each problem reported with its file, line and column, the CLI stopping before
// it runs anything, and the shipped JSON Schema kept in step with the loader.

/** `scimulator run …` in its own process. */
const cli = (args: string[]) => scimulator(["run", ...args]);

describe("broken scenario files", () => {
  const broken = (text: string) => {
    try {
      parseScenario(text, "broken.yaml");
    } catch (err) {
      if (err instanceof ScenarioError) return err.problems;
      throw err;
    }
    throw new Error("expected the file to be refused");
  };

  it("report YAML syntax errors with line and column", () => {
    expect(broken("name: x\nsteps:\n  - pause: [unclosed\n")).toEqual([
      expect.objectContaining({ file: "broken.yaml", line: 4, column: 1 }),
    ]);
  });

  it("report an unknown step, an unknown field, a wrong type and an unknown variable, each where it stands", () => {
    const problems = broken(
      [
        "name: Broken",
        "variables: { domain: example.com }",
        "steps:",
        "  - create user:",
        "      as: alice",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the scenario format's own ${variable} syntax
        "      userName: alice@${domian}",
        "      shoe: 42",
        "  - frobnicate: 1",
        "  - expect user: { user: alice, active: maybe }",
        "  - delete user: bob",
      ].join("\n"),
    );
    expect(problems).toEqual([
      {
        file: "broken.yaml",
        line: 6,
        column: 17,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the scenario format's own ${variable} syntax
        message: "steps.0.create user.userName: unknown variable ${domian} (known: domain)",
      },
      { file: "broken.yaml", line: 7, column: 13, message: 'steps.0.create user.shoe: unknown field "shoe"' },
      expect.objectContaining({
        line: 8,
        column: 5,
        message: expect.stringContaining('unknown step "frobnicate"'),
      }),
      expect.objectContaining({
        line: 9,
        column: 41,
        message: expect.stringContaining("steps.2.expect user.active"),
      }),
      expect.objectContaining({
        line: 10,
        column: 5,
        message: 'steps.3: no user "bob" was created before this step',
      }),
    ]);
  });

  it("say a missing field is required, and blame only the invalid create step, not the later steps using its handle", () => {
    expect(broken("steps:\n  - pause: hi\n")).toEqual([
      expect.objectContaining({ line: 1, message: "name: is required (string)" }),
    ]);
    expect(
      broken(
        [
          "name: x",
          "steps:",
          "  - create user: { as: carol, department: 7 }",
          "  - deactivate user: carol",
          "  - expect user: { user: carol, active: false }",
        ].join("\n"),
      ),
    ).toEqual([
      {
        file: "broken.yaml",
        line: 3,
        column: 43,
        message: "steps.0.create user.department: expected string, received number",
      },
    ]);
  });

  it("refuse a fault step in a scenario that does not declare it needs the embedded org", () => {
    expect(broken("name: x\nsteps:\n  - set fault: { status: 500 }\n")).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining("declare `requires: embedded`") }),
    ]);
  });

  it("make the CLI exit 2 without running anything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-broken-"));
    await writeFile(join(dir, "a.yaml"), "name: fine\nsteps:\n  - pause: hello\n");
    await writeFile(join(dir, "b.yaml"), "name: broken\nsteps:\n  - create user: { as: 1x }\n");
    const result = await cli([dir]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${join(dir, "b.yaml")}:3:`);
    expect(result.err).toContain("nothing was run");
    expect(result.out).not.toContain("▶");
  }, 30_000);

  it("keep the shipped JSON Schema in step with the loader", async () => {
    expect(await readFile(SCHEMA_FILE, "utf8")).toBe(schemaText());
  });
});

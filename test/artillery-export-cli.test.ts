import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseExportArgs } from "../server/export/export-args";
import { SCENARIO, type Script, scriptFile } from "./support/artillery-script";
import { scimulator } from "./support/cli";

// `scimulator export artillery` on the command line: its usage, the arguments it refuses, and the script it writes
// with what it prints about running it here and on Artillery's distributed runners.

describe("scimulator export artillery", () => {
  it("prints its usage for export --help, and exits 2 with the reason for an unknown file or a bad number", async () => {
    const [help, missing, many] = await Promise.all([
      scimulator(["export", "--help"]),
      scimulator(["export", "artillery", "scenarios/no-such-file.yaml"]),
      scimulator(["export", "artillery", SCENARIO, "--users", "many"]),
    ]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("scimulator export artillery <scenario.yaml>");
    expect(help.out).toContain("SCIM_TOKEN");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("scenarios/no-such-file.yaml:1:1: cannot read the file");
    expect(many.code).toBe(2);
    expect(many.err).toContain('--users takes a whole number of at least 1, got "many"');
  });

  it("refuses an unknown profile or format and a rate below one, naming what it takes", () => {
    const bad: Array<[string[], string]> = [
      [["artillery", SCENARIO, "--profile", "okta2"], "--profile must be one of rfc, okta, okta-aiw, entra"],
      [["artillery", SCENARIO, "--rate", "0"], '--rate takes a whole number of at least 1, got "0"'],
      [["jmeter", SCENARIO], 'unknown export format "jmeter"; the one format is artillery'],
      [["artillery"], "name the scenario file to export"],
    ];
    for (const [args, reason] of bad) expect(() => parseExportArgs(args), args.join(" ")).toThrow(reason);
  });

  it("says where it wrote the script and how to run it here and on Artillery's distributed runners", async () => {
    const file = await scriptFile();
    const result = await scimulator([
      "export",
      "artillery",
      SCENARIO,
      "--out",
      file,
      "--users",
      "25",
      "--rate",
      "10",
    ]);
    expect(result.code).toBe(0);
    const { out } = result;
    const script = parse(await readFile(file, "utf8")) as Script;
    expect(out).toContain(`wrote ${file}`);
    expect(out).toContain(
      `SCIM_TOKEN=… SCIM_BASE_URL=https://app.example.com/scim/v2 npx artillery run ${file}`,
    );
    expect(out).toContain(
      `npx artillery run-fargate --region us-east-1 --count 10 --dotenv scim.env ${file}`,
    );
    // No --target: the base URL comes from the environment, and 25 users at 10/s take 3 seconds exactly.
    expect(script.config.target).toBe("{{ $env.SCIM_BASE_URL }}");
    expect(script.config.phases).toEqual([
      { name: "20 users at 10/s", duration: 2, arrivalRate: 10 },
      { name: "the last 5", duration: 1, arrivalCount: 5 },
    ]);
    // The one credential is the token, read when the script runs.
    const text = await readFile(file, "utf8");
    expect(text).toContain("authorization: Bearer {{ $env.SCIM_TOKEN }}");
    expect(text.match(/Bearer .*/g)?.every((b) => b === "Bearer {{ $env.SCIM_TOKEN }}")).toBe(true);
  });
});

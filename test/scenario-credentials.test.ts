import { afterEach, describe, expect, it } from "vitest";
import { scimulator } from "./support/cli";
import { type Running, start } from "./support/simulator";

// How `scimulator run --target` takes credentials for an external target: a custom header that the run and its
// clean-up both send, and the refusals for missing or malformed ones.

/** `scimulator run …` in its own process. */
const cli = (args: string[]) => scimulator(["run", ...args]);

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("credentials for an external target", () => {
  it("sends a custom header when given --header, and the scenario passes through it", async () => {
    run = await start();
    const result = await cli([
      "scenarios/02-rehire.yaml",
      "--target",
      `${run.url}/target/scim/v2`,
      "--header",
      `Authorization: Bearer ${run.sim.org.token}`,
    ]);
    expect(result.out).toContain("✔ passed");
    expect(result.code).toBe(0);
    // The clean-up went through the same header: the server holds nothing the run made.
    expect(result.out).toContain("cleaned up the target: removed 1");
    expect((await run.scim<{ totalResults: number }>("GET", "/Users?count=0")).body.totalResults).toBe(0);
  }, 60_000);

  it("refuses --target without credentials, and malformed --basic or --header values", async () => {
    for (const [args, message] of [
      [["--target", "http://127.0.0.1:9/scim"], "--target needs credentials"],
      [["--target", "http://127.0.0.1:9/scim", "--basic", "nopassword"], "--basic takes username:password"],
      [["--target", "http://127.0.0.1:9/scim", "--header", "novalue"], '--header takes "Name: value"'],
    ] as const) {
      const result = await cli(["scenarios/02-rehire.yaml", ...args]);
      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
    }
  }, 60_000);
});

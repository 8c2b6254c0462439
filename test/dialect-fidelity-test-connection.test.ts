import { afterEach, describe, expect, it } from "vitest";
import { embeddedTarget, exchangesOf, pathOf, type Running, start } from "./support/simulator";

// The audit's mismatches in each IdP's Test connection, reproduced against the embedded org: the requests each
// sends, in order, asserted on what crossed the wire.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("each IdP's Test connection", () => {
  it.each([
    ["okta", ["GET /Users?startIndex=1&count=2", "GET /Groups?startIndex=1&count=100"]],
    [
      "entra",
      [
        /^GET \/Users\?filter=userName eq "[0-9a-f-]{36}"$/,
        /^GET \/Groups\?excludedAttributes=members&filter=displayName eq "[0-9a-f-]{36}"$/,
      ],
    ],
    ["onelogin", [/^GET \/Users\?filter=userName eq "scimulator-test-.*@example\.invalid"$/]],
  ] as const)("%s sends what its own test sends, in order", async (profile, expected) => {
    run = await start();
    const target = await embeddedTarget(run, { profile, mode: "manual" });
    const result = await run.api<{ ok: boolean }>("POST", `/targets/${target.id}/test`);
    expect(result.body.ok).toBe(true);
    const sent = exchangesOf(run, target.id)
      .filter((e) => e.cause.type === "test-connection")
      .map((e) => `${e.request.method} ${decodeURIComponent(pathOf(e).replace(/\+/g, " "))}`);
    expect(sent).toHaveLength(expected.length);
    for (const [i, want] of expected.entries()) {
      if (typeof want === "string") expect(sent[i]).toBe(want);
      else expect(sent[i]).toMatch(want);
    }
  });
});

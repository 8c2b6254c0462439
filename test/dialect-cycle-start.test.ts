import { afterEach, describe, expect, it } from "vitest";
import { createUser, embeddedTarget, exchangesOf, pathOf, type Running, start } from "./support/simulator";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const GUID_QUERY = /^GET \/Users\?filter=userName\+eq\+"[0-9a-f-]{36}"$/;

describe("what opens a provisioning cycle", () => {
  it("is Entra's random-GUID user query, before any user's request (AzureAD/SCIMReferenceCode#63)", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "entra", mode: "manual" });
    const user = await createUser(run);
    const cycle = await run.api<{ created: number }>("POST", `/targets/${target.id}/sync`, { kind: "full" });
    expect(cycle.body.created).toBe(1);
    const sent = exchangesOf(run, target.id).map((e) => `${e.request.method} ${pathOf(e)}`);
    expect(sent[0]).toMatch(GUID_QUERY);
    expect(sent.slice(1)).toEqual([`GET /Users?filter=userName+eq+"${user.userName}"`, "POST /Users"]);
    expect(exchangesOf(run, target.id)[0]?.cause.type).toBe("cycle:full");
  });

  it("is nothing for Okta, whose cycles start with the first user's own request", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "okta", mode: "manual" });
    const user = await createUser(run);
    await run.api("POST", `/targets/${target.id}/sync`, { kind: "full" });
    const sent = exchangesOf(run, target.id).map((e) => `${e.request.method} ${pathOf(e)}`);
    expect(sent[0]).toBe(`GET /Users?filter=userName eq "${user.userName}"&startIndex=1&count=100`);
  });
});

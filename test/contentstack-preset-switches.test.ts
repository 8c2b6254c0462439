import { afterEach, describe, expect, it } from "vitest";
import { contentstack } from "./support/contentstack-preset";
import { type Running, start } from "./support/simulator";

// The contentstack preset's undocumented behaviours, each a switch: duplicate POSTs, ignored paging, a write rate
// limit, and errors in Contentstack's REST shape.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("the undocumented behaviours as switches", () => {
  it("answers a duplicate POST with 409 by default, and with the existing user under duplicate: attach", async () => {
    run = await start();
    await contentstack(run);
    const first = await run.scim<{ id: string }>("POST", "/Users", { userName: "dup@example.com" });
    expect((await run.scim("POST", "/Users", { userName: "dup@example.com" })).status).toBe(409);
    await contentstack(run, { duplicate: "attach" });
    const again = await run.scim<{ id: string }>("POST", "/Users", { userName: "DUP@example.com" });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it("ignores startIndex and count when paging is ignored", async () => {
    run = await start();
    await contentstack(run, { paging: "ignored" });
    for (const n of [1, 2, 3]) await run.scim("POST", "/Users", { userName: `p${n}@example.com` });
    const page = await run.scim<{ Resources: unknown[]; startIndex: number }>(
      "GET",
      "/Users?startIndex=2&count=1",
    );
    expect(page.body.Resources).toHaveLength(3);
    expect(page.body.startIndex).toBe(1);
  });

  it("limits writes per minute with a 429 and Retry-After, and never limits reads", async () => {
    run = await start();
    await contentstack(run, { writesPerMinute: 2 });
    expect((await run.scim("POST", "/Users", { userName: "a@example.com" })).status).toBe(201);
    expect((await run.scim("POST", "/Users", { userName: "b@example.com" })).status).toBe(201);
    const res = await fetch(`${run.sim.orgUrl()}/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${run.sim.org.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ userName: "c@example.com" }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await run.scim("GET", "/Users")).status).toBe(200);
  });

  it("writes errors in Contentstack's REST shape when errorBody says so", async () => {
    run = await start();
    await contentstack(run, { errorBody: "contentstack" });
    const res = await run.scim("GET", "/Users/blt0123456789abcdef");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error_message: "User 'blt0123456789abcdef' not found",
      error_code: 404,
      errors: {},
    });
  });
});

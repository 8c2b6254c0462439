import { afterEach, describe, expect, it } from "vitest";
import type { TargetOrgInfo } from "../server/protocol";
import { contentstack, settle } from "./support/contentstack-preset";
import { createUser, embeddedTarget, exchangesOf, type Running, start } from "./support/simulator";

// The contentstack preset's surface on the embedded org: where it serves, what it answers in and accepts, its ids,
// refused settings and what survives a restart, driven through the control API and asserted on the wire.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const BLT = /^blt[0-9a-f]{16}$/;

describe("the contentstack preset's surface", () => {
  it("serves the org at /scim/v2.0/organizations/{blt uid}, and the old path answers 404 saying where it went", async () => {
    run = await start();
    const info = await contentstack(run);
    expect(info.preset).toBe("contentstack");
    expect(info.orgUid).toMatch(BLT);
    expect(info.baseUrl).toBe(`${run.url}/target/scim/v2.0/organizations/${info.orgUid}`);
    const old = await fetch(`${run.url}/target/scim/v2/Users`, {
      headers: { authorization: `Bearer ${info.token}` },
    });
    expect(old.status).toBe(404);
    expect(await old.text()).toContain(`/target/scim/v2.0/organizations/${info.orgUid}`);
    const other = await fetch(`${run.url}/target/scim/v2.0/organizations/blt0000000000000000/Users`, {
      headers: { authorization: `Bearer ${info.token}` },
    });
    expect(other.status).toBe(404);
    expect(await other.text()).toContain("organization 'blt0000000000000000' is not this one");
  });

  it("answers in application/json, takes only a bearer token, and gives users and groups blt ids", async () => {
    run = await start();
    const info = await contentstack(run);
    const basic = await fetch(`${info.baseUrl}/Users`, {
      headers: { authorization: `Basic ${Buffer.from(`x:${info.token}`).toString("base64")}` },
    });
    expect(basic.status).toBe(401);
    const target = await embeddedTarget(run);
    const user = await createUser(run);
    await run.api("POST", "/groups", { displayName: "Engineering", members: [user.id] });
    await settle(run);
    const sent = exchangesOf(run, target.id).filter((e) => e.request.method === "POST");
    expect(sent.map((e) => e.response?.status)).toEqual([201, 201]);
    for (const exchange of sent) {
      expect(exchange.response?.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(exchange.response?.body).toMatchObject({ id: expect.stringMatching(BLT) });
    }
  });

  it("refuses bad settings with a 400 that names the field, and changes nothing", async () => {
    run = await start();
    const bad = await run.api<{ error: string }>("PATCH", "/target-org", {
      preset: "slack",
      switches: { refusedEditStatus: 500 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("preset: must be one of strict, lenient, contentstack");
    expect(bad.body.error).toContain("switches.refusedEditStatus: must be 400 or 403");
    const info = await run.api<TargetOrgInfo>("GET", "/target-org");
    expect(info.body.preset).toBe("strict");
    expect(info.body.baseUrl).toBe(`${run.url}/target/scim/v2`);
  });

  it("keeps the preset, its switches and its organization uid across a restart", async () => {
    run = await start();
    const before = await contentstack(run, { refusedEditStatus: 403 });
    await run.stop();
    run = await start({ dataDir: run.dataDir });
    const after = (await run.api<TargetOrgInfo>("GET", "/target-org")).body;
    expect(after).toMatchObject({ preset: "contentstack", orgUid: before.orgUid });
    expect(after.switches?.refusedEditStatus).toBe(403);
  });
});

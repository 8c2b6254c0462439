import { afterEach, describe, expect, it, vi } from "vitest";
import type { Target } from "../server/protocol";
import { remoteOf, since } from "./support/org-wire";
import { createUser, embeddedTarget, exchangesOf, type Running, start } from "./support/simulator";

// The audit's mismatches in Entra's dialects, reproduced against the embedded org and a strict third-party server,
// and asserted on what crossed the wire: the match query after a miss, externalId matching, and the manager in its
// own PATCH.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("entra after its match query finds nothing", () => {
  it("creates the user without sending the same match query twice", async () => {
    run = await start();
    await run.api("PATCH", "/target-org", { strict: false });
    const target = await embeddedTarget(run, { profile: "entra", mode: "on-edit" });
    const user = await createUser(run);
    await vi.waitFor(async () => expect((await remoteOf(run as Running, user.userName)).id).toBeTruthy());
    await run.sim.provisioner.idle();
    const remote = await remoteOf(run, user.userName);
    await run.scim("DELETE", `/Users/${remote.id}`);
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { title: "Back" });
    await run.sim.provisioner.idle();
    const sent = since(run, target, from).filter((e) => e.cause.userId === user.id);
    expect(sent.map((e) => e.request.method)).toEqual(["GET", "POST"]);
    // Spaces in the filter as +, as Entra's captured requests show.
    expect(sent[0]?.request.url).toContain(`filter=userName+eq+%22${encodeURIComponent(user.userName)}%22`);
  });

  it("matches on the externalId it sends, so an update finds the user again (matchAttribute: externalId)", async () => {
    run = await start();
    await run.api("PATCH", "/target-org", { strict: false });
    const target = await embeddedTarget(run, {
      profile: "entra",
      mode: "on-edit",
      options: { matchAttribute: "externalId" },
    });
    const user = await createUser(run, { email: "hana.ext@example.com" });
    await run.sim.provisioner.idle();
    const post = exchangesOf(run, target.id).find((e) => e.request.method === "POST");
    expect(post?.request.body).toMatchObject({ externalId: "hana.ext" });
    const probe = exchangesOf(run, target.id).find((e) => e.cause.userId === user.id);
    expect(decodeURIComponent(probe?.request.url ?? "").replace(/\+/g, " ")).toContain(
      'filter=externalId eq "hana.ext"',
    );
    const from = exchangesOf(run, target.id).length;
    await run.api("PATCH", `/users/${user.id}`, { title: "Lead" });
    await run.sim.provisioner.idle();
    const update = since(run, target, from);
    expect(update.map((e) => `${e.request.method} ${e.response?.status}`)).toEqual(["GET 200", "PATCH 200"]);
    expect(update.some((e) => e.request.method === "POST")).toBe(false);
  });
});

describe("entra's manager against a strict server that refuses it (SCIMMY)", () => {
  it("goes in its own PATCH after the update, so a title change and a disable land while the manager is refused", async () => {
    const { startScimmyServer } = await import("./support/scimmy-server");
    const scimmy = await startScimmyServer();
    try {
      run = await start();
      const target = (
        await run.api<Target>("POST", "/targets", {
          name: "entra → SCIMMY",
          baseUrl: scimmy.baseUrl,
          auth: { type: "bearer", token: scimmy.token },
          profile: "entra-scim062020",
          mode: "manual",
        })
      ).body;
      const sync = () => run?.api<{ errors: Array<{ error: string }> }>("POST", `/targets/${target.id}/sync`);
      const boss = await createUser(run, { userName: "boss@example.com" });
      expect(boss.id).toBeTruthy();
      const report = await createUser(run, { userName: "report@example.com" });
      await sync();
      await run.api("PATCH", `/users/${report.id}`, { managerId: boss.id, title: "Analyst" });
      let from = exchangesOf(run, target.id).length;
      const first = await sync();
      const update = since(run, target, from).filter(
        (e) => e.cause.userId === report.id && e.request.method === "PATCH",
      );
      expect(update.map((e) => e.response?.status)).toEqual([200, 400]);
      expect(update[0]?.request.body).not.toMatchObject({
        Operations: [{ path: expect.stringContaining("manager") }],
      });
      expect(update[1]?.request.body).toEqual({
        schemas: [PATCH_OP],
        Operations: [
          {
            op: "add",
            path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            value: expect.any(String),
          },
        ],
      });
      expect(first?.body.errors[0]?.error).toContain("Setting the manager failed with HTTP 400");
      await run.api("PATCH", `/users/${report.id}`, { active: false });
      from = exchangesOf(run, target.id).length;
      await sync();
      const disable = since(run, target, from).filter(
        (e) => e.cause.userId === report.id && e.request.method === "PATCH",
      );
      // The disable goes first and lands; the refused manager follows in its own request, never inside it.
      expect(disable[0]?.response?.status).toBe(200);
      expect(JSON.stringify(disable[0]?.request.body)).not.toContain("manager");
      const held = [...scimmy.users.values()].find((u) => u.userName === "report@example.com");
      expect(held).toMatchObject({ active: false, title: "Analyst" });
    } finally {
      await scimmy.close();
    }
  });
});

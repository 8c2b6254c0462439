import { afterEach, describe, expect, it, vi } from "vitest";
import type { Exchange, Profile, Target, TargetView } from "../server/protocol";
import { startScimmyServer } from "./support/scimmy-server";
import { createUser, embeddedTarget, exchangesOf, pathOf, type Running, start } from "./support/simulator";

let run: Running | undefined;
let scimmy: Awaited<ReturnType<typeof startScimmyServer>> | undefined;
afterEach(async () => {
  await run?.stop(true);
  await scimmy?.close();
  run = scimmy = undefined;
});

type Where = "embedded org" | "SCIMMY";

async function targetFor(where: Where, profile: Profile): Promise<Target> {
  if (!run) throw new Error("not started");
  const baseUrl = where === "SCIMMY" ? scimmy?.baseUrl : `${run.url}/target/scim/v2`;
  const token = where === "SCIMMY" ? scimmy?.token : run.sim.org.token;
  // Scheduled Entra targets are driven by hand here: the test plays the cycles with "sync now".
  const res = await run.api<Target>("POST", "/targets", {
    name: `${profile} → ${where}`,
    baseUrl,
    auth: { type: "bearer", token },
    profile,
    mode: "manual",
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** Joiner, mover, leaver, rehire: the lifecycle every dialect must carry through to a real server. */
async function lifecycle(where: Where, profile: Profile) {
  run = await start();
  if (where === "SCIMMY") scimmy = await startScimmyServer();
  const target = await targetFor(where, profile);
  const sync = async () =>
    run?.api<{ failed: number; errors: Array<{ error: string }> }>("POST", `/targets/${target.id}/sync`);
  const user = await createUser(run, { department: "Sales", title: "Analyst" });
  const created = await sync();
  await run.api("PATCH", `/users/${user.id}`, { title: "Senior Analyst", department: "Finance" });
  const updated = await sync();
  await run.api("PATCH", `/users/${user.id}`, { active: false });
  const deactivated = await sync();
  await run.api("PATCH", `/users/${user.id}`, { active: true });
  const reactivated = await sync();
  return {
    target,
    user,
    results: { created, updated, deactivated, reactivated },
    log: exchangesOf(run, target.id),
  };
}

const writes = (log: Exchange[]) => log.filter((e) => e.request.method !== "GET");

describe.each<Where>(["embedded org", "SCIMMY"])(
  "every dialect carries a lifecycle through to the %s",
  (where) => {
    it.each<Profile>(["rfc", "okta", "okta-aiw", "entra-scim062020", "onelogin"])(
      "%s creates, updates, deactivates and reactivates without a failure",
      async (profile) => {
        const { results, log } = await lifecycle(where, profile);
        for (const result of Object.values(results)) expect(result?.body).toMatchObject({ failed: 0 });
        expect(writes(log).filter((e) => e.request.method === "POST")).toHaveLength(1);
        expect(log.every((e) => e.response && e.response.status < 300)).toBe(true);
      },
    );

    it("entra's default disable sends the string \"False\", and a strict server's 400 shows in the log", async () => {
      const { results, log } = await lifecycle(where, "entra");
      expect(results.created?.body).toMatchObject({ failed: 0 });
      expect(results.deactivated?.body).toMatchObject({ failed: 1 });
      const disable = log.find((e) => JSON.stringify(e.request.body).includes('"value":"False"'));
      expect(disable?.request.body).toMatchObject({
        Operations: [{ op: "Replace", path: "active", value: "False" }],
      });
      expect(disable?.response?.status).toBe(400);
      expect(disable?.response?.body).toMatchObject({ scimType: "invalidValue" });
      expect(results.deactivated?.body?.errors[0]?.error).toContain("HTTP 400 (invalidValue)");
    });
  },
);

describe("the embedded org in lenient mode", () => {
  it('accepts entra\'s "False" and "True" strings, as many real apps do', async () => {
    run = await start();
    await run.api("PATCH", "/target-org", { strict: false });
    const target = await targetFor("embedded org", "entra");
    const user = await createUser(run);
    await run.api("POST", `/targets/${target.id}/sync`);
    await run.api("PATCH", `/users/${user.id}`, { active: false });
    expect((await run.api("POST", `/targets/${target.id}/sync`)).body).toMatchObject({
      deactivated: 1,
      failed: 0,
    });
    const res = await run.scim<{ Resources: Array<{ active: boolean }> }>(
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)}`,
    );
    expect(res.body.Resources[0]?.active).toBe(false);
  });
});

describe("okta's 409 on create", () => {
  it("stops a group push that collides with an existing group and leaves it alone, while a 500 is retried", async () => {
    run = await start();
    const seeded = await run.scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Design",
    });
    expect(seeded.status).toBe(201);
    const target = await embeddedTarget(run, { profile: "okta", mode: "on-edit" });
    const posts = () =>
      exchangesOf(run as Running, target.id)
        .filter((e) => e.request.method === "POST" && pathOf(e) === "/Groups")
        .map((e) => e.response?.status);
    await run.api("POST", "/groups", { displayName: "Design" });
    await vi.waitFor(() => expect(posts()).toEqual([409]));
    const view = await run.api<TargetView>("GET", `/targets/${target.id}`);
    expect(view.body.health).toMatchObject({ state: "failing", reason: expect.stringContaining("stopped") });

    await run.api("POST", "/target-org/faults", { status: 500, count: 1, method: "POST" });
    await run.api("POST", "/groups", { displayName: "Research" });
    await vi.waitFor(() => expect(posts()).toEqual([409, 500]));
    // Past the backoff, the retry loop takes up the 500 in the same pass that would take up the 409.
    await run.api("PATCH", "/clock", { advanceMs: 60_000 });
    await vi.waitFor(() => expect(posts()).toEqual([409, 500, 201]), { timeout: 5000 });
    await run.sim.provisioner.idle();
    expect(posts()).toEqual([409, 500, 201]);
  });

  it("stops that user's task and reports it, with no second probe", async () => {
    run = await start();
    scimmy = await startScimmyServer();
    const target = await targetFor("SCIMMY", "okta");
    // SCIMMY matches userName filters case-sensitively but enforces uniqueness case-insensitively, so Okta's probe
    // misses the account that the POST then collides with.
    const seeded = await fetch(`${scimmy.baseUrl}/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${scimmy.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "CASEY@EXAMPLE.COM",
      }),
    });
    expect(seeded.status).toBe(201);
    const user = await createUser(run, { userName: "casey@example.com" });
    const sync = await run.api<{ failed: number; errors: Array<{ userId: string; error: string }> }>(
      "POST",
      `/targets/${target.id}/sync`,
    );
    expect(sync.body.failed).toBe(1);
    expect(sync.body.errors).toEqual([
      { userId: user.id, error: expect.stringContaining("HTTP 409 (uniqueness)") },
    ]);
    expect(exchangesOf(run, target.id).map((e) => `${e.request.method} ${e.response?.status}`)).toEqual([
      "GET 200",
      "POST 409",
    ]);
  });
});

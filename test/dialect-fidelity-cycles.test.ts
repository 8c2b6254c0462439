import { afterEach, describe, expect, it, vi } from "vitest";
import { createUser, embeddedTarget, exchangesOf, type Running, start } from "./support/simulator";

// The audit's mismatches in how cycles count and run, reproduced against the embedded org: groups found on the
// target or gone from it in a full cycle, and a jump of the simulated clock past a scheduled tick.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("a full cycle's group counts", () => {
  it("count a group found on the target and filled with its members as linked, not unchanged", async () => {
    run = await start();
    await run.scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Sales Team",
    });
    const a = await createUser(run);
    const b = await createUser(run);
    await run.api("POST", "/groups", { displayName: "Sales Team", members: [a.id, b.id] });
    const target = await embeddedTarget(run, { mode: "manual" });
    const record = await run.api<{ linked: number; groups: { linked: number; unchanged: number } }>(
      "POST",
      `/targets/${target.id}/sync`,
    );
    expect(record.body.groups).toMatchObject({ linked: 1, unchanged: 0 });
    const remote = await run.scim<{ Resources: Array<{ members?: unknown[] }> }>(
      "GET",
      `/Groups?filter=${encodeURIComponent('displayName eq "Sales Team"')}`,
    );
    expect(remote.body.Resources[0]?.members).toHaveLength(2);
  });

  it("re-create a group deleted on the target with every member it should hold", async () => {
    run = await start();
    const target = await embeddedTarget(run);
    const [a, b, c] = [await createUser(run), await createUser(run), await createUser(run)];
    const group = await run.api<{ id: string }>("POST", "/groups", {
      displayName: "Ops",
      members: [a.id, b.id],
    });
    await run.sim.provisioner.idle();
    const find = () =>
      run?.scim<{ Resources: Array<{ id: string; members?: unknown[] }> }>(
        "GET",
        `/Groups?filter=${encodeURIComponent('displayName eq "Ops"')}`,
      );
    const before = (await find())?.body.Resources[0];
    await run.scim("DELETE", `/Groups/${before?.id}`);
    await run.api("PATCH", `/groups/${group.body.id}`, { members: [a.id, b.id, c.id] });
    await run.sim.provisioner.idle();
    expect((await find())?.body.Resources[0]?.members).toHaveLength(3);
    expect(exchangesOf(run, target.id).some((e) => e.response?.status === 404)).toBe(true);
  });
});

describe("a jump of the simulated clock past a scheduled tick", () => {
  it("runs the cycle that was due, once, as a trainer pressing +1 h expects", async () => {
    run = await start();
    const target = await embeddedTarget(run, {
      profile: "entra",
      mode: "schedule",
      schedule: "*/40 * * * *",
    });
    const cycles = async () =>
      (await run?.api<unknown[]>("GET", `/targets/${target.id}/cycles`))?.body.length ?? 0;
    const before = await cycles();
    await run.api("PATCH", "/clock", { advanceMs: 3 * 3600_000 });
    await vi.waitFor(async () => expect(await cycles()).toBe(before + 1));
    await run.sim.provisioner.idle();
    // Several missed ticks are one cycle, not a burst of them.
    expect(await cycles()).toBe(before + 1);
  });
});

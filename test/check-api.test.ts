import { afterEach, describe, expect, it, vi } from "vitest";
import type { CheckMessage, CheckReport } from "../server/protocol";
import { embeddedTarget, listen, type Running, start } from "./support/simulator";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("the check of a target, through the control API", () => {
  it("answers 202 with a check id, reports each check on /ws, and leaves the live directory untouched", async () => {
    run = await start();
    const target = await embeddedTarget(run, { profile: "onelogin", mode: "manual" });
    const live = await listen(run.url);
    const res = await run.api<{ checkId: string }>("POST", `/targets/${target.id}/check`, {
      profiles: ["onelogin"],
      rate: 1000,
    });
    expect(res.status).toBe(202);
    const { checkId } = res.body;
    const mine = () =>
      live.messages.filter((m): m is CheckMessage => m.type === "check" && m.checkId === checkId);
    await vi.waitFor(() => expect(mine().at(-1)?.phase).toBe("end"));
    live.close();
    const [first, ...rest] = mine();
    expect(first).toMatchObject({ phase: "start", targetId: target.id, plan: [{ profile: "onelogin" }] });
    const planned = first?.phase === "start" ? (first.plan[0]?.checks.map((c) => c.id) ?? []) : [];
    const reported = rest.flatMap((m) => (m.phase === "check" ? [m.result.id] : []));
    expect(reported).toEqual(planned);
    expect(rest.at(-1)).toMatchObject({
      phase: "end",
      outcome: "compatible",
      grades: [{ profile: "onelogin", grade: "yes" }],
    });

    const report = await run.api<CheckReport>("GET", `/checks/${checkId}`);
    expect(report.body).toMatchObject({ status: "done", outcome: "compatible", cleanup: { left: [] } });
    expect(report.body.cards[0]?.checks.map((c) => c.id)).toEqual(planned);
    // The check ran in a simulator of its own: this directory never saw its people, nor this target their traffic.
    expect((await run.api<unknown[]>("GET", "/users")).body).toEqual([]);
    expect(run.sim.log.list().filter((e) => e.targetId === target.id)).toEqual([]);
    expect((await run.scim<{ totalResults: number }>("GET", "/Users")).body.totalResults).toBe(0);
  });

  it("refuses an unknown target, an unknown IdP and an unknown check", async () => {
    run = await start();
    const unknownTarget = await run.api("POST", "/targets/nope/check", {});
    expect(unknownTarget.status).toBe(404);
    const { id } = await embeddedTarget(run, { mode: "manual" });
    const badIdp = await run.api<{ error: string }>("POST", `/targets/${id}/check`, { profiles: ["azure"] });
    expect(badIdp.status).toBe(400);
    expect(badIdp.body.error).toContain("profiles.0: must be one of okta, okta-aiw, entra");
    expect((await run.api("GET", "/checks/nope")).status).toBe(404);
  });
});

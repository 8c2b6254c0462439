import { afterEach, describe, expect, it } from "vitest";
import type { CycleRecord } from "../server/protocol";
import { createUser, embeddedTarget, exchangesOf, type Running, start } from "./support/simulator";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("a cycle's record", () => {
  it("counts the follow-up it set off, a report sent again once its manager arrived, apart from its own users", async () => {
    run = await start();
    const manager = await createUser(run, { title: "Head of Sales" });
    const report = await createUser(run, { managerId: manager.id });
    // Only the report is assigned: it goes out without a manager, who is not in the target's scope.
    const target = await embeddedTarget(run, {
      mode: "manual",
      scope: "assigned",
      assigned: { users: [report.id], groups: [] },
    });
    const first = await run.api<CycleRecord>("POST", `/targets/${target.id}/sync`, { kind: "incremental" });
    expect(first.body).toMatchObject({ created: 1 });

    // The manager is assigned and edited. The cycle looks at both, and finds the report needing nothing while its
    // manager is not on the target yet; the report's update is what the manager's create sets off.
    await run.api("PATCH", `/targets/${target.id}`, {
      assigned: { users: [report.id, manager.id], groups: [] },
    });
    await run.api("PATCH", `/users/${manager.id}`, { title: "VP Sales" });
    const second = await run.api<CycleRecord>("POST", `/targets/${target.id}/sync`, { kind: "incremental" });
    expect(second.body).toMatchObject({ users: 2, created: 1, unchanged: 1, updated: 0 });
    expect(second.body.followUps?.users).toMatchObject({ updated: 1, failed: 0 });

    // On the wire: the report's PATCH names the manager, and belongs to the cycle as a follow-up.
    const patch = exchangesOf(run, target.id).find(
      (e) => e.request.method === "PATCH" && e.cause.userId === report.id,
    );
    expect(JSON.stringify(patch?.request.body)).toContain("manager");
    expect(patch?.cause).toMatchObject({ cycleId: second.body.id, followUp: true });
  });
});

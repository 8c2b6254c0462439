import { afterEach, describe, expect, it, vi } from "vitest";
import type { Exchange, LiveMessage } from "../server/protocol";
import {
  createUser,
  embeddedTarget,
  exchangesOf,
  listen,
  pathOf,
  type Running,
  start,
} from "./support/simulator";

type ListResponse = { totalResults: number; Resources: Array<Record<string, unknown>> };

let run: Running;
afterEach(async () => run?.stop(true));

describe("an edit in the directory", () => {
  it("crosses to the embedded org over SCIM and is announced on /ws as the exchange completes", async () => {
    run = await start();
    const target = await embeddedTarget(run);
    const ws = await listen(run.url);

    const user = await createUser(run, {
      userName: "ada.lovelace@example.com",
      givenName: "Ada",
      familyName: "Lovelace",
    });

    const org = await vi.waitFor(async () => {
      const res = await run.scim<ListResponse>(
        "GET",
        `/Users?filter=${encodeURIComponent('userName eq "ada.lovelace@example.com"')}`,
      );
      expect(res.body.totalResults).toBe(1);
      return res.body.Resources[0];
    });
    expect(org).toMatchObject({
      userName: "ada.lovelace@example.com",
      name: { givenName: "Ada", familyName: "Lovelace" },
      active: true,
    });

    const exchanges = await vi.waitFor(() => {
      const live = ws.messages.filter(
        (m): m is Extract<LiveMessage, { type: "exchange" }> => m.type === "exchange",
      );
      expect(live.map((m) => m.exchange.request.method)).toEqual(["GET", "POST"]);
      return live.map((m) => m.exchange);
    });
    const [probe, post] = exchanges as [Exchange, Exchange];
    expect(pathOf(probe)).toBe('/Users?filter=userName eq "ada.lovelace@example.com"');
    expect(probe.response?.status).toBe(200);
    expect(post.cause).toEqual({ type: "user.created", userId: user.id });
    expect(post.targetId).toBe(target.id);
    expect(post.request.body).toMatchObject({ userName: "ada.lovelace@example.com", active: true });
    expect(post.response?.status).toBe(201);
    expect(post.response?.body).toMatchObject({ id: org?.id });
    expect(post.request.headers.authorization).toBe("Bearer [redacted]");
    expect(JSON.stringify(ws.messages)).not.toContain(run.sim.org.token);
    // The directory event reaches other tabs too.
    expect(ws.messages.some((m) => m.type === "directory" && m.event.type === "user.created")).toBe(true);
    ws.close();
  });

  it("updates, deactivates and reactivates the same remote user with PATCH, never a second POST", async () => {
    run = await start();
    const target = await embeddedTarget(run);
    const user = await createUser(run, { department: "Sales" });
    await vi.waitFor(() =>
      expect(exchangesOf(run, target.id).some((e) => e.response?.status === 201)).toBe(true),
    );

    await run.api("PATCH", `/users/${user.id}`, { department: "Engineering", title: "Staff Engineer" });
    await run.api("PATCH", `/users/${user.id}`, { active: false });
    await vi.waitFor(async () => {
      const res = await run.scim<ListResponse>(
        "GET",
        `/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)}`,
      );
      expect(res.body.Resources[0]).toMatchObject({
        active: false,
        title: "Staff Engineer",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Engineering" },
      });
    });
    await run.api("PATCH", `/users/${user.id}`, { active: true });
    await vi.waitFor(async () => {
      const res = await run.scim<ListResponse>(
        "GET",
        `/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)}`,
      );
      expect(res.body.Resources[0]?.active).toBe(true);
    });
    await run.sim.provisioner.idle();
    const methods = exchangesOf(run, target.id).map((e) => e.request.method);
    expect(methods.filter((m) => m === "POST")).toHaveLength(1);
    expect(methods.filter((m) => m === "PATCH").length).toBeGreaterThanOrEqual(2);
    const patches = exchangesOf(run, target.id).filter((e) => e.request.method === "PATCH");
    expect(patches.at(-1)?.request.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: true }],
    });
  });

  it("sends nothing to a manual target until sync now, and then reports what it did", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    await createUser(run);
    await createUser(run);
    await run.sim.provisioner.idle();
    expect(exchangesOf(run, target.id)).toHaveLength(0);

    const sync = await run.api<{ created: number; failed: number }>("POST", `/targets/${target.id}/sync`);
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ created: 2, failed: 0 });
    const again = await run.api<{ created: number; unchanged: number }>("POST", `/targets/${target.id}/sync`);
    expect(again.body).toMatchObject({ created: 0, unchanged: 2 });
    expect(exchangesOf(run, target.id).filter((e) => e.request.method === "POST")).toHaveLength(2);
  });

  it("deactivates a deleted user by default and sends DELETE when the target says so", async () => {
    run = await start();
    const soft = await embeddedTarget(run, { name: "soft" });
    const hard = await embeddedTarget(run, { name: "hard", deprovision: "delete" });
    const user = await createUser(run);
    await vi.waitFor(() => {
      expect(exchangesOf(run, soft.id).some((e) => e.request.method === "POST")).toBe(true);
      expect(exchangesOf(run, hard.id).some((e) => e.request.method === "GET")).toBe(true);
    });
    await run.sim.provisioner.idle();
    expect((await run.api("DELETE", `/users/${user.id}`)).status).toBe(204);
    await run.sim.provisioner.idle();

    const softLast = exchangesOf(run, soft.id).at(-1);
    const hardLast = exchangesOf(run, hard.id).at(-1);
    // Both targets point at the same org: one linked to the user the other created, so the DELETE removes it.
    expect(softLast?.request.method).toBe("PATCH");
    expect(softLast?.request.body).toMatchObject({
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    expect(hardLast?.request.method).toBe("DELETE");
    expect(hardLast?.response?.status).toBe(204);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import type { ApiError, CycleRecord, Exchange, Target } from "../server/protocol";
import { createUser, embeddedTarget, exchangesOf, pathOf, type Running, start } from "./support/simulator";
import { orgUsers, sync } from "./support/target-sync";

// Cycles on the embedded org: full and incremental, reconcile's drift report and its fix for users and groups, a
// queued cycle whose target is gone, and the preview of what the next cycle would send.

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("cycles", () => {
  it("runs a full cycle, then an incremental one that looks only at what changed", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    const users = [await createUser(run), await createUser(run), await createUser(run)];
    const full = await sync(run, target.id, { kind: "incremental" });
    // No watermark yet, so the first incremental request is the initial full cycle, as in Entra.
    expect(full.body).toMatchObject({ kind: "full", users: 3, created: 3 });
    await run.api("PATCH", `/users/${users[1]?.id}`, { title: "Changed" });
    const incremental = await sync(run, target.id, { kind: "incremental" });
    expect(incremental.body).toMatchObject({ kind: "incremental", users: 1, updated: 1 });
    const history = (await run.api<CycleRecord[]>("GET", `/targets/${target.id}/cycles`)).body;
    expect(history.map((c) => c.kind)).toEqual(["full", "incremental"]);
  });

  it("reports drift on reconcile (missing, unknown, different) and fixes it on request", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual" });
    const [gone, changed] = [await createUser(run), await createUser(run, { title: "Engineer" })];
    await sync(run, target.id);
    const remote = (await orgUsers(run)).Resources;
    const goneRemote = remote.find((u) => u.userName === gone?.userName);
    const changedRemote = remote.find((u) => u.userName === changed?.userName);
    await run.scim("DELETE", `/Users/${goneRemote?.id}`);
    await run.scim("PATCH", `/Users/${changedRemote?.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "title", value: "Hacker" }],
    });
    await run.scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "stranger@example.com",
    });

    const report = (await sync(run, target.id, { kind: "reconcile" })).body.drift;
    expect(report?.missing).toEqual([expect.objectContaining({ userId: gone?.id, name: gone?.userName })]);
    expect(report?.unknown).toEqual([
      expect.objectContaining({ name: "stranger@example.com", resourceType: "User" }),
    ]);
    expect(report?.different).toEqual([
      expect.objectContaining({
        userId: changed?.id,
        fields: [{ field: "title", directory: "Engineer", target: "Hacker" }],
      }),
    ]);
    const reads = exchangesOf(run, target.id).filter((e) => e.cause.type === "reconcile");
    expect(reads.map((e) => new URL(e.request.url).search)).toContain("?startIndex=1&count=100");

    const fixed = (await sync(run, target.id, { kind: "reconcile", fix: true })).body;
    expect(fixed.drift?.fixed).toBe(true);
    expect(fixed).toMatchObject({ created: 1, updated: 1 });
    const after = (await sync(run, target.id, { kind: "reconcile" })).body.drift;
    expect(after).toMatchObject({ missing: [], different: [] });
  });

  it("fixes group drift with only the missing members, adopts a same-named group, and leaves an intact one alone", async () => {
    run = await start();
    const r = run;
    const target = await embeddedTarget(run, { mode: "manual", profile: "okta" });
    const [ann, ben, cat] = [await createUser(r), await createUser(r), await createUser(r)];
    const group = async (displayName: string, members: string[]) =>
      (await r.api<{ id: string }>("POST", "/groups", { displayName, members })).body;
    await group("Ops", [ann.id, ben.id]);
    await group("Quiet", [ann.id]);
    await sync(run, target.id);
    const remoteId = async (userName: string) =>
      (await orgUsers(r)).Resources.find((u) => u.userName === userName)?.id ?? "";
    const [annRemote, benRemote, catRemote] = [
      await remoteId(ann.userName),
      await remoteId(ben.userName),
      await remoteId(cat.userName),
    ];
    type Groups = { Resources: Array<{ id: string; displayName: string }> };
    const orgGroup = async (name: string) =>
      (await r.scim<Groups>("GET", "/Groups")).body.Resources.find((g) => g.displayName === name)?.id ?? "";
    const ops = await orgGroup("Ops");
    await run.scim("PATCH", `/Groups/${ops}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "remove", path: `members[value eq "${benRemote}"]` }],
    });
    const design = await run.scim<{ id: string }>("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Design",
      members: [{ value: catRemote }],
    });
    await group("Design", [cat.id, ann.id]);

    const report = (await sync(run, target.id, { kind: "reconcile" })).body.drift;
    expect(report?.unknown).toEqual([expect.objectContaining({ name: "Design", resourceType: "Group" })]);
    const before = exchangesOf(run, target.id).length;
    const fixed = (await sync(run, target.id, { kind: "reconcile", fix: true })).body;
    expect(fixed.errors).toEqual([]);
    const writes = exchangesOf(run, target.id)
      .slice(before)
      .filter((e) => e.request.method !== "GET");
    const memberValues = (e: Exchange) =>
      (
        (e.request.body as { Operations: Array<{ op: string; path?: string; value?: unknown }> })
          .Operations ?? []
      )
        .filter((o) => o.path === "members")
        .flatMap((o) => (o.value as Array<{ value: string }>).map((m) => `${o.op} ${m.value}`));
    expect(writes.map((e) => `${e.request.method} ${pathOf(e)}`).sort()).toEqual(
      [`PATCH /Groups/${ops}`, `PATCH /Groups/${design.body.id}`].sort(),
    );
    expect(memberValues(writes.find((e) => pathOf(e) === `/Groups/${ops}`) as Exchange)).toEqual([
      `add ${benRemote}`,
    ]);
    expect(memberValues(writes.find((e) => pathOf(e) === `/Groups/${design.body.id}`) as Exchange)).toEqual([
      `add ${annRemote}`,
    ]);
    const after = (await sync(run, target.id, { kind: "reconcile" })).body.drift;
    expect(after).toMatchObject({ missing: [], unknown: [], different: [] });
  });

  it("drops a queued cycle quietly when its target is deleted before it starts", async () => {
    run = await start();
    for (let i = 0; i < 30; i++) await createUser(run);
    const target = await embeddedTarget(run, { mode: "on-edit" });
    // The rename queues a second cycle behind the first; the target is gone before it can begin.
    await run.api("PATCH", `/targets/${target.id}`, { name: "renamed" });
    expect((await run.api("DELETE", `/targets/${target.id}`)).status).toBe(204);
    await run.sim.provisioner.idle();
    // A rejected cycle nobody waited for would surface here as an unhandled rejection and fail the run.
    expect((await run.api("GET", "/health")).status).toBe(200);
    expect((await run.api<Target[]>("GET", "/targets")).body).toEqual([]);
  });

  it("lists what the next cycle would send without sending anything", async () => {
    run = await start();
    const target = await embeddedTarget(run, { mode: "manual", profile: "okta" });
    const user = await createUser(run);
    const before = run.sim.log.list().length;
    const preview = await run.api<
      Array<{ userId: string; operation: string; exchanges: Exchange["request"][] }>
    >("GET", `/targets/${target.id}/preview?kind=full`);
    expect(preview.body).toEqual([
      expect.objectContaining({
        userId: user.id,
        operation: "create",
        exchanges: [expect.objectContaining({ method: "GET" }), expect.objectContaining({ method: "POST" })],
      }),
    ]);
    expect(JSON.stringify(preview.body)).toContain("startIndex=1&count=100");
    expect(run.sim.log.list()).toHaveLength(before);
    expect((await orgUsers(run)).totalResults).toBe(0);
    const badKind = await run.api<ApiError>("GET", `/targets/${target.id}/preview?kind=sometimes`);
    expect(badKind.status).toBe(400);
    expect(badKind.body.details).toEqual([{ path: "kind", message: "must be full or incremental" }]);
  });
});

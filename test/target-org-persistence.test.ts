import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DataFileError } from "../server/store/json-file";
import { createTargetOrg, type OrgChange } from "../server/target-org/create-target-org";
import { type RunningOrg, resourcesOf, sampleUser, scimClient, startOrg } from "./support/org-only";
import { CORE_GROUP as GROUP } from "./support/scim-urns";
import { readStore, readStoreSync } from "./support/store-file";

const running: RunningOrg[] = [];
const dirs: string[] = [];

async function start(options: Parameters<typeof startOrg>[0] = {}) {
  const org = await startOrg(options);
  running.push(org);
  return org;
}

afterEach(async () => {
  for (const org of running.splice(0)) await org.close({ keepDir: true });
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("persistence", () => {
  it("keeps users, groups, memberships and versions across a restart on the same file", async () => {
    const first = await start();
    dirs.push(first.dir);
    const scim = scimClient(first);
    const user = await scim("POST", "/Users", sampleUser());
    await scim("PATCH", `/Users/${user.body.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "title", value: "CTO" }],
    });
    const group = await scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Team",
      members: [{ value: user.body.id }],
    });
    await first.close({ keepDir: true });
    running.splice(0);

    const second = await start({ dir: first.dir });
    expect(second.token).toBe(first.token);
    const again = scimClient(second);
    const got = await again("GET", `/Users/${user.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      userName: "jane.doe@example.com",
      title: "CTO",
      meta: { version: 'W/"2"' },
    });
    expect(got.body.groups).toEqual([expect.objectContaining({ value: group.body.id, display: "Team" })]);
    expect(second.org.counts()).toEqual({ users: 1, groups: 1 });
  });

  it("generates a 32-byte base64url token on first start and persists it in the store file", async () => {
    const org = await start();
    dirs.push(org.dir);
    expect(org.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await readStore<{ token: string }>(org.file);
    expect(stored.token).toBe(org.token);
  });

  it("lets options.token override the stored token without replacing it in the file", async () => {
    const org = await start({ token: "fixed-token" });
    dirs.push(org.dir);
    expect(org.token).toBe("fixed-token");
    const ok = await fetch(`${org.baseUrl}/Users`, { headers: { Authorization: "Bearer fixed-token" } });
    expect(ok.status).toBe(200);
    const stored = await readStore<{ token: string }>(org.file);
    expect(stored.token).not.toBe("fixed-token");
  });

  it("rejects a corrupt store file with DataFileError and leaves the file byte-for-byte untouched", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-org-"));
    dirs.push(dir);
    const file = join(dir, "target-org.json");
    const corrupt = '{"users": {"a": ';
    await writeFile(file, corrupt);
    await expect(createTargetOrg({ file })).rejects.toBeInstanceOf(DataFileError);
    expect(await readFile(file, "utf8")).toBe(corrupt);
  });

  it("rejects a JSON file that is not a target-org store and leaves it untouched", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scimulator-org-"));
    dirs.push(dir);
    const file = join(dir, "target-org.json");
    const other = JSON.stringify({ users: [1, 2, 3] });
    await writeFile(file, other);
    await expect(createTargetOrg({ file })).rejects.toThrow(/not a target-org store/);
    expect(await readFile(file, "utf8")).toBe(other);
  });

  it("fires onChange only after the write is on disk, for creates, updates and deletes, until unsubscribed", async () => {
    const org = await start();
    dirs.push(org.dir);
    const scim = scimClient(org);
    const seen: { change: OrgChange; onDisk: boolean }[] = [];
    // Read synchronously inside the listener: what is on disk at the moment the change is announced.
    const unsubscribe = org.org.onChange((change) => {
      const data = readStoreSync<{ users: Record<string, unknown> }>(org.file);
      seen.push({
        change,
        onDisk: change.action === "deleted" ? !(change.id in data.users) : change.id in data.users,
      });
    });
    const user = await scim("POST", "/Users", sampleUser());
    await scim("PUT", `/Users/${user.body.id}`, sampleUser({ title: "x" }));
    await scim("DELETE", `/Users/${user.body.id}`);
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen).toEqual([
      { change: { resourceType: "User", id: user.body.id, action: "created" }, onDisk: true },
      { change: { resourceType: "User", id: user.body.id, action: "updated" }, onDisk: true },
      { change: { resourceType: "User", id: user.body.id, action: "deleted" }, onDisk: true },
    ]);
    unsubscribe();
    await scim("POST", "/Users", sampleUser({ userName: "after" }));
    expect(seen).toHaveLength(3);
  });

  it("reports group updates when a deleted user leaves its groups", async () => {
    const org = await start();
    dirs.push(org.dir);
    const scim = scimClient(org);
    const user = await scim("POST", "/Users", sampleUser());
    const group = await scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Team",
      members: [{ value: user.body.id }],
    });
    const changes: OrgChange[] = [];
    org.org.onChange((c) => changes.push(c));
    await scim("DELETE", `/Users/${user.body.id}`);
    expect(changes).toEqual([
      { resourceType: "User", id: user.body.id, action: "deleted" },
      { resourceType: "Group", id: group.body.id, action: "updated" },
    ]);
  });

  it("resets to an empty org that keeps its token, and reports each removal", async () => {
    const org = await start();
    dirs.push(org.dir);
    const scim = scimClient(org);
    await scim("POST", "/Users", sampleUser());
    await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Team" });
    const changes: OrgChange[] = [];
    org.org.onChange((c) => changes.push(c));
    await org.org.reset();
    expect(org.org.counts()).toEqual({ users: 0, groups: 0 });
    expect(changes.map((c) => `${c.resourceType}:${c.action}`)).toEqual(["User:deleted", "Group:deleted"]);
    const list = await scim("GET", "/Users");
    expect(list.status).toBe(200);
    expect(resourcesOf(list.body)).toEqual([]);
    const stored = await readStore<{ token: string; users: object }>(org.file);
    expect(stored).toMatchObject({ token: org.token, users: {}, groups: {} });
  });

  it("starts strict by default and can be switched at runtime or created lenient", async () => {
    const strictOrg = await start();
    dirs.push(strictOrg.dir);
    expect(strictOrg.org.strict).toBe(true);
    strictOrg.org.setStrict(false);
    expect(strictOrg.org.strict).toBe(false);
    const lenient = await start({ strict: false });
    dirs.push(lenient.dir);
    const res = await scimClient(lenient)("POST", "/Users", sampleUser({ active: "True" }));
    expect(res.status).toBe(201);
    expect(res.body.active).toBe(true);
  });

  it("flushes a burst of writes on close so the file holds the last state", async () => {
    const org = await start();
    dirs.push(org.dir);
    const scim = scimClient(org);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => scim("POST", "/Users", sampleUser({ userName: `burst-${i}` }))),
    );
    await org.org.close();
    const stored = await readStore<{ users: Record<string, unknown> }>(org.file);
    expect(Object.keys(stored.users)).toHaveLength(20);
  });
});

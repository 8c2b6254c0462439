import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { User } from "../server/protocol";
import { killHard, startChildServer } from "./support/child-server";
import { tempDataDir } from "./support/simulator";

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child) await killHard(child);
  child = undefined;
});

const json = { "content-type": "application/json" };

describe("the directory's journal under a hard kill", () => {
  it("keeps every acknowledged write through five kills in the middle of a write loop", async () => {
    const dataDir = await tempDataDir();
    // What the API acknowledged: each user's id and the last title a 200 confirmed.
    const acked = new Map<string, string | null>();
    for (let round = 0; round < 5; round++) {
      const { url, proc } = await startChildServer(dataDir);
      child = proc;
      // Everything acknowledged before, in every earlier round, is there as acknowledged.
      const users = (await (await fetch(`${url}/api/users`)).json()) as User[];
      const byId = new Map(users.map((u) => [u.id, u]));
      for (const [id, title] of acked) expect(byId.get(id)?.title ?? null, `user ${id}`).toBe(title);
      const writes = 20 + round * 15;
      for (let i = 0; i < writes; i++) {
        const ids = [...acked.keys()];
        const edit = i % 3 === 2 && ids.length > 0;
        if (edit) {
          const id = ids[(i * 7) % ids.length] as string;
          const title = `Title ${round}.${i}`;
          const res = await fetch(`${url}/api/users/${id}`, {
            method: "PATCH",
            headers: json,
            body: JSON.stringify({ title }),
          });
          if (res.ok) acked.set(id, title);
        } else {
          const res = await fetch(`${url}/api/users`, {
            method: "POST",
            headers: json,
            body: JSON.stringify({ userName: `k${round}.${i}@example.com`, givenName: "K", familyName: "L" }),
          });
          if (res.status === 201) acked.set(((await res.json()) as User).id, null);
        }
      }
      // One more write in flight as the process dies: it may or may not land, but nothing acknowledged may go.
      void fetch(`${url}/api/users`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ userName: `inflight${round}@example.com`, givenName: "I", familyName: "F" }),
      }).catch(() => undefined);
      await killHard(proc);
      child = undefined;
    }
    const { url, proc } = await startChildServer(dataDir);
    child = proc;
    const users = (await (await fetch(`${url}/api/users`)).json()) as User[];
    const byId = new Map(users.map((u) => [u.id, u]));
    expect(acked.size).toBeGreaterThan(80);
    for (const [id, title] of acked) expect(byId.get(id)?.title ?? null, `user ${id}`).toBe(title);
  }, 120_000);
});

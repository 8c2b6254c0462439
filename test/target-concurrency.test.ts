import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Target } from "../server/protocol";
import { createUser, type Running, start } from "./support/simulator";

let run: Running | undefined;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await run?.stop(true);
  await closeServer?.();
  run = closeServer = undefined;
});

/** A SCIM server that holds every answer until the test lets it go, so it can count what is in flight. */
async function holdingServer() {
  const held: Array<{ res: ServerResponse; method: string }> = [];
  let most = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      held.push({ res, method: req.method ?? "" });
      most = Math.max(most, held.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closeServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const answer = ({ res, method }: { res: ServerResponse; method: string }) => {
    res.writeHead(method === "POST" ? 201 : 200, { "content-type": "application/scim+json" });
    res.end(
      JSON.stringify(
        method === "POST"
          ? { id: `u${Math.random()}` }
          : {
              schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
              totalResults: 0,
              Resources: [],
            },
      ),
    );
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`,
    held: () => held.length,
    most: () => most,
    releaseAll: () => {
      for (const h of held.splice(0)) answer(h);
    },
  };
}

describe("a target's concurrency option", () => {
  it("bounds the requests in flight to that target, and uses all of them", async () => {
    run = await start();
    const peer = await holdingServer();
    const target = (
      await run.api<Target>("POST", "/targets", {
        name: "Two at a time",
        baseUrl: peer.url,
        auth: { type: "bearer", token: "t" },
        profile: "rfc",
        mode: "manual",
        options: { concurrency: 2 },
      })
    ).body;
    for (let i = 0; i < 6; i++) await createUser(run);
    const sync = run.api("POST", `/targets/${target.id}/sync`, { kind: "full" });
    // Each time two requests are held, no third may arrive; letting them go lets the next two in.
    for (let round = 0; round < 6; round++) {
      await vi.waitFor(() => expect(peer.held()).toBe(2));
      peer.releaseAll();
    }
    await vi.waitFor(async () => {
      peer.releaseAll();
      expect((await Promise.race([sync, Promise.resolve(null)]))?.status).toBe(200);
    });
    expect(peer.most()).toBe(2);
  });

  it("is refused outside 1 to 64 with a message that names it", async () => {
    run = await start();
    const res = await run.api<{ error: string }>("POST", "/targets", {
      name: "Too many",
      baseUrl: "https://app.example.com/scim/v2",
      auth: { type: "bearer", token: "t" },
      profile: "rfc",
      options: { concurrency: 65 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain("options.concurrency: must be 64 or less");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR } from "./support/scim-urns";
import { listed, scimmyClient } from "./support/scimmy-client";
import { type ScimmyServer, startScimmyServer } from "./support/scimmy-server";

/**
 * The SCIMMY fixture server as a whole: bearer authentication, what its ServiceProviderConfig advertises, how it
 * reads request bodies and records them, and that two servers in one process keep apart. Pins down how strict
 * SCIMMY 1.3.5 (+ scimmy-routers 1.3.2 on express 5) is, so the product knows what a third-party,
 * schema-validating SCIM server accepts and rejects.
 */

let server: ScimmyServer;

beforeAll(async () => {
  server = await startScimmyServer();
});

afterAll(async () => {
  await server.close();
});

const { send } = scimmyClient(() => server);

describe("the SCIMMY fixture server", () => {
  it("rejects requests without a bearer token or with a wrong one with a SCIM 401 error and no WWW-Authenticate header", async () => {
    const missing = await send("GET", "/Users", { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ schemas: [ERROR], status: "401" });
    expect(missing.headers.get("www-authenticate")).toBeNull();
    expect((await send("GET", "/Users", { token: "wrong" })).status).toBe(401);
    expect((await send("GET", "/Users", { token: server.token.toUpperCase() })).status).toBe(401);
    expect(server.requests.at(-1)).toMatchObject({ method: "GET", url: "/scim/Users" });
  });

  it("advertises patch, filter, sort and bulk support but no etag support in its ServiceProviderConfig", async () => {
    const res = await send("GET", "/ServiceProviderConfig");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    expect(res.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      sort: { supported: true },
      bulk: { supported: true },
      etag: { supported: false },
      authenticationSchemes: [{ type: "oauthbearertoken" }],
    });
  });

  it("keeps storage and tokens separate between two servers running at once", async () => {
    const other = await startScimmyServer();
    try {
      expect(other.token).not.toBe(server.token);
      expect((await send("GET", "/Users", {}, { ...other, token: server.token })).status).toBe(401);
      const res = await send("POST", "/Users", { body: { userName: "only.on.other@example.com" } }, other);
      expect(res.status).toBe(201);
      expect(other.users.size).toBe(1);
      expect([...server.users.values()].some((u) => u.userName === "only.on.other@example.com")).toBe(false);
      expect(listed(await send("GET", "/Users", {}, other))).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("answers malformed JSON with 400 invalidSyntax and still records the raw body", async () => {
    const res = await send("POST", "/Users", { raw: '{"userName": ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: "400", scimType: "invalidSyntax" });
    expect(server.requests.at(-1)).toMatchObject({
      method: "POST",
      rawBody: '{"userName": ',
      body: '{"userName": ',
    });
  });

  it("accepts application/json bodies but ignores a body without a JSON content type, answering 400", async () => {
    const json = await send("POST", "/Users", {
      body: { userName: "plain.json@example.com" },
      contentType: "application/json",
    });
    expect(json.status).toBe(201);
    const untyped = await send("POST", "/Users", {
      body: { userName: "untyped@example.com" },
      contentType: null,
    });
    expect(untyped.status).toBe(400);
    expect(untyped.body).toMatchObject({ scimType: "invalidSyntax" });
  });
});

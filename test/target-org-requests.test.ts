import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningOrg, sampleUser, scimClient, startOrg } from "./support/org-only";
import { ERROR } from "./support/scim-urns";

// How the embedded org takes a request before any resource is touched: bearer authentication, the bodies and
// content types it reads, and its routing of unknown paths and methods.

const SCIM_JSON = "application/scim+json; charset=utf-8";

let running: RunningOrg;
let scim: ReturnType<typeof scimClient>;

beforeEach(async () => {
  running = await startOrg();
  scim = scimClient(running);
});
afterEach(async () => {
  await running.close();
});

describe("authentication", () => {
  it.each([
    ["no Authorization header", undefined],
    ["a wrong token", "Bearer not-the-token"],
    ["another scheme", `Basic ${Buffer.from("a:b").toString("base64")}`],
    ["a token prefix", "Bearer x"],
  ])("returns 401 with WWW-Authenticate for %s, on every kind of endpoint", async (_name, authorization) => {
    for (const path of ["/Users", "/Groups/abc", "/ServiceProviderConfig", "/Schemas", "/nowhere"]) {
      const res = await fetch(`${running.baseUrl}${path}`, {
        headers: authorization === undefined ? {} : { Authorization: authorization },
      });
      expect(res.status, path).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="SCIMulator target org"');
      expect(res.headers.get("content-type")).toBe(SCIM_JSON);
      expect(await res.json()).toMatchObject({ schemas: [ERROR], status: "401", detail: expect.any(String) });
    }
  });

  it("accepts the Bearer scheme in any letter case", async () => {
    const res = await fetch(`${running.baseUrl}/Users`, {
      headers: { Authorization: `bearer ${running.token}` },
    });
    expect(res.status).toBe(200);
  });

  it("checks authentication before reading a malformed body", async () => {
    const res = await fetch(`${running.baseUrl}/Users`, {
      method: "POST",
      headers: { "Content-Type": "application/scim+json" },
      body: "{not json",
    });
    expect(res.status).toBe(401);
  });
});

describe("request bodies", () => {
  it.each([
    "application/json",
    "application/scim+json",
    "application/scim+json; charset=utf-8",
    "application/json; charset=UTF-8",
  ])("accepts a body sent as %s", async (contentType) => {
    const res = await scim("POST", "/Users", JSON.stringify(sampleUser()), { "Content-Type": contentType });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe(SCIM_JSON);
  });

  it("returns 400 invalidSyntax, not a 500 or a stack trace, for malformed JSON", async () => {
    const res = await scim("POST", "/Users", '{"userName": "x",', { "Content-Type": "application/json" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe(SCIM_JSON);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: "400", scimType: "invalidSyntax" });
    expect(String(res.body.detail)).not.toMatch(/at .*\.js/);
  });

  it("returns 400 invalidSyntax for a body that is not a JSON object", async () => {
    for (const body of ["[1,2]", '"text"']) {
      const res = await scim("POST", "/Users", body, { "Content-Type": "application/scim+json" });
      expect(res.status, body).toBe(400);
      expect(res.body.scimType, body).toBe("invalidSyntax");
    }
  });

  it("returns 400 invalidSyntax for a body in a content type it does not read", async () => {
    const res = await scim("POST", "/Users", JSON.stringify(sampleUser()), { "Content-Type": "text/plain" });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("invalidSyntax");
  });
});

describe("routing", () => {
  it("returns 405 for methods a resource endpoint does not support", async () => {
    const res = await scim("DELETE", "/Users");
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: "405" });
    const post = await scim("POST", "/Users/some-id", sampleUser());
    expect(post.status).toBe(405);
  });

  it("returns 404 SCIM errors for unknown paths and 501 for /Bulk", async () => {
    const unknown = await scim("GET", "/Printers");
    expect(unknown).toMatchObject({ status: 404, body: { schemas: [ERROR], status: "404" } });
    expect(unknown.headers.get("content-type")).toBe(SCIM_JSON);
    const bulk = await scim("POST", "/Bulk", { schemas: [] });
    expect(bulk.status).toBe(501);
  });

  it("serves endpoints case-insensitively, as clients spell /users too", async () => {
    const res = await scim("GET", "/users");
    expect(res.status).toBe(200);
  });
});

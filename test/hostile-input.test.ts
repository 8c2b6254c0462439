import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator } from "../server/simulator";
import { type Running, start } from "./support/simulator";

interface Hostile {
  surface: "scim" | "api";
  method: string;
  path: string;
  body?: string;
  why: string;
}

// The corpus: every hostile request found by hand and by fuzzing (ids named like built-ins, __proto__ keys,
// reserved PATCH paths and members, filters nested thousands deep), replayed against a real server.
const corpus = JSON.parse(
  await readFile(new URL("./fixtures/hostile-requests.json", import.meta.url), "utf8"),
) as Hostile[];

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

describe.each([
  ["strict", true],
  ["lenient", false],
])("the hostile-request corpus against a %s org", (_label, strict) => {
  let run: Running;
  const before = prototypeKeys();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    run = await start();
    await run.api("PATCH", "/target-org", { strict });
    const user = await run.scim<{ id: string }>("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "fuzz.user@example.com",
      emails: [{ value: "fuzz.user@example.com", type: "work" }],
    });
    const group = await run.scim<{ id: string }>("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Fuzz group",
      members: [{ value: user.body.id }],
    });
    const apiUser = await run.api<{ id: string }>("POST", "/users", {
      userName: "fuzz.api@example.com",
      givenName: "Fuzz",
      familyName: "Api",
    });
    Object.assign(ids, { user: user.body.id, group: group.body.id, apiUser: apiUser.body.id });
  });
  afterAll(() => run.stop(true));

  it(`answers every one of the ${corpus.length} requests with a 4xx or a success, never a 5xx, and pollutes nothing`, async () => {
    const failures: string[] = [];
    for (const item of corpus) {
      const path = item.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? name);
      const url = item.surface === "scim" ? `${run.url}/target/scim/v2${path}` : `${run.url}${path}`;
      const res = await fetch(url, {
        method: item.method,
        headers: {
          ...(item.surface === "scim" ? { authorization: `Bearer ${run.sim.org.token}` } : {}),
          ...(item.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: item.body,
      });
      const text = await res.text();
      if (res.status >= 500)
        failures.push(`${item.method} ${item.path} (${item.why}): ${res.status} ${text.slice(0, 200)}`);
      if (prototypeKeys().join() !== before.join() || "polluted" in {}) {
        failures.push(`${item.method} ${item.path} (${item.why}) changed Object.prototype`);
        break;
      }
    }
    expect(failures).toEqual([]);
  });

  it("is healthy afterwards: lists answer, writes work, and a restart reads the stores back", async () => {
    expect((await run.scim("GET", "/Users?count=1000")).status).toBe(200);
    expect((await run.scim("GET", "/Groups?count=1000")).status).toBe(200);
    expect((await run.api("GET", "/users")).status).toBe(200);
    expect((await run.api("GET", "/groups")).status).toBe(200);
    const created = await run.api("POST", "/users", {
      userName: "after@example.com",
      givenName: "A",
      familyName: "F",
    });
    expect(created.status).toBe(201);
    const scimCreated = await run.scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "after.scim@example.com",
    });
    expect(scimCreated.status).toBe(201);
    await run.sim.close();
    const again = await createSimulator({ dataDir: run.dataDir, seed: false, uiDir: null });
    try {
      const url = await again.listen(0, "127.0.0.1");
      for (const kind of ["Users", "Groups"]) {
        const res = await fetch(`${url}/target/scim/v2/${kind}?count=1000`, {
          headers: { authorization: `Bearer ${again.org.token}` },
        });
        expect(res.status, kind).toBe(200);
      }
      expect((await fetch(`${url}/api/users`)).status).toBe(200);
    } finally {
      await again.close();
    }
  });
});

describe("hostile names get the error that says what is wrong", () => {
  let run: Running;
  let userId: string;
  beforeAll(async () => {
    run = await start();
    userId = (
      await run.scim<{ id: string }>("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "named@example.com",
      })
    ).body.id;
  });
  afterAll(() => run.stop(true));

  it("treats ids named like built-ins as unknown ids: 404", async () => {
    for (const id of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      for (const kind of ["Users", "Groups"]) {
        expect((await run.scim("GET", `/${kind}/${id}`)).status, `${kind}/${id}`).toBe(404);
        const put = await run.scim("PUT", `/${kind}/${id}`, {
          schemas: [`urn:ietf:params:scim:schemas:core:2.0:${kind.slice(0, -1)}`],
          displayName: "x",
          userName: "x@example.com",
        });
        expect(put.status, `PUT ${kind}/${id}`).toBe(404);
      }
      expect((await run.api("GET", `/users/${id}`)).status).toBe(404);
    }
  });

  it("refuses reserved member values with invalidValue and reserved PATCH paths with invalidPath", async () => {
    const member = await run.scim<{ scimType: string; detail: string }>("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "bad",
      members: [{ value: "__proto__" }],
    });
    expect(member.status).toBe(400);
    expect(member.body.scimType).toBe("invalidValue");
    const path = await run.scim<{ scimType: string; detail: string }>("PATCH", `/Users/${userId}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "name.__proto__.polluted", value: "x" }],
    });
    expect(path.status).toBe(400);
    expect(path.body).toMatchObject({
      scimType: "invalidPath",
      detail: expect.stringContaining("__proto__"),
    });
  });

  it("refuses a filter nested past the limit with invalidFilter and a message", async () => {
    const filter = `${"not (".repeat(5000)}userName eq "x"${")".repeat(5000)}`;
    const res = await run.scim<{ scimType: string; detail: string }>("POST", "/Users/.search", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      filter,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      scimType: "invalidFilter",
      detail: "filter nests 5000 levels of parentheses or brackets; at most 32 are allowed",
    });
    const fine = await run.scim("POST", "/Users/.search", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      filter: `${"(".repeat(5)}userName eq "named@example.com"${")".repeat(5)}`,
    });
    expect(fine.status).toBe(200);
  });

  it("refuses a __proto__ field in a control-API body and names where it was", async () => {
    const res = await fetch(`${run.url}/api/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"userName":"p@example.com","givenName":"P","familyName":"Q","name":{"__proto__":{"x":1}}}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'The request body names "name.__proto__", which is not a field of the control API',
      details: [{ path: "name.__proto__", message: "is not an allowed field name" }],
    });
  });
});

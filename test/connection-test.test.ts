import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectionTest, Profile, Target } from "../server/protocol";
import { emptyList, listOf, startRecordingTarget } from "./support/recording-target";
import { type Running, start } from "./support/simulator";

// Test connection against servers that answer wrongly in the ways a mistyped base URL does, judged as each IdP
// judges its own test.

let run: Running | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
  for (const close of closers.splice(0)) await close();
});

async function testAgainst(baseUrl: string, profile: Profile = "okta"): Promise<ConnectionTest> {
  run ??= await start();
  const target = await run.api<Target>("POST", "/targets", {
    name: `probe ${profile} ${baseUrl}`,
    baseUrl,
    auth: { type: "bearer", token: run.sim.org.token },
    profile,
    mode: "manual",
  });
  return (await run.api<ConnectionTest>("POST", `/targets/${target.body.id}/test`)).body;
}

/** A web server that answers every request with one fixed page, as an app's front end does. */
async function pageServer(type: string, body: string): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
}

describe("test connection on a wrong URL", () => {
  it("fails a 404 with a reason that points at the base URL's path", async () => {
    run = await start();
    const result = await testAgainst(`${run.url}/target/scim/v3`);
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(result.detail).toContain("no SCIM endpoint at this URL; does the base URL end in /scim/v2");
  });

  it("fails a web page answered with 200, saying it looks like a web page", async () => {
    const result = await testAgainst(await pageServer("text/html; charset=utf-8", "<!doctype html><p>Hi"));
    expect(result).toMatchObject({ ok: false, status: 200 });
    expect(result.detail).toContain("answered text/html: this looks like a web page, not a SCIM API");
  });

  it("fails JSON that is not a ListResponse", async () => {
    const result = await testAgainst(await pageServer("application/json", '{"ok":true}'));
    expect(result).toMatchObject({ ok: false, status: 200 });
    expect(result.detail).toContain("not a SCIM ListResponse");
  });

  it("passes the embedded org for every dialect", async () => {
    run = await start();
    for (const profile of ["rfc", "okta", "okta-aiw", "entra", "entra-scim062020", "onelogin"] as const) {
      expect(await testAgainst(run.sim.orgUrl(), profile)).toMatchObject({ ok: true, status: 200 });
    }
  });
});

describe("each IdP's own acceptance", () => {
  it("fails Entra when a random-GUID filter matches users: the server ignores filters", async () => {
    const ignoring = await startRecordingTarget(() => ({
      status: 200,
      body: listOf([{ id: "1", userName: "someone@example.com" }]),
    }));
    closers.push(ignoring.close);
    const result = await testAgainst(ignoring.baseUrl, "entra");
    expect(result.ok).toBe(false);
    expect(result.detail).toContain("a filter on a random GUID matched 1 resource(s)");
    expect(await testAgainst(ignoring.baseUrl, "okta")).toMatchObject({ ok: true });
  });

  it("passes OneLogin on a 404 for its made-up user, as OneLogin's docs allow, and fails Okta on it", async () => {
    const notFound = await startRecordingTarget(() => ({ status: 404, body: { detail: "no such user" } }));
    closers.push(notFound.close);
    expect(await testAgainst(notFound.baseUrl, "onelogin")).toMatchObject({ ok: true, status: 404 });
    expect(await testAgainst(notFound.baseUrl, "okta")).toMatchObject({ ok: false, status: 404 });
  });

  it("stops Okta's test at a failed Groups list, after a good Users list", async () => {
    const noGroups = await startRecordingTarget((req) =>
      req.path.endsWith("/Users") ? { status: 200, body: emptyList } : { status: 400, body: {} },
    );
    closers.push(noGroups.close);
    const result = await testAgainst(noGroups.baseUrl, "okta");
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(noGroups.requests.map((r) => r.path)).toEqual(["/Users", "/Groups"]);
  });
});

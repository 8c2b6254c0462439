import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AppView, Exchange, User } from "../server/protocol";
import { createHeadlessBrowser } from "../server/signin/browser";
import { playOidcSignIn } from "../server/signin/oidc-player";
import { oidcSettings, TEST_REDIRECT } from "./support/oidc-app";
import { type Running, start } from "./support/simulator";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

const oidcApp = {
  name: "Payroll",
  protocol: "oidc",
  profile: "okta",
  redirectUris: [TEST_REDIRECT],
  backchannelLogoutUri: "http://localhost:9/logout",
};

describe("POST/GET/PATCH/DELETE /api/apps", () => {
  it("shows the client secret once, masks it afterwards, and keeps apps.json and signin-keys.json 0600", async () => {
    run = await start();
    const created = await run.api<AppView>("POST", "/apps", oidcApp);
    expect(created.status).toBe(201);
    const secret = created.body.clientSecret ?? "";
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body.endpoints.issuer).toBe(`${run.url}/oidc`);
    expect(created.body).toMatchObject({ profile: "okta", scope: "all", nameId: "userName", builtIn: false });

    const shown = await run.api<AppView>("GET", `/apps/${created.body.id}`);
    expect(shown.body.clientSecret).toBe(`••••${secret.slice(-4)}`);
    const list = await run.api<AppView[]>("GET", "/apps");
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const patched = await run.api<AppView>("PATCH", `/apps/${created.body.id}`, {
      name: "Payroll 2",
      scope: "assigned",
    });
    expect(patched.body).toMatchObject({
      name: "Payroll 2",
      scope: "assigned",
      clientId: created.body.clientId,
    });
    expect(JSON.stringify(patched.body)).not.toContain(secret);

    for (const file of ["apps.json", "signin-keys.json"])
      expect((await stat(join(run.dataDir, file))).mode & 0o777, file).toBe(0o600);

    expect((await run.api("DELETE", `/apps/${created.body.id}`)).status).toBe(204);
    expect((await run.api("GET", `/apps/${created.body.id}`)).status).toBe(404);
  });

  it("refuses an app that could not work, naming the fields", async () => {
    run = await start();
    const noRedirect = await run.api<{ details: unknown }>("POST", "/apps", { name: "x", protocol: "oidc" });
    expect(noRedirect.status).toBe(400);
    expect(noRedirect.body.details).toEqual([
      { path: "redirectUris", message: "an OIDC app needs at least one redirect URI" },
    ]);
    const saml = await run.api<{ details: Array<{ path: string }> }>("POST", "/apps", {
      name: "x",
      protocol: "saml",
    });
    expect(saml.body.details.map((d) => d.path)).toEqual(["acsUrl", "entityId"]);
    const bad = await run.api("POST", "/apps", {
      ...oidcApp,
      profile: "ping",
      assigned: { users: ["nobody"] },
    });
    expect(bad.status).toBe(400);
    const protocol = await run.api("POST", "/apps", oidcApp);
    const change = await run.api("PATCH", `/apps/${(protocol.body as AppView).id}`, { protocol: "saml" });
    expect(change.status).toBe(400);
  });

  it("logs a sign-in as its own kind of exchange, and no secret, code or token anywhere it is shown or kept", async () => {
    run = await start();
    const ann = (
      await run.api<User>("POST", "/users", {
        userName: "ann@example.com",
        givenName: "Ann",
        familyName: "Lee",
      })
    ).body;
    const created = (await run.api<AppView>("POST", "/apps", { ...oidcApp, backchannelLogoutUri: null }))
      .body;
    const result = await playOidcSignIn(
      oidcSettings(run.url, created),
      ann.userName,
      createHeadlessBrowser(),
    );
    if (!result.ok) throw new Error(result.description);
    const log = (await run.api<Exchange[]>("GET", "/log")).body;
    const signIns = log.filter((e) => e.kind === "sign-in");
    expect(signIns.map((e) => e.signIn?.outcome)).toEqual([
      "started",
      "signed-in",
      "code",
      "token",
      "userinfo",
    ]);
    const verdict = signIns.find((e) => e.signIn?.outcome === "signed-in");
    expect(verdict).toMatchObject({
      targetId: created.id,
      cause: { type: "sign-in", userId: ann.id },
      signIn: { userName: ann.userName, appName: "Payroll", profile: "okta" },
    });
    const token = signIns.find((e) => e.signIn?.outcome === "token");
    expect(token?.signIn?.claims).toMatchObject({ preferred_username: ann.userName, aud: created.clientId });
    expect(token?.request.headers.authorization).toBe("Basic [redacted]");

    await run.sim.log.flush();
    const names = (await readdir(run.dataDir)).filter((n) => n !== "apps.json" && n !== "signin-keys.json");
    const kept = await Promise.all(names.map((n) => readFile(join(run?.dataDir ?? "", n), "utf8")));
    const everywhere = [JSON.stringify(log), ...kept];
    const credentials = [
      created.clientSecret ?? "",
      result.accessToken,
      result.refreshToken ?? "",
      result.idTokenRaw ?? "",
    ];
    for (const secret of credentials) for (const text of everywhere) expect(text).not.toContain(secret);
    const code = new URL(
      String(signIns.find((e) => e.signIn?.outcome === "code")?.response?.headers.location),
    ).searchParams.get("code");
    expect(code).toBe("[redacted]");
  });
});

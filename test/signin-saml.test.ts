import { inflateRawSync } from "node:zlib";
import { SAML } from "@node-saml/node-saml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppView, User } from "../server/protocol";
import { autoPostForm, createHeadlessBrowser } from "../server/signin/browser";
import { type Running, start } from "./support/simulator";

let run: Running;
let certificate: string;
beforeAll(async () => {
  run = await start();
  const metadata = await (await fetch(`${run.url}/saml/metadata`)).text();
  certificate = /<ds:X509Certificate>([^<]+)</.exec(metadata)?.[1] ?? "";
});
afterAll(async () => {
  await run.stop(true);
});

const ACS = "http://sp.localhost:9/saml/acs";

async function user(userName: string, fields: Record<string, unknown> = {}): Promise<User> {
  const res = await run.api<User>("POST", "/users", {
    userName,
    givenName: "Grace",
    familyName: "Hopper",
    email: userName,
    ...fields,
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function samlApp(entityId: string, fields: Record<string, unknown> = {}): Promise<AppView> {
  const res = await run.api<AppView>("POST", "/apps", {
    name: "SAML SP",
    protocol: "saml",
    acsUrl: ACS,
    entityId,
    ...fields,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A node-saml service provider that insists on a signed response and a signed assertion. */
const sp = (entityId: string) =>
  new SAML({
    callbackUrl: ACS,
    entryPoint: `${run.url}/saml/sso`,
    issuer: entityId,
    audience: entityId,
    idpCert: certificate,
    idpIssuer: `${run.url}/saml/metadata`,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
  });

async function spInitiated(entityId: string, hint: string) {
  const url = await sp(entityId).getAuthorizeUrlAsync("relay-1", undefined, {});
  const stop = await createHeadlessBrowser().follow(`${url}&login_hint=${encodeURIComponent(hint)}`, (u) =>
    u.startsWith(ACS),
  );
  expect(stop.url).toBe(ACS);
  expect(stop.form?.RelayState).toBe("relay-1");
  return stop.form?.SAMLResponse ?? "";
}

describe("the SAML IdP", () => {
  it("publishes metadata with its signing certificate and SSO endpoints", async () => {
    const xml = await (await fetch(`${run.url}/saml/metadata`)).text();
    expect(xml).toContain(`entityID="${run.url}/saml/metadata"`);
    expect(xml).toContain(`Location="${run.url}/saml/sso"`);
    expect(xml).toContain("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    expect(certificate.length).toBeGreaterThan(500);
  });

  it("answers an SP-initiated sign-in with a signed response and assertion that node-saml accepts (Entra names)", async () => {
    const grace = await user("grace.saml@example.com");
    await samlApp("urn:test:sp:entra", { profile: "entra" });
    const response = await spInitiated("urn:test:sp:entra", grace.userName);
    const { profile } = await sp("urn:test:sp:entra").validatePostResponseAsync({ SAMLResponse: response });
    expect(profile?.nameID).toBe(grace.userName);
    expect(profile?.nameIDFormat).toBe("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    expect(profile?.["http://schemas.microsoft.com/identity/claims/objectidentifier"]).toBe(grace.id);
    expect(profile?.["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"]).toBe("Grace");
  });

  it("signs in IdP-initiated, with the NameID the app chose", async () => {
    const ken = await user("ken.saml@example.com", { email: "ken@corp.example" });
    const app = await samlApp("urn:test:sp:okta", { profile: "okta", nameId: "email" });
    const stop = await createHeadlessBrowser().follow(
      `${app.endpoints.idpInitiated}?login_hint=${encodeURIComponent(ken.userName)}`,
      (u) => u.startsWith(ACS),
    );
    const { profile } = await sp("urn:test:sp:okta").validatePostResponseAsync({
      SAMLResponse: stop.form?.SAMLResponse ?? "",
    });
    expect(profile?.nameID).toBe("ken@corp.example");
    expect(profile?.firstName).toBe("Grace");
  });

  it("refuses a disabled user with the IdP's error, which node-saml reports", async () => {
    const lin = await user("lin.saml@example.com");
    await run.api("PATCH", `/users/${lin.id}`, { active: false });
    await samlApp("urn:test:sp:refuse", { profile: "entra" });
    const response = await spInitiated("urn:test:sp:refuse", lin.userName);
    await expect(
      sp("urn:test:sp:refuse").validatePostResponseAsync({ SAMLResponse: response }),
    ).rejects.toThrow(/AADSTS50057/);
  });

  it("is not fooled into accepting a tampered assertion: node-saml rejects a changed NameID", async () => {
    const max = await user("max.saml@example.com");
    await samlApp("urn:test:sp:tamper", { profile: "rfc" });
    const response = await spInitiated("urn:test:sp:tamper", max.userName);
    const xml = Buffer.from(response, "base64").toString("utf8").replace(max.userName, "admin@example.com");
    await expect(
      sp("urn:test:sp:tamper").validatePostResponseAsync({
        SAMLResponse: Buffer.from(xml).toString("base64"),
      }),
    ).rejects.toThrow();
  });
});

describe("the SAML IdP's HTTP-POST binding", () => {
  it("takes an AuthnRequest posted by the SP and answers InResponseTo it", async () => {
    const ray = await user("ray.saml@example.com");
    await samlApp("urn:test:sp:post", { profile: "rfc" });
    const provider = new SAML({
      callbackUrl: ACS,
      entryPoint: `${run.url}/saml/sso`,
      issuer: "urn:test:sp:post",
      audience: "urn:test:sp:post",
      idpCert: certificate,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      authnRequestBinding: "HTTP-POST",
    });
    const form = await provider.getAuthorizeFormAsync("relay-post", undefined, {});
    const request = /name="SAMLRequest" value="([^"]+)"/.exec(form)?.[1] ?? "";
    expect(request).not.toBe("");
    const res = await fetch(`${run.url}/saml/sso?login_hint=${encodeURIComponent(ray.userName)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://sp.localhost:9" },
      body: new URLSearchParams({ SAMLRequest: request, RelayState: "relay-post" }).toString(),
    });
    expect(res.status).toBe(200);
    const posted = autoPostForm(await res.text());
    expect(posted?.action).toBe(ACS);
    const xml = Buffer.from(posted?.fields.SAMLResponse ?? "", "base64").toString("utf8");
    // node-saml deflates the request even for the POST binding; the IdP reads it either way.
    const id = inflateRawSync(Buffer.from(request, "base64"))
      .toString("utf8")
      .match(/ID="([^"]+)"/)?.[1];
    expect(id).toMatch(/^_/);
    expect(xml).toContain(`InResponseTo="${id}"`);
    const { profile } = await provider.validatePostResponseAsync({
      SAMLResponse: posted?.fields.SAMLResponse ?? "",
    });
    expect(profile?.nameID).toBe(ray.userName);
    expect(profile?.["urn:oid:2.5.4.42"]).toBe("Grace");
  });
});

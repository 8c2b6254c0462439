import { afterEach, describe, expect, it } from "vitest";
import type { AppView } from "../server/protocol";
import { createSimulator, type Simulator } from "../server/simulator";
import { tempDataDir } from "./support/simulator";

// The IdP's place in the perimeter: its protocol endpoints answer apps on other hosts, its sign-in pages stay
// behind the access token once SCIMulator is reachable from the network, and foreign sites may POST only where
// SAML's binding needs it.

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function listening(host: "127.0.0.1" | "0.0.0.0") {
  sim = await createSimulator({ dataDir: await tempDataDir(), seed: false, uiDir: null });
  const bound = await sim.listen(0, host);
  return `http://127.0.0.1:${new URL(bound).port}`;
}

describe("the IdP behind the perimeter", () => {
  it("bound beyond loopback: discovery, keys and metadata are open; sign-in pages need the access token", async () => {
    const url = await listening("0.0.0.0");
    expect((await fetch(`${url}/oidc/.well-known/openid-configuration`)).status).toBe(200);
    expect((await fetch(`${url}/oidc/jwks`)).status).toBe(200);
    expect((await fetch(`${url}/saml/metadata`)).status).toBe(200);
    // Nobody on the network signs in as a directory user without the token.
    expect((await fetch(`${url}/oidc/interaction/anything`, { redirect: "manual" })).status).toBe(401);
    expect((await fetch(`${url}/saml/sso?SAMLRequest=x`)).status).toBe(401);
    expect((await fetch(`${url}/demo-app`)).status).toBe(401);
    const token = sim?.accessToken ?? "";
    const withToken = await fetch(`${url}/saml/sso?SAMLRequest=x`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withToken.status).toBe(400);
  });

  it("takes SAML's cross-site POST binding, and a token request with a foreign Origin, but not a foreign POST to the picker", async () => {
    const url = await listening("127.0.0.1");
    const form = { "content-type": "application/x-www-form-urlencoded", origin: "https://sp.example" };
    const sso = await fetch(`${url}/saml/sso`, {
      method: "POST",
      headers: form,
      body: "SAMLRequest=bm90IHhtbA==",
    });
    expect(sso.status).toBe(400);
    expect(await sso.text()).toContain("SAMLRequest could not be read");
    const token = await fetch(`${url}/oidc/token`, { method: "POST", headers: form, body: "grant_type=x" });
    expect(token.status).not.toBe(403);
    const choose = await fetch(`${url}/oidc/interaction/x/choose`, {
      method: "POST",
      headers: form,
      body: "userId=x",
    });
    expect(choose.status).toBe(403);
    const app = await fetch(`${url}/api/apps`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ name: "x", protocol: "oidc", redirectUris: ["http://localhost/cb"] }),
    });
    expect(app.status).toBe(403);
    expect(((await (await fetch(`${url}/api/apps`)).json()) as AppView[]).length).toBe(0);
  });
});

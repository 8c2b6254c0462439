import type { App } from "../../server/protocol";

/** Where the tests' OIDC apps say they live: nothing listens there, since the headless player reads the code. */
export const TEST_REDIRECT = "http://localhost:9/callback";

/** What a relying party knows of an app registered at the server on `url`: the player's settings. */
export const oidcSettings = (url: string, app: Pick<App, "clientId" | "clientSecret">) => ({
  issuer: `${url}/oidc`,
  clientId: app.clientId,
  clientSecret: app.clientSecret ?? "",
  redirectUri: TEST_REDIRECT,
});

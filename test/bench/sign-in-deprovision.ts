// Deactivation to refused sign-in: how long after the directory deactivates a signed-in user does the IdP stop
// letting them in, revoke their refresh token, and tell the app over the back channel. Run it by hand:
//   npx tsx test/bench/sign-in-deprovision.ts        (BENCH_ROUNDS=50, BENCH_JSON=bench-results/sign-in.json)
// Beside it, the figure it is read against: deactivation to the SCIM deprovision answered by the embedded org.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createHeadlessBrowser } from "../../server/signin/browser";
import { playOidcSignIn, refreshWorks } from "../../server/signin/oidc-player";
import { createSimulator } from "../../server/simulator";
import { percentile } from "./server-process";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const RESULTS = process.env.BENCH_JSON ?? "bench-results/sign-in.json";

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "scimulator-bench-signin-"));
  const sim = await createSimulator({ dataDir, seed: false, uiDir: null });
  await sim.listen(0, "127.0.0.1");
  // The app's back-channel logout endpoint: it notes when each logout token arrives.
  const arrived: number[] = [];
  const rp = createServer((req, res) => {
    arrived.push(performance.now());
    req.resume();
    res.statusCode = 200;
    res.end();
  });
  await new Promise<void>((resolve) => rp.listen(0, "127.0.0.1", resolve));
  const rpUrl = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`;
  const app = await sim.signin.apps.create({
    name: "Bench app",
    protocol: "oidc",
    profile: "entra",
    redirectUris: [`${rpUrl}/callback`],
    backchannelLogoutUri: `${rpUrl}/logout`,
  });
  const settings = {
    issuer: sim.signin.issuer(),
    clientId: app.clientId,
    clientSecret: app.clientSecret ?? "",
    redirectUri: `${rpUrl}/callback`,
  };
  // The SCIM side of the same deactivation, through an on-edit target on the embedded org, Entra's dialect.
  await sim.targets.create(
    {
      name: "Embedded org",
      baseUrl: sim.orgUrl(),
      auth: { type: "bearer", token: sim.org.token },
      profile: "entra",
      mode: "on-edit",
    },
    true,
  );
  const deprovisionedAt = new Map<string, number>();
  sim.log.on(({ exchange }) => {
    if (exchange.cause.type === "user.deactivated" && exchange.response && exchange.cause.userId)
      deprovisionedAt.set(exchange.cause.userId, performance.now());
  });
  const deprovisioned: number[] = [];
  const refused: number[] = [];
  const revoked: number[] = [];
  const loggedOut: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const user = await sim.directory.createUser({
      userName: `bench.${round}@example.com`,
      givenName: "Bench",
      familyName: `User ${round}`,
    });
    await sim.idle();
    const signedIn = await playOidcSignIn(settings, user.userName, createHeadlessBrowser());
    if (!signedIn.ok || !signedIn.refreshToken)
      throw new Error(`round ${round}: ${JSON.stringify(signedIn)}`);
    const logoutsBefore = arrived.length;
    const at = performance.now();
    await sim.directory.updateUser(user.id, { active: false });
    for (;;) {
      const again = await playOidcSignIn(settings, user.userName, createHeadlessBrowser());
      if (!again.ok) break;
    }
    refused.push(performance.now() - at);
    for (;;) if (!(await refreshWorks(settings, signedIn.refreshToken)).ok) break;
    revoked.push(performance.now() - at);
    while (arrived.length === logoutsBefore) await new Promise((r) => setTimeout(r, 1));
    loggedOut.push((arrived.at(-1) ?? at) - at);
    while (!deprovisionedAt.has(user.id)) await new Promise((r) => setTimeout(r, 1));
    deprovisioned.push((deprovisionedAt.get(user.id) ?? at) - at);
  }
  const row = (name: string, values: number[]) =>
    `${name.padEnd(34)} p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(values, 95).toFixed(1).padStart(7)} ms   max ${Math.max(
      ...values,
    )
      .toFixed(1)
      .padStart(7)} ms`;
  console.log(`\nDeactivation to… (${ROUNDS} rounds, Entra dialect, one signed-in session each)`);
  console.log(row("SCIM deprovision answered (baseline)", deprovisioned));
  console.log(row("the next sign-in refused", refused));
  console.log(row("the refresh token refused", revoked));
  console.log(row("the app's back-channel logout", loggedOut));
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(
    RESULTS,
    JSON.stringify({ rounds: ROUNDS, deprovisioned, refused, revoked, loggedOut }, null, 2),
  );
  console.log(`results: ${RESULTS}`);
  await sim.close();
  rp.close();
  await rm(dataDir, { recursive: true, force: true });
}

await main();

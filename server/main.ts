import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { CHECK_USAGE, checkCommand } from "./check-command";
import { configFromArgs, UsageError, version } from "./config";
import { exportCommand } from "./export/command";
import { collectWhenQuiet } from "./heap";
import { RUN_HELP } from "./run-args";
import { runCommand } from "./run-command";
import { createSimulator } from "./simulator";
import { DataDirInUseError } from "./store/data-lock";
import { DataFileError } from "./store/json-file";

const START_HELP = `Usage:
  scimulator start [--port N] [--host H] [--allowed-hosts LIST] [--data DIR] [--time-scale X] [--no-seed]

Serves the UI, the control API and the embedded target org.
  Defaults: port 4000 (or $PORT), host 127.0.0.1 (or $HOST), data ./data (or $DATA_DIR),
  time scale 1 (or $TIME_SCALE; 60 runs a 40-minute cycle in 40 seconds).
  --allowed-hosts a.example,.b.example (or $ALLOWED_HOSTS): host names, besides localhost and IP
  addresses, that requests may use (a leading dot allows subdomains; "all" allows any).
  Beyond loopback (--host 0.0.0.0) everything but the embedded org needs the printed access token.

Exit codes: 0 after a clean stop; 1 when it cannot start (port in use, a damaged data file); 2 on a usage error.
`;

const HELP = `scimulator ${version}: a local mock identity provider that speaks SCIM 2.0

Commands:
  scimulator start ...   serve the UI, the control API and the embedded org (the default command)
  scimulator run ...     run scenario files against the embedded org or your SCIM server
  scimulator check ...   grade a SCIM server for each IdP: works with Okta, Entra, OneLogin?
  scimulator export ...  write an Artillery load test that replays a scenario as a dialect sends it
  scimulator help [COMMAND]

Each command takes --help.

${START_HELP}
${RUN_HELP}
Usage:
${CHECK_USAGE}`;

const COMMAND_HELP: Record<string, string> = {
  start: START_HELP,
  run: RUN_HELP,
  check: `Usage:\n${CHECK_USAGE}`,
};
const wantsHelp = (args: string[]) => args.includes("--help") || args.includes("-h");

/** An address other machines can use: the bound one, or for a wildcard bind the first external IPv4 address. */
function networkName(host: string): string {
  if (host !== "0.0.0.0" && host !== "::") return host.includes(":") ? `[${host}]` : host;
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal);
  return external?.address ?? "127.0.0.1";
}

async function start(args: string[]): Promise<void> {
  const config = configFromArgs(args, process.env);
  const sim = await createSimulator(config);
  const url = await sim.listen();
  // Reading a large directory and its links leaves as much garbage as a large cycle: handed back when quiet.
  collectWhenQuiet();
  const org = sim.orgUrl();
  console.log(`SCIMulator ${version} on ${url}`);
  console.log(`  UI and control API   ${url}/  (API under /api, live traffic on /ws)`);
  console.log(`  embedded target org  ${org}`);
  console.log(`  sign-in (test IdP)   ${url}/oidc (OIDC), ${url}/saml/metadata (SAML)`);
  console.log(`  demo app             ${url}/demo-app  (sign in as a directory user)`);
  console.log(`  target org token     ${sim.org.token}`);
  console.log(`  data                 ${config.dataDir}`);
  if (config.timeScale !== 1)
    console.log(`  time scale           ${config.timeScale}× (simulated time runs faster)`);
  if (sim.accessToken) {
    const { port } = new URL(url);
    const signIn = `http://${networkName(config.host)}:${port}/?token=${sim.accessToken}`;
    console.warn(`
  warning: listening on ${config.host}, so the control API, the UI and /ws are exposed to the network.
  They are protected by an access token. Sign in from a browser with
    ${signIn}
  and from scripts send "Authorization: Bearer ${sim.accessToken}". The token is kept in
  ${join(config.dataDir, "access-token")} (0600); delete that file to make a new one at the next start.
  The embedded org keeps its own token above. Hosts other than IP addresses and ${config.host} are refused
  unless named with --allowed-hosts.`);
  }
  const stop = async () => {
    console.log("stopping…");
    await sim.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function main(argv: string[]): Promise<void> {
  // A bare `scimulator` (or one with only start's flags) starts the server, as `npm start` does.
  const first = argv[0] ?? "--";
  const startsServer = first.startsWith("--") && first !== "--help" && first !== "--version";
  const [command, ...rest] = startsServer ? ["start", ...argv] : argv;
  switch (command) {
    case "start":
      if (wantsHelp(rest)) {
        process.stdout.write(START_HELP);
        return;
      }
      return start(rest);
    case "run":
      process.exitCode = await runCommand(rest);
      return;
    case "check":
      process.exitCode = await checkCommand(rest);
      return;
    case "export":
      process.exitCode = await exportCommand(rest);
      return;
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(COMMAND_HELP[rest[0] ?? ""] ?? HELP);
      return;
    case "--version":
      console.log(version);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`scimulator: ${err.message}\n\n${HELP}`);
    process.exit(2);
  }
  if (err instanceof DataFileError || err instanceof DataDirInUseError) {
    console.error(`scimulator: cannot start: ${err.message}`);
    process.exit(1);
  }
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") {
    console.error(`scimulator: cannot start: the port is already in use; pick another with --port or PORT`);
    process.exit(1);
  }
  console.error(`scimulator: ${e.message ?? String(err)}`);
  process.exit(1);
});

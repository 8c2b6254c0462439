import { writeFile } from "node:fs/promises";
import { exitCodeOf } from "./check/grading";
import { toCheckHtml } from "./check/report-html";
import { toCheckJUnit } from "./check/report-junit";
import { cardTable, checkLines } from "./check/report-text";
import { runCheck } from "./check/runner";
import { CREDENTIAL_OPTIONS, credentialsOf, readArgs, UsageError } from "./cli-args";
import { version } from "./config";
import { CHECK_PROFILES, type CheckProfile, type CheckReport, IDP_NAMES, type TargetAuth } from "./protocol";
import { createScratchSimulator } from "./simulator";
import { maskUrl } from "./targets/mask";

export const CHECK_USAGE = `  scimulator check <SCIM base URL> CREDENTIALS [--profile P[,P…]]... [--rate N]
                   [--junit FILE] [--json FILE] [--report FILE.html]
      Checks a SCIM server the way each IdP uses it (its whole lifecycle, then its validators' tests) and
      grades it per IdP: works with Okta: yes, with caveats or no.
      CREDENTIALS: --token T (bearer), --basic user:password, --header "Name: value", or --no-auth for a
      server that takes none (the check refuses to run without credentials otherwise).
      --profile: okta, okta-aiw, entra, entra-scim062020, onelogin or all (the default); repeat it or
      separate with commas.  --rate: at most N requests a second (default 10).
      It creates only test users and groups named scimulator-check-<random>-… and removes them at the end.
      Exit status: 0 every IdP grades yes or with caveats; 1 an IdP grades no; 2 a usage error;
      3 the server cannot be reached, or refuses the credentials.
`;

export interface CheckOptions {
  baseUrl: string;
  auth: TargetAuth;
  profiles: CheckProfile[];
  rate: number;
  junit?: string;
  json?: string;
  report?: string;
}

const DEFAULT_RATE = 10;

function profilesOf(values: string[] | undefined): CheckProfile[] {
  const named = (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  if (named.length === 0 || named.includes("all")) return [...CHECK_PROFILES];
  for (const name of named)
    if (!(CHECK_PROFILES as readonly string[]).includes(name))
      throw new UsageError(`--profile ${name}: must be one of ${CHECK_PROFILES.join(", ")} or all`);
  return CHECK_PROFILES.filter((p) => named.includes(p));
}

function baseUrlOf(positionals: string[]): string {
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? "name the SCIM base URL to check, e.g. scimulator check https://app.example.com/scim/v2 --token T"
        : `name one SCIM base URL, not ${positionals.length}`,
    );
  const given = positionals[0] ?? "";
  const url = URL.canParse(given) ? new URL(given) : null;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw new UsageError(`"${given}" is not an http(s) URL such as https://app.example.com/scim/v2`);
  if (url.username || url.password)
    throw new UsageError("put credentials in --basic user:password, not in the URL");
  return given.replace(/\/+$/, "");
}

export function parseCheckArgs(args: string[]): CheckOptions {
  const { values, positionals } = readArgs(
    args,
    {
      ...CREDENTIAL_OPTIONS,
      "no-auth": { type: "boolean" },
      profile: { type: "string", multiple: true },
      rate: { type: "string" },
      junit: { type: "string" },
      json: { type: "string" },
      report: { type: "string" },
    },
    true,
  );
  const baseUrl = baseUrlOf(positionals);
  const given = [values.token, values.basic, values.header].filter((v) => v !== undefined).length;
  if (given > 1) throw new UsageError("give one credential: --token, --basic or --header");
  if (given > 0 && values["no-auth"]) throw new UsageError("--no-auth and a credential do not go together");
  const auth = values["no-auth"] ? ({ type: "none" } as const) : credentialsOf(values);
  if (!auth)
    throw new UsageError(
      'the check needs credentials: --token T, --basic user:password or --header "Name: value" (or --no-auth for a server that takes none)',
    );
  const rate = values.rate === undefined ? DEFAULT_RATE : Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1000)
    throw new UsageError(
      `--rate must be a number of requests a second above 0 and at most 1000, got "${values.rate}"`,
    );
  return {
    baseUrl,
    auth,
    profiles: profilesOf(values.profile),
    rate,
    junit: values.junit,
    json: values.json,
    report: values.report,
  };
}

async function writeReports(options: CheckOptions, report: CheckReport): Promise<void> {
  const files: Array<[string | undefined, string, () => string]> = [
    [options.junit, "JUnit", () => toCheckJUnit(report)],
    [options.json, "JSON", () => `${JSON.stringify(report, null, 2)}\n`],
    [options.report, "HTML", () => toCheckHtml(report)],
  ];
  for (const [path, kind, render] of files) {
    if (!path) continue;
    await writeFile(path, render());
    console.log(`  wrote the ${kind} report to ${path}`);
  }
}

/**
 * `scimulator check`: a temporary in-process SCIMulator, pointed at the server as each IdP in turn, runs the
 * checks at the rate given, prints each verdict as it comes and the report card at the end.
 */
export async function checkCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`Usage:\n${CHECK_USAGE}`);
    return 0;
  }
  const options = parseCheckArgs(args);
  const scratch = await createScratchSimulator({ requestsPerSecond: options.rate });
  let report: CheckReport;
  try {
    console.log(
      `SCIMulator check of ${maskUrl(options.baseUrl)} as ${options.profiles.join(", ")}, at most ${options.rate} requests a second`,
    );
    report = await runCheck({
      host: scratch.host,
      baseUrl: options.baseUrl,
      auth: options.auth,
      profiles: options.profiles,
      requestsPerSecond: options.rate,
      version,
      hooks: {
        onDialect: (profile) => console.log(`\n▶ ${IDP_NAMES[profile]} (${profile})`),
        onCheck: (_profile, result) => {
          for (const line of checkLines(result)) console.log(line);
        },
      },
    });
  } finally {
    await scratch.close();
  }
  console.log("");
  for (const line of cardTable(report)) console.log(line);
  await writeReports(options, report);
  return exitCodeOf(report.outcome);
}

import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CREDENTIAL_OPTIONS, credentialsOf, readArgs, UsageError } from "./cli-args";
import { PROFILES, type Profile, type TargetAuth } from "./protocol";

export const RUN_HELP = `Usage:
  scimulator run <file|folder|glob>... [--target URL CREDENTIALS | --embedded] [--profile P]
                 [--junit FILE] [--har FILE] [--report FILE.html] [--var NAME=VALUE]...
                 [--lenient] [--keep] [--adopt]

Runs scenario files, each in a fresh temporary in-process SCIMulator, against its embedded org or against
the SCIM server at --target.

  --target URL        an external SCIM base URL, e.g. https://app.example.com/scim/v2
  CREDENTIALS         --token T (bearer), --basic user:password or --header "Name: value"
  --embedded          the embedded org (the default; undoes an earlier --target)
  --profile P         the dialect for scenarios that do not fix their own:
                      ${PROFILES.join(", ")}
  --junit FILE        JUnit XML, one test case per step, named as the file writes the step
  --har FILE          HAR 1.2 of all traffic, credentials redacted
  --report FILE.html  one self-contained HTML report
  --var NAME=VALUE    replaces a variable the files declare (08-bulk-onboarding: --var users=200)
  --lenient           the --target accepts IdP quirks RFC 7643 forbids (Entra's "False" strings), so
                      scenarios that declare \`requires: lenient\` run instead of being skipped
  --keep              leave what each run created on the --target (by default it is removed at the end:
                      DELETE, or deactivation where DELETE is refused)
  --adopt             run even when a scenario's userName already exists on the --target

Exit codes:
  0  every scenario passed or was skipped
  1  a scenario failed, or the --target failed its connection test
  2  a usage error or a problem in a scenario file (nothing was run)
`;

export interface RunOptions {
  inputs: string[];
  target?: string;
  auth?: TargetAuth;
  profile?: Profile;
  junit?: string;
  har?: string;
  report?: string;
  /** `--var name=value`: replaces a variable the scenario files declare. */
  vars: Record<string, string>;
  /** `--lenient`: the external target accepts the IdPs' quirks. */
  lenient: boolean;
  /** `--keep`: leave what a run created on the external target. */
  keep: boolean;
  /** `--adopt`: run even when a userName the run creates already exists on the target. */
  adopt: boolean;
  /** `--help`: print the usage and run nothing. */
  help: boolean;
}

export function parseRunArgs(args: string[]): RunOptions {
  const { values, positionals } = readArgs(
    args,
    {
      target: { type: "string" },
      ...CREDENTIAL_OPTIONS,
      embedded: { type: "boolean" },
      profile: { type: "string" },
      junit: { type: "string" },
      har: { type: "string" },
      report: { type: "string" },
      var: { type: "string", multiple: true },
      lenient: { type: "boolean" },
      keep: { type: "boolean" },
      adopt: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  const options: RunOptions = {
    inputs: positionals,
    vars: {},
    lenient: values.lenient ?? false,
    keep: values.keep ?? false,
    adopt: values.adopt ?? false,
    help: values.help ?? false,
  };
  if (options.help) return options;
  // --embedded undoes an earlier --target, so whichever comes last wins.
  const lastTarget = Math.max(
    args.lastIndexOf("--target"),
    ...args.map((a, i) => (a.startsWith("--target=") ? i : -1)),
  );
  const embedded = Math.max(args.lastIndexOf("--embedded"), -1);
  if (values.target !== undefined && lastTarget > embedded)
    options.target = values.target.replace(/\/+$/, "");
  const auth = credentialsOf(values);
  if (auth) options.auth = auth;
  if (values.profile !== undefined) {
    if (!(PROFILES as readonly string[]).includes(values.profile))
      throw new UsageError(`--profile must be one of ${PROFILES.join(", ")}`);
    options.profile = values.profile as Profile;
  }
  options.junit = values.junit;
  options.har = values.har;
  options.report = values.report;
  for (const v of values.var ?? []) {
    const eq = v.indexOf("=");
    if (eq < 1) throw new UsageError("--var takes name=value, e.g. --var users=200");
    options.vars[v.slice(0, eq)] = v.slice(eq + 1);
  }
  if (options.inputs.length === 0) throw new UsageError("name at least one scenario file, folder or glob");
  if (options.target && !options.auth)
    throw new UsageError(
      '--target needs credentials: --token T (bearer), --basic user:password or --header "Name: value"',
    );
  if (options.target && !/^https?:\/\//.test(options.target))
    throw new UsageError("--target must be an http(s) URL");
  return options;
}

/** Files, folders (their .yaml/.yml files) and simple globs (`*` in the file name). */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    if (input.includes("*")) {
      const dir = dirname(input);
      const pattern = new RegExp(
        `^${basename(input)
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")}$`,
      );
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => pattern.test(n)).sort();
      if (names.length === 0) throw new UsageError(`no scenario file matches ${input}`);
      files.push(...names.map((n) => join(dir, n)));
      continue;
    }
    const info = await stat(input).catch(() => null);
    if (!info) throw new UsageError(`no such file or folder: ${input}`);
    if (info.isDirectory()) {
      const names = (await readdir(input)).filter((n) => /\.ya?ml$/.test(n)).sort();
      files.push(...names.map((n) => join(input, n)));
    } else files.push(input);
  }
  return files;
}

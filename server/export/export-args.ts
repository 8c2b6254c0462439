import { readArgs, UsageError } from "../cli-args";
import { PROFILES, type Profile } from "../protocol";

export const EXPORT_HELP = `Usage:
  scimulator export artillery <scenario.yaml> [--profile P] [--users N] [--rate R] [--out FILE]
                   [--target URL]

Writes an Artillery 2 load-test script that replays the scenario's user lifecycle (create, update,
deactivate, reactivate, delete) exactly as the dialect sends it: the same probes, methods, paths, query
encoding, headers and bodies. Each virtual user is one directory user of its own, with a unique userName;
the id its create returns is captured and used in the requests that follow. Nothing is sent while exporting,
and Artillery is not needed until the script runs.

  --profile P    the dialect: ${PROFILES.join(", ")}
                 (default: the scenario's own, else rfc)
  --users N      virtual users in all (default 100)
  --rate R       new virtual users per second (default 10); the load lasts ceil(N/R) seconds
  --out FILE     where to write the script (default scim-load.yml)
  --target URL   the SCIM base URL to write into the script; without it the script reads
                 $SCIM_BASE_URL when it runs

The script holds no credential: it sends "Authorization: Bearer $SCIM_TOKEN", read when it runs.
  SCIM_TOKEN=… SCIM_BASE_URL=https://app.example.com/scim/v2 npx artillery run scim-load.yml

Exit codes: 0 when the script was written; 1 when it could not be written; 2 on a usage error or a
problem in the scenario file.
`;

export interface ExportOptions {
  format: "artillery";
  scenario: string;
  profile?: Profile;
  users: number;
  rate: number;
  out: string;
  target?: string;
}

/** A whole number of at least 1, or a usage error that names the flag. */
function count(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${flag} takes a whole number of at least 1, got "${value}"`);
  return Number(value);
}

/** The export command line; null when it asks for the usage. */
export function parseExportArgs(args: string[]): ExportOptions | null {
  const { values, positionals } = readArgs(
    args,
    {
      profile: { type: "string" },
      users: { type: "string" },
      rate: { type: "string" },
      out: { type: "string", short: "o" },
      target: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) return null;
  const [format, scenario, ...extra] = positionals;
  if (format === undefined)
    throw new UsageError("name a format and a scenario: export artillery <scenario.yaml>");
  if (format !== "artillery")
    throw new UsageError(`unknown export format "${format}"; the one format is artillery`);
  if (scenario === undefined) throw new UsageError("name the scenario file to export");
  if (extra.length > 0) throw new UsageError(`export takes one scenario file, got also ${extra.join(" ")}`);
  if (values.profile !== undefined && !(PROFILES as readonly string[]).includes(values.profile))
    throw new UsageError(`--profile must be one of ${PROFILES.join(", ")}, got "${values.profile}"`);
  const target = values.target?.replace(/\/+$/, "");
  if (target !== undefined && !/^https?:\/\/[^/]/.test(target))
    throw new UsageError(`--target must be an http(s) URL, got "${values.target}"`);
  return {
    format,
    scenario,
    ...(values.profile === undefined ? {} : { profile: values.profile as Profile }),
    users: count("--users", values.users, 100),
    rate: count("--rate", values.rate, 10),
    out: values.out ?? "scim-load.yml",
    ...(target === undefined ? {} : { target }),
  };
}

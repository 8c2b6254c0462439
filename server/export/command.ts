import { UsageError } from "../cli-args";
import { EXPORT_HELP, type ExportOptions, parseExportArgs } from "./export-args";
import {
  ExportError,
  type ExportSummary,
  exportArtillery,
  localRun,
  runVariables,
  shown,
  WriteError,
} from "./export-artillery";

function report(summary: ExportSummary, options: ExportOptions): void {
  const seconds = Math.ceil(options.users / options.rate);
  console.log(`wrote ${summary.out}`);
  console.log(
    `  "${summary.scenario}" as ${summary.profile}: ${options.users} virtual users, ${options.rate} a second for ${seconds} s, ${summary.requests} requests each`,
  );
  for (const label of summary.replayed) console.log(`  replays  ${label}`);
  // Expectations, groups, faults and the clock have no request of a user's own to replay.
  for (const label of summary.skipped) console.log(`  leaves   ${label}`);
  console.log(`\nRun it from this machine:\n  ${localRun(options)}`);
  console.log(
    `Or from many, with Artillery's distributed runners on AWS (your AWS credentials; ${runVariables(options).join(" and ")} in a dotenv file, which every worker gets):`,
  );
  for (const runner of ["run-fargate", "run-lambda"])
    console.log(
      `  npx artillery ${runner} --region us-east-1 --count 10 --dotenv scim.env ${shown(options.out)}`,
    );
}

/** `scimulator export`: 0 when the script was written, 1 when it could not be, 2 on a usage or scenario error. */
export async function exportCommand(args: string[]): Promise<number> {
  try {
    const options = parseExportArgs(args);
    if (!options) {
      process.stdout.write(EXPORT_HELP);
      return 0;
    }
    report(await exportArtillery(options), options);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`scimulator export: ${err.message}\n\n${EXPORT_HELP}`);
      return 2;
    }
    if (err instanceof ExportError || err instanceof WriteError) {
      console.error(`scimulator export: ${err.message}`);
      return err instanceof WriteError ? 1 : 2;
    }
    throw err;
  }
}

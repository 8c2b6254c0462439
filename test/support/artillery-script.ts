import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { parseExportArgs } from "../../server/export/export-args";
import { exportArtillery } from "../../server/export/export-artillery";

// `scimulator export artillery` run in this process, and the script it writes read back.

export const SCENARIO = "scenarios/01-joiner-mover-leaver.yaml";

export interface FlowRequest {
  url: string;
  headers: Record<string, string>;
  body?: string;
  gzip?: boolean;
  capture?: { json: string; as: string };
}
export interface Script {
  config: { target: string; phases: Array<Record<string, number | string>> };
  scenarios: Array<{ name: string; flow: Array<Record<string, FlowRequest>> }>;
}

/** The first scenario's flow, one request a step, with its method upper-cased. */
export const requestsOf = (script: Script) =>
  (script.scenarios[0]?.flow ?? []).flatMap((step) =>
    Object.entries(step).map(([method, request]) => ({ method: method.toUpperCase(), ...request })),
  );

export const scriptFile = async () =>
  join(await mkdtemp(join(tmpdir(), "scimulator-artillery-")), "scim-load.yml");

/** The exporter in this process, with the command line's own parsing. */
export async function exportScript(args: string[], scenario = SCENARIO) {
  const file = await scriptFile();
  const options = parseExportArgs(["artillery", scenario, "--out", file, ...args]);
  if (!options) throw new Error("no options");
  const summary = await exportArtillery(options);
  return { file, summary, script: parse(await readFile(file, "utf8")) as Script };
}

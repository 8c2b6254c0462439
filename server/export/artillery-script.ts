import { Document, isMap, isSeq } from "yaml";
import type { Profile } from "../protocol";
import { renderRandom } from "../provisioning/dry-run";
import { RUN_MARKER } from "./lifecycle";
import { type ReplayRequest, type ReplayStep, remoteIdStandIn } from "./render-lifecycle";

/** Where the script takes what differs between runs and must never be written into it. */
export const TOKEN_VARIABLE = "SCIM_TOKEN";
export const BASE_URL_VARIABLE = "SCIM_BASE_URL";

export interface ScriptOptions {
  scenario: string;
  profile: Profile;
  /** The scenario's user handles, in the order they are created. */
  handles: string[];
  users: number;
  rate: number;
  /** A fixed base URL; without it the script reads SCIM_BASE_URL when it runs. */
  target?: string;
  /** The lines at the top of the file. */
  comment: string;
}

/** The Artillery variable that holds a user's id on the target once its create has been answered. */
export const idVariable = (handles: string[], handle: string) =>
  handles.length === 1 ? "userId" : `userId_${handle.replace(/\W/g, "_")}`;

/**
 * The load: `rate` new virtual users a second until `users` have arrived. A remainder that does not fill a whole
 * second arrives in one more, so the total is exact.
 */
export function phasesFor(users: number, rate: number): Array<Record<string, string | number>> {
  const seconds = Math.floor(users / rate);
  const rest = users - seconds * rate;
  const phases: Array<Record<string, string | number>> = [];
  if (seconds > 0)
    phases.push({ name: `${seconds * rate} users at ${rate}/s`, duration: seconds, arrivalRate: rate });
  if (rest > 0) phases.push({ name: `the last ${rest}`, duration: 1, arrivalCount: rest });
  return phases;
}

/**
 * The stand-ins the renderer wrote, each with the Artillery expression that takes its place: the virtual user's
 * own value for `${run}`, the id captured from the target, a random password per create (as Okta sends one; the
 * fixed start meets the usual upper, lower, digit and symbol rules).
 */
function substitutions(handles: string[]): Array<[string, string]> {
  return [
    [RUN_MARKER, "{{ $uuid }}"],
    [renderRandom.password(), "Aa1!{{ $randomString(20) }}"],
    ...handles.map((h, i): [string, string] => [remoteIdStandIn(i + 1), `{{ ${idVariable(handles, h)} }}`]),
  ];
}

/**
 * One request as an Artillery flow step. Host and Content-Length are the HTTP client's to write (from the target
 * and the body); every other header is the dialect's own. The body goes as the exact JSON text SCIMulator sends:
 * Artillery's `json:` would re-read keys such as the enterprise extension's "…:2.0:User" as paths.
 */
function flowStep(request: ReplayRequest, handles: string[]): Record<string, unknown> {
  const swap = (text: string) =>
    substitutions(handles).reduce((t, [from, to]) => t.split(from).join(to), text);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === "host" || name === "content-length") continue;
    headers[name] = name === "authorization" ? `Bearer {{ $env.${TOKEN_VARIABLE} }}` : swap(value);
  }
  const step: Record<string, unknown> = { url: swap(request.path), headers };
  if (request.body !== null && request.body !== undefined) step.body = swap(JSON.stringify(request.body));
  // Without this Artillery's client asks for compressed answers, a header the dialect never sends.
  if (!("accept-encoding" in headers)) step.gzip = false;
  if (request.reveals)
    step.capture = { json: request.reveals.json, as: idVariable(handles, request.reveals.handle) };
  return { [request.method.toLowerCase()]: step };
}

/** The script as YAML, each step's first request headed by the scenario step it replays. */
export function artilleryScript(steps: ReplayStep[], options: ScriptOptions): string {
  const flow = steps.flatMap((s) => s.requests.map((r) => flowStep(r, options.handles)));
  const script = {
    config: {
      target: options.target ?? `{{ $env.${BASE_URL_VARIABLE} }}`,
      phases: phasesFor(options.users, options.rate),
    },
    scenarios: [{ name: `${options.scenario} (${options.profile})`, flow }],
  };
  // YAML 1.1 rules, as Artillery's parser reads them: values such as "False", "on" or "12:30" stay strings.
  const doc = new Document(script, { version: "1.1" });
  doc.commentBefore = options.comment;
  const items = doc.getIn(["scenarios", 0, "flow"], true);
  if (isSeq(items)) {
    let at = 0;
    for (const step of steps) {
      const item = items.items[at];
      if (isMap(item)) item.commentBefore = ` ${step.label}`;
      at += step.requests.length;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

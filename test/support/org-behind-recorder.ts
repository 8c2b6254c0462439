import { afterEach } from "vitest";
import { type Recorded, startRecordingTarget } from "./recording-target";
import { type Running, start } from "./simulator";

export type Recorder = Awaited<ReturnType<typeof startRecordingTarget>>;

/** The embedded org behind a recorder, so a test sees every request exactly as it arrived on the wire. */
export async function startOrgBehindRecorder(): Promise<{ run: Running; proxy: Recorder }> {
  const run = await start();
  const org = run.sim.orgUrl();
  const proxy = await startRecordingTarget(async (req: Recorded) => {
    const res = await fetch(`${org}${req.rawUrl.replace(/^\/scim/, "")}`, {
      method: req.method,
      headers: Object.fromEntries(
        ["authorization", "content-type", "accept"].flatMap((h) =>
          req.headers[h] ? [[h, req.headers[h]]] : [],
        ),
      ),
      body: req.body === null ? undefined : JSON.stringify(req.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  });
  return { run, proxy };
}

/** For a test file: a starter of an org behind a recorder, whose last start is stopped after each test. */
export function orgBehindRecorderPerTest(): () => Promise<{ run: Running; proxy: Recorder }> {
  let running: { run: Running; proxy: Recorder } | undefined;
  afterEach(async () => {
    await running?.proxy.close();
    await running?.run.stop(true);
    running = undefined;
  });
  return async () => {
    running = await startOrgBehindRecorder();
    return running;
  };
}

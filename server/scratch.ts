import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "./config";

interface Listening {
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A throwaway simulator in a temporary data directory, listening on a loopback port of its own: scenario runs and
 * the compatibility check use one so that nothing they do touches a directory anyone works in. `close` stops it
 * and deletes its data. The factory is passed in, so this sits below the simulator that uses it.
 */
export async function scratchRun<S extends Listening>(
  create: (overrides: Partial<Config>) => Promise<S>,
  overrides: Partial<Config> = {},
): Promise<{ host: S; close(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "scimulator-scratch-"));
  const wipe = () => rm(dataDir, { recursive: true, force: true });
  const fail = (undo: () => Promise<unknown>) => async (err: unknown) => {
    await undo();
    throw err;
  };
  const host = await create({ seed: false, uiDir: null, ...overrides, dataDir }).catch(fail(wipe));
  const close = async () => {
    await host.close();
    await wipe();
  };
  await host.listen(0, "127.0.0.1").catch(fail(close));
  return { host, close };
}

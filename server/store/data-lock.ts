import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Another live SCIMulator already serves this data directory. */
export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `the data directory ${dir} is in use by another SCIMulator (pid ${pid}); stop it, or give this one its own --data`,
    );
    this.name = "DataDirInUseError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Two servers writing the same JSON files would each overwrite the other's changes, so one data directory has one
 * owner. A lock left by a crashed or killed process names a dead pid and is taken over.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, "scimulator.lock");
  const mine = String(process.pid);
  try {
    await writeFile(file, mine, { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const holder = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
      throw new DataDirInUseError(dir, holder);
    }
    await writeFile(file, mine, { mode: 0o600 });
  }
  return async () => {
    const holder = await readFile(file, "utf8").catch(() => "");
    if (holder === mine) await rm(file, { force: true });
  };
}

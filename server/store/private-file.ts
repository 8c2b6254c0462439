import { chmod, mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Data files hold every target's secrets: only the owner may read them (0600), in a directory only it can list. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Creates the data directory 0700, or repairs an existing one and every file in it (0600). */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await chmod(dir, DIR_MODE);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) await chmod(join(dir, entry.name), FILE_MODE);
  }
}

export async function readPrivateFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

let sequence = 0;

/**
 * Writes so that an acknowledged write survives power loss, not only a killed process: the new content goes to a
 * temp file created 0600, which is fsynced before the rename, and the directory is fsynced after it so the rename
 * itself is on disk. A crash at any point leaves either the old file or the new one, never a torn one.
 */
export async function writePrivateFile(file: string, text: string | Iterable<string>): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${sequence++}.tmp`);
  const handle = await open(temp, "w", FILE_MODE);
  try {
    if (typeof text === "string") await handle.writeFile(text, "utf8");
    else for (const piece of text) await handle.write(piece);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(temp, file);
  await syncDir(dirname(file));
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch (err) {
    // Some file systems (and Windows) cannot fsync a directory; the rename is still atomic there.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "EPERM" && code !== "EISDIR") throw err;
  } finally {
    await handle.close();
  }
}

/** Whether a file exists and how large it is; for start-up checks. */
export async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}

/**
 * Which version of a file this is: inode, size and modification time to the nanosecond. Any write of it, by this
 * program (always a new file renamed into place) or by hand, gives another; a missing file has none.
 */
export async function fileIdentity(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return undefined;
  }
}

import { readFile } from "node:fs/promises";
import { Low } from "lowdb";
import { DataFile } from "lowdb/node";

/** Raised when a data file exists but cannot be used; start-up stops and the file is left untouched. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}. Fix the file or move it away, then start again; it has not been modified.`);
    this.name = "DataFileError";
  }
}

/**
 * Opens a lowdb JSON file. lowdb's own reader throws a bare SyntaxError on a corrupt file, which does not name
 * the file, so the file is parsed here first and a corrupt one is refused before lowdb can ever write over it.
 * Writes go through steno, which writes to a temp file and renames (atomic) and coalesces bursts into the latest.
 */
export async function openJsonStore<T extends object>(file: string, defaults: T): Promise<Low<T>> {
  let text: string | null = null;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new DataFileError(file, String(err));
  }
  let data: T = structuredClone(defaults);
  if (text !== null && text.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new DataFileError(file, `not valid JSON (${(err as Error).message})`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new DataFileError(file, "expected a JSON object at the top level");
    }
    data = { ...structuredClone(defaults), ...(parsed as Partial<T>) };
  }
  return new CoalescingLow<T>(
    new DataFile<T>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d, null, 2) }),
    data,
  );
}

/** How long writes gather before one goes to disk. */
const WINDOW_MS = 5;

/**
 * Callers of write() within a few milliseconds share one write, on top of steno's own merging of writes that
 * overlap, so a burst of edits costs a handful of file writes; each caller still resumes only once its change
 * is on disk.
 */
class CoalescingLow<T> extends Low<T> {
  private pending: Promise<void> | null = null;

  override write(): Promise<void> {
    this.pending ??= new Promise((resolve) => setTimeout(resolve, WINDOW_MS)).then(() => {
      this.pending = null;
      return super.write();
    });
    return this.pending;
  }
}

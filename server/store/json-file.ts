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
export interface StoreOptions {
  /** How long writes gather before one goes to disk; 0 (the default) writes at once when no write is running. */
  windowMs?: number;
  /** Without indentation: for large files that are read through the API rather than by hand. */
  compact?: boolean;
}

export async function openJsonStore<T extends object>(
  file: string,
  defaults: T,
  options: StoreOptions = {},
): Promise<Low<T>> {
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
  const indent = options.compact ? undefined : 2;
  return new CoalescingLow<T>(
    new DataFile<T>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d, null, indent) }),
    data,
    options.windowMs ?? 0,
  );
}

/**
 * Coalesces writes so a burst of edits costs a handful of file writes, while each caller still resumes only once
 * its change is on disk. A write starts at once when none is running (a lone edit waits for nothing); changes
 * made while one runs all go out together in the single write that follows it. A store with a window instead
 * gathers changes for that long first: for files nobody waits on.
 */
class CoalescingLow<T> extends Low<T> {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(
    adapter: DataFile<T>,
    data: T,
    private readonly windowMs: number,
  ) {
    super(adapter, data);
  }

  override write(): Promise<void> {
    if (this.next) return this.next;
    const before = this.windowMs > 0 ? delay(this.windowMs) : this.running;
    if (!before) return this.start();
    const go = () => {
      this.next = null;
      return this.start();
    };
    this.next = before.then(go, go);
    return this.next;
  }

  private start(): Promise<void> {
    const writing: Promise<void> = super.write().finally(() => {
      if (this.running === writing) this.running = null;
    });
    this.running = writing;
    return writing;
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

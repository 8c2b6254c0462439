import { type Adapter, Low } from "lowdb";
import type { z } from "zod";
import { type DiskForm, jsonChunks } from "./json-chunks";
import { readPrivateFile, writePrivateFile } from "./private-file";

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

export interface StoreOptions {
  /** What the file is, with its article, for messages: "a directory file" reads "not a directory file (…)". */
  what?: string;
  /** How long writes gather before one goes to disk; 0 (the default) writes at once when no write is running. */
  windowMs?: number;
  /** Without indentation: for large files that are read through the API rather than by hand. */
  compact?: boolean;
  /**
   * Written in pieces rather than as one string, so a large snapshot never sits in memory whole. Only for stores
   * whose journal replays what changes while a snapshot is written (changes made meanwhile reach the file or the
   * next journal, and replaying them is harmless either way).
   */
  streamed?: boolean;
  /** What a streamed snapshot writes for a value, by where it sits; the data in memory is left as it is. */
  diskForm?: DiskForm;
}

/**
 * lowdb's face over our own adapter. Only a missing file means "no state yet": an empty file, invalid JSON or a
 * file of the wrong shape stops start-up with a message that names the file, before lowdb could write over it
 * (an emptied directory.json must not silently become an empty directory). Writes are durable and 0600.
 */
export async function openJsonStore<T extends object>(
  file: string,
  defaults: T,
  shape: z.ZodType,
  options: StoreOptions = {},
): Promise<Low<T>> {
  const text = await readPrivateFile(file).catch((err: unknown) => {
    throw new DataFileError(file, `cannot be read (${(err as Error).message})`);
  });
  let data: T = structuredClone(defaults);
  if (text !== undefined) {
    if (text.trim() === "")
      throw new DataFileError(file, `is empty (${text.length} bytes), not a JSON object`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new DataFileError(file, `not valid JSON (${(err as Error).message})`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new DataFileError(file, "expected a JSON object at the top level");
    }
    const checked = shape.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const where = issue?.path.map(String).join(".") || "(top level)";
      const what = options.what ?? "a SCIMulator data file";
      throw new DataFileError(file, `not ${what} (${where}: ${issue?.message ?? "unexpected value"})`);
    }
    // The parsed text, not zod's copy: fields the schema does not name are kept as they were.
    data = { ...structuredClone(defaults), ...(parsed as Partial<T>) };
  }
  const indent = options.compact ? undefined : 2;
  return new CoalescingLow<T>(
    new DurableJsonFile<T>(file, indent, options.streamed === true, options.diskForm),
    data,
    options.windowMs ?? 0,
  );
}

/** One file, written whole and durably; writes are chained so two never race on the same temp file. */
class DurableJsonFile<T> implements Adapter<T> {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly indent: number | undefined,
    private readonly streamed: boolean,
    private readonly diskForm: DiskForm | undefined,
  ) {}

  async read(): Promise<T | null> {
    const text = await readPrivateFile(this.file);
    return text === undefined ? null : (JSON.parse(text) as T);
  }

  write(data: T): Promise<void> {
    // A whole write is taken now, so the caller's state is what lands; a streamed one is read as it is written.
    const text = this.streamed ? null : JSON.stringify(data, null, this.indent);
    const run = this.chain.then(() =>
      writePrivateFile(this.file, text ?? jsonChunks(data, this.indent, undefined, this.diskForm)),
    );
    this.chain = run.catch(() => undefined);
    return run;
  }
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

  constructor(
    adapter: Adapter<T>,
    data: T,
    private readonly windowMs: number,
  ) {
    super(adapter, data);
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

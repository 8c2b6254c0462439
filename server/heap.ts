import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * How much V8 may grow its heap past the live data after each full collection, in percent, while a cycle runs.
 * Left to itself V8 grows the heap by up to four times when collections are quick, so a 100k-user sync would leave
 * a server holding 100 MB of data at 600 MB until V8's memory reducer runs, half a minute after it goes idle.
 * Held near its data instead, the heap costs a cycle about a tenth of its speed in more frequent collections.
 * Outside cycles V8 chooses again, so edits never wait on those collections.
 */
export const CYCLE_HEAP_GROWING_PERCENT = 20;

/**
 * How far the heap may have grown since the last collection this module asked for before a cycle's end asks for
 * another. A cycle over a few thousand users never grows it this far, so small directories never pay for one; a
 * 100k-user sync, or the load of a 100k directory and its links before the start-up cycle, always does.
 */
export const SPARE_HEAP_BYTES = 32 * 1024 * 1024;

let holders = 0;
let settledAt = getHeapStatistics().total_heap_size;
let collections = 0;
let collector: (() => void) | null | undefined;

/**
 * V8's own full collection, reached without a command-line flag: the server is started by `npx scimulator`, whose
 * flags are not ours to choose. Null when the runtime refuses, and the heap is then left to V8's memory reducer.
 */
function fullCollection(): (() => void) | null {
  if (collector === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      collector = runInNewContext("gc") as () => void;
    } catch {
      collector = null;
    }
  }
  return collector;
}

/**
 * Once the last cycle has ended, a heap that grew well past where it last settled is collected once, after the
 * cycle's answer has gone out. V8 would hand those pages back by itself only after the process has been idle for
 * half a minute; meanwhile a laptop carries a few hundred megabytes of garbage from reading and sending 100k users.
 * The collection takes about 120 ms at 100k users, once per large cycle, and returns its pages within a moment.
 */
function collectIfGrown(): void {
  setImmediate(() => {
    if (holders > 0) return;
    const total = getHeapStatistics().total_heap_size;
    if (total - settledAt < SPARE_HEAP_BYTES) {
      settledAt = Math.min(settledAt, total);
      return;
    }
    const collect = fullCollection();
    if (!collect) return;
    collect();
    collections++;
    settledAt = getHeapStatistics().total_heap_size;
  });
}

/**
 * Keeps the heap near the live data until the returned function is called. The setting is the process's, so
 * overlapping holders share it and the last to let go restores V8's own choice (0).
 */
export function holdHeapNearLiveData(): () => void {
  if (holders++ === 0) setFlagsFromString(`--heap-growing-percent=${CYCLE_HEAP_GROWING_PERCENT}`);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--holders === 0) {
      setFlagsFromString("--heap-growing-percent=0");
      collectIfGrown();
    }
  };
}

/** Whether a holder has the heap held now. */
export const heapHeld = (): boolean => holders > 0;

/** How many collections the ends of cycles have asked for in this process. */
export const heapCollections = (): number => collections;

import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * How much V8 may grow its heap past the live data after each full collection, in percent, while a cycle runs.
 * Left to itself V8 grows the heap by up to four times when collections are quick, so a 100k-user sync would leave
 * a server holding 100 MB of data at 600 MB until V8's memory reducer runs, half a minute after it goes idle.
 * Held within twice its data instead, a 100k sync peaks near 400 MB and is back under 300 MB once the quiet-moment
 * collection below has run. 20% kept the peak near 330 MB but cost a 100k cycle about 18% of its speed in more
 * frequent collections, each of them over the whole directory; 50% won back only half of that. Outside cycles V8
 * chooses again, so edits never wait on those collections.
 */
export const CYCLE_HEAP_GROWING_PERCENT = 100;

/**
 * How far the heap may have grown since the last collection this module asked for (or since the process began)
 * before a quiet moment is used for another. A cycle over a few thousand users never grows it this far, so a small
 * directory pays for one at most once, just after start, when the libraries have loaded; a 100k-user sync, or
 * the load of a 100k directory and its links, always does.
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

/** How long the server must go without a request, once a large cycle has ended, before its heap is collected. */
export const QUIET_MS = 1000;

let lastActivity = 0;
let inFlight = 0;
let quietTimer: NodeJS.Timeout | null = null;

/**
 * A request arrived: a collection waiting for a quiet moment waits on, until every request in flight has been
 * answered (or dropped) and a quiet second has passed since. Call the returned function once it has.
 */
export function noteActivity(): () => void {
  lastActivity = Date.now();
  inFlight++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    inFlight--;
    lastActivity = Date.now();
  };
}

/**
 * Once the last cycle has ended, a heap that grew well past where it last settled is collected once the server has
 * been quiet for a second. V8 would hand those pages back by itself only after half a minute idle; meanwhile a
 * laptop carries a few hundred megabytes of garbage from reading and sending 100k users. The collection takes
 * about 300 ms at 100k users, so it waits for a moment when no request is there to wait on it: a server taking
 * edits at 50 a second never pauses for it, and gets it when the edits stop.
 */
export function collectWhenQuiet(): void {
  lastActivity = Math.max(lastActivity, Date.now());
  if (quietTimer) return;
  const check = () => {
    quietTimer = null;
    if (holders > 0) return;
    const quietFor = inFlight > 0 ? 0 : Date.now() - lastActivity;
    if (quietFor < QUIET_MS) {
      quietTimer = setTimeout(check, QUIET_MS - quietFor);
      quietTimer.unref();
      return;
    }
    const total = getHeapStatistics().total_heap_size;
    if (total - settledAt < SPARE_HEAP_BYTES) {
      settledAt = Math.min(settledAt, total);
      return;
    }
    const collect = fullCollection();
    if (!collect) return;
    // Compacting moves the survivors together, so whole pages come free: about 20 MB less at 100k users, for a
    // collection three times as long (300 ms), which nobody waits on at a quiet moment.
    setFlagsFromString("--compact-on-every-full-gc");
    try {
      collect();
    } catch (err) {
      console.error("scimulator: could not collect the heap:", err);
    } finally {
      setFlagsFromString("--no-compact-on-every-full-gc");
    }
    collections++;
    settledAt = getHeapStatistics().total_heap_size;
  };
  quietTimer = setTimeout(check, QUIET_MS);
  quietTimer.unref();
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
      collectWhenQuiet();
    }
  };
}

/** Whether a holder has the heap held now. */
export const heapHeld = (): boolean => holders > 0;

/** How many collections quiet moments have been used for in this process. */
export const heapCollections = (): number => collections;

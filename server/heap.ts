import { setFlagsFromString } from "node:v8";

/**
 * How much V8 may grow its heap past the live data after each full collection, in percent, while a cycle runs.
 * Left to itself V8 grows the heap by up to four times when collections are quick, so a 100k-user sync would leave
 * a server holding 100 MB of data at 600 MB until V8's memory reducer runs, half a minute after it goes idle.
 * Held near its data instead, the heap costs a cycle about a tenth of its speed in more frequent collections.
 * Outside cycles V8 chooses again, so edits never wait on those collections.
 */
export const CYCLE_HEAP_GROWING_PERCENT = 20;

let holders = 0;

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
    if (--holders === 0) setFlagsFromString("--heap-growing-percent=0");
  };
}

/** Whether a holder has the heap held now. */
export const heapHeld = (): boolean => holders > 0;

import { getHeapStatistics } from "node:v8";
import { describe, expect, it, vi } from "vitest";
import {
  heapCollections,
  holdHeapNearLiveData,
  noteActivity,
  QUIET_MS,
  SPARE_HEAP_BYTES,
} from "../server/heap";

// The collection a large cycle's end asks for, in a file of its own: no other test's cycle has a collection
// pending here, so the counted quiet moment is this test's alone.
describe("the heap after a large cycle", () => {
  it("is collected once the server has been quiet for a moment after a cycle that grew it past the bound", () => {
    // Fake timers and clock: the quiet moment is counted, not waited for.
    vi.useFakeTimers();
    try {
      const hold = holdHeapNearLiveData();
      // Arrays of a megabyte each live in V8's large-object space, so they grow the heap at once and stay in it
      // until a full collection, as a 100k-user sync's garbage does.
      let garbage: number[][] | null = Array.from({ length: (2 * SPARE_HEAP_BYTES) / 2 ** 20 }, () =>
        new Array<number>(2 ** 17).fill(0.5),
      );
      expect(garbage.length).toBe(64);
      garbage = null;
      const grown = getHeapStatistics().total_heap_size;
      const before = heapCollections();
      hold();
      // Requests keep coming for a while: each puts the collection off.
      for (let i = 0; i < 5; i++) {
        vi.advanceTimersByTime(QUIET_MS / 2);
        noteActivity();
      }
      vi.advanceTimersByTime(QUIET_MS - 1);
      expect(heapCollections()).toBe(before);
      vi.advanceTimersByTime(1);
      expect(heapCollections()).toBe(before + 1);
      expect(getHeapStatistics().total_heap_size).toBeLessThan(grown - SPARE_HEAP_BYTES);

      // The next cycle allocates next to nothing, and ends with no collection, however long it is quiet.
      holdHeapNearLiveData()();
      vi.advanceTimersByTime(10 * QUIET_MS);
      expect(heapCollections()).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});

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
  it("is collected once no request has been in flight for a quiet second after a cycle that grew it past the bound", () => {
    // Fake timers and clock: the quiet moment is counted, not waited for.
    vi.useFakeTimers();
    try {
      const hold = holdHeapNearLiveData();
      const start = getHeapStatistics().total_heap_size;
      // Arrays of a megabyte each live in V8's large-object space, so they grow the heap at once and stay in it
      // until a full collection, as a 100k-user sync's garbage does. Kept until the heap is read (a collection
      // meanwhile cannot free them), then dropped.
      const garbage = Array.from({ length: (2 * SPARE_HEAP_BYTES) / 2 ** 20 }, () =>
        new Array<number>(2 ** 17).fill(0.5),
      );
      const grown = getHeapStatistics().total_heap_size;
      expect(grown - start).toBeGreaterThan(SPARE_HEAP_BYTES);
      garbage.length = 0;
      const before = heapCollections();
      hold();
      // Requests keep coming for a while, each answered at once: each puts the collection off.
      for (let i = 0; i < 5; i++) {
        vi.advanceTimersByTime(QUIET_MS / 2);
        noteActivity()();
      }
      // Then one takes longer than a quiet second: nothing is collected while it is in flight.
      const answered = noteActivity();
      vi.advanceTimersByTime(3 * QUIET_MS);
      expect(heapCollections()).toBe(before);
      answered();
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

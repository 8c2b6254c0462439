import { getHeapStatistics } from "node:v8";
import { afterEach, describe, expect, it, vi } from "vitest";
import { heapCollections, heapHeld, holdHeapNearLiveData, SPARE_HEAP_BYTES } from "../server/heap";
import type { CycleRecord, Target } from "../server/protocol";
import { emptyList, startRecordingTarget } from "./support/recording-target";
import { createUser, type Running, start } from "./support/simulator";

let run: Running | undefined;
afterEach(async () => {
  await run?.stop(true);
  run = undefined;
});

describe("the heap during a cycle", () => {
  it("is held near the live data while a sync runs, and left to V8 again once the sync has ended", async () => {
    // The target answers nothing until the test lets it, so the sync is certainly still running when looked at.
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const target = await startRecordingTarget(async (req) => {
      await answered;
      return req.method === "GET" ? { status: 200, body: emptyList } : { status: 201, body: { id: "r1" } };
    });
    try {
      run = await start();
      await createUser(run);
      const added = await run.api<Target>("POST", "/targets", {
        name: "held",
        baseUrl: target.baseUrl,
        auth: { type: "bearer", token: "held-token" },
        profile: "rfc",
        mode: "manual",
      });
      expect(heapHeld()).toBe(false);
      const sync = run.api<CycleRecord>("POST", `/targets/${added.body.id}/sync`);
      await vi.waitFor(() => expect(target.requests.length).toBeGreaterThan(0));
      expect(heapHeld()).toBe(true);
      answer();
      expect((await sync).body).toMatchObject({ created: 1 });
      expect(heapHeld()).toBe(false);
    } finally {
      await target.close();
    }
  });

  it("stays held until the last of overlapping holders lets go, however often one lets go", () => {
    const first = holdHeapNearLiveData();
    const second = holdHeapNearLiveData();
    first();
    first();
    expect(heapHeld()).toBe(true);
    second();
    expect(heapHeld()).toBe(false);
  });

  it("is collected once when the last cycle ends after growing it past the bound, and not after a small cycle", async () => {
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
    await vi.waitFor(() => expect(heapCollections()).toBe(before + 1));
    expect(getHeapStatistics().total_heap_size).toBeLessThan(grown - SPARE_HEAP_BYTES);

    // The next cycle allocates next to nothing, and ends with no collection.
    holdHeapNearLiveData()();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(heapCollections()).toBe(before + 1);
  });
});

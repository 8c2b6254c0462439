import { afterEach, describe, expect, it, vi } from "vitest";
import { heapHeld, holdHeapNearLiveData } from "../server/heap";
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
});

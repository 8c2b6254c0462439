// The keyed queue the provisioner runs its work on: one key's jobs in order, different keys side by side.
import { describe, expect, it, vi } from "vitest";
import { createKeyedQueue } from "../server/provisioning/keyed-queue";

describe("keyed queue: one key's jobs in order, different keys side by side", () => {
  it("runs one key's jobs one at a time, and collapses a burst into the last job", async () => {
    const queue = createKeyedQueue(4);
    const ran: string[] = [];
    let release: () => void = () => undefined;
    const first = queue.push(
      "k",
      () =>
        new Promise<void>((r) => {
          ran.push("1");
          release = r;
        }),
    );
    const second = queue.push("k", async () => {
      ran.push("2");
    });
    const third = queue.push("k", async () => {
      ran.push("3");
    });
    // The first job holds the key while the others arrive; of those, only the last is still worth running.
    await vi.waitFor(() => expect(ran).toEqual(["1"]));
    release();
    await Promise.all([first, second, third]);
    expect(ran).toEqual(["1", "3"]);
  });

  it("never runs more than its bound at once", async () => {
    const queue = createKeyedQueue(2);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        queue.push(`k${i}`, async () => {
          running++;
          most = Math.max(most, running);
          await Promise.resolve();
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
    await queue.idle();
    expect(queue.size()).toBe(0);
  });
});

import { vi } from "vitest";

// vi.waitFor gives up after one second by default. The suite runs real servers on a two-core machine, where a
// busy moment can hold provisioning back longer than that, so every wait gets a ten-second budget unless the test
// names its own. A wait that succeeds returns as soon as it does, so the budget costs nothing when all is well.
const waitFor = vi.waitFor;
vi.waitFor = ((callback, options) =>
  waitFor(
    callback,
    typeof options === "number" ? options : { timeout: 10_000, interval: 50, ...options },
  )) as typeof vi.waitFor;

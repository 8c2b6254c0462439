import type { Clock } from "./clock";
import type { Directory } from "./directory/directory";
import type { ExchangeLog } from "./log/exchange-log";
import { Problem } from "./problem";
import type { DemoReset } from "./protocol";
import type { TargetOrg } from "./target-org/create-target-org";
import type { Faults } from "./target-org/faults";
import type { Targets } from "./targets/targets";

interface Deps {
  directory: Pick<Directory, "listUsers" | "listGroups" | "deleteUser" | "deleteGroup">;
  targets: Pick<Targets, "list" | "remove">;
  org: Pick<TargetOrg, "reset" | "configure">;
  faults: Pick<Faults, "clear">;
  log: Pick<ExchangeLog, "clear">;
  clock: Pick<Clock, "setScale" | "reset">;
  timeScale: number;
  /** Waits until no provisioning work is queued or running. */
  idle(): Promise<void>;
  /** Whether a scenario is running in the app; a reset under it would pull the floor from its steps. */
  scenarioRunning(): boolean;
  /** The first start's seeding: the Embedded org target and the demo people. */
  seed(): Promise<void>;
  /** Tells the embedded target and the UIs that the org moved back to its default address. */
  orgMoved(): Promise<void>;
}

/**
 * Puts the demo back as a first start leaves it: targets gone first (so nothing is deprovisioned anywhere while
 * the directory empties), then the directory, the embedded org, the faults, the log and the clock (back to real
 * time, at its start-up speed), then the seed again.
 */
export function createDemoReset(deps: Deps) {
  return async function resetDemo(): Promise<DemoReset> {
    if (deps.scenarioRunning()) {
      throw new Problem(
        "conflict",
        "a scenario is running; wait for it to end (or continue it) before a reset",
      );
    }
    for (const target of deps.targets.list()) await deps.targets.remove(target.id);
    await deps.idle();
    for (const group of deps.directory.listGroups()) await deps.directory.deleteGroup(group.id);
    for (const user of deps.directory.listUsers()) await deps.directory.deleteUser(user.id);
    await deps.idle();
    await deps.org.reset();
    await deps.org.configure({ preset: "strict", strict: true });
    deps.faults.clear();
    await deps.log.clear();
    // Jumps forward are undone too: a class starts again at today's date, not hours ahead.
    deps.clock.reset();
    if (deps.timeScale !== 1) deps.clock.setScale(deps.timeScale);
    await deps.seed();
    await deps.orgMoved();
    return {
      users: deps.directory.listUsers().length,
      groups: deps.directory.listGroups().length,
      targets: deps.targets.list().length,
    };
  };
}

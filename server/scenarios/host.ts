import type { Clock } from "../clock";
import type { Directory } from "../directory/directory";
import type { ExchangeLog } from "../log/exchange-log";
import type { Actions } from "../provisioning/actions";
import type { Claims } from "../provisioning/claims";
import type { Cycles } from "../provisioning/cycles";
import type { Links } from "../provisioning/links";
import type { Send } from "../provisioning/send";
import type { SignIn } from "../signin";
import type { TargetOrg } from "../target-org/create-target-org";
import type { Faults } from "../target-org/faults";
import type { Targets } from "../targets/targets";

/**
 * Exactly what a scenario run uses of the simulator. The simulator satisfies it structurally, so scenario code
 * never names the factory that builds the whole product.
 */
export interface ScenarioHost {
  directory: Pick<
    Directory,
    | "createUser"
    | "updateUser"
    | "deleteUser"
    | "findUser"
    | "createGroup"
    | "updateGroup"
    | "deleteGroup"
    | "findGroup"
  >;
  targets: Pick<Targets, "list" | "get" | "create" | "update">;
  cycles: Pick<Cycles, "runCycle" | "history">;
  actions: Pick<Actions, "testConnection" | "provisionOne">;
  claims: Pick<Claims, "own" | "claim" | "release">;
  /** Waits until no provisioning work is queued or running. */
  idle(): Promise<void>;
  log: Pick<ExchangeLog, "list">;
  links: Pick<Links, "get" | "getGroup">;
  send: Send;
  faults: Pick<Faults, "add" | "clear">;
  clock: Pick<Clock, "now" | "advance" | "scale" | "setScale" | "hold">;
  org: Pick<TargetOrg, "token" | "setStrict" | "configure" | "addAccount">;
  /** Points the embedded target at the org's base URL after a preset moved it. */
  orgMoved(): Promise<void>;
  /** The embedded IdP, where `requires: sign-in` scenarios sign people in; absent, they are skipped. */
  signin?: Pick<SignIn, "apps" | "issuer" | "keys" | "view">;
}

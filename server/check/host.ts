import type { Directory } from "../directory/directory";
import type { ExchangeLog } from "../log/exchange-log";
import type { Actions } from "../provisioning/actions";
import type { Claims } from "../provisioning/claims";
import type { Links } from "../provisioning/links";
import type { Send } from "../provisioning/send";
import type { Targets } from "../targets/targets";

/**
 * What a check uses of a simulator: a throwaway one, never the live one, so its test people and groups never
 * enter a directory anyone works in. The simulator satisfies it structurally.
 */
export interface CheckHost {
  directory: Pick<
    Directory,
    "createUser" | "updateUser" | "deleteUser" | "createGroup" | "updateGroup" | "deleteGroup"
  >;
  targets: Pick<Targets, "create" | "update" | "remove">;
  actions: Pick<Actions, "testConnection" | "purge">;
  claims: Pick<Claims, "own" | "claim" | "release">;
  /** Waits until no provisioning work is queued or running. */
  idle(): Promise<void>;
  log: Pick<ExchangeLog, "list">;
  links: Pick<Links, "get" | "getGroup">;
  send: Send;
}

/** A throwaway simulator for one check, paced to `requestsPerSecond`; `close` removes it and its data. */
export type SpawnCheckHost = (requestsPerSecond: number | null) => Promise<{
  host: CheckHost;
  close(): Promise<void>;
}>;

import type { DirectoryEvent, LiveMessage } from "../protocol";
import type { LoggedExchange } from "./exchange-log";

type Source<E> = { on(listener: (event: E) => void): unknown };
type Changes<E> = { onChange(listener: (change: E) => void): unknown };

/**
 * Every domain event, mapped to the live message the UI and CLI listen for. The hub (the /ws fan-out) exists only
 * once the server listens; until then messages have no audience and are dropped.
 */
export function createLiveFeed() {
  let hub: { broadcast(message: object, json?: () => string): void } | null = null;
  const broadcast = (message: LiveMessage) => hub?.broadcast(message);
  return {
    broadcast,
    attach(next: { broadcast(message: object, json?: () => string): void } | null): void {
      hub = next;
    },
    follow(sources: {
      directory: Source<DirectoryEvent>;
      targets: Source<unknown>;
      quarantine: Changes<string>;
      log: Source<LoggedExchange>;
      org: Changes<{ resourceType: "User" | "Group"; id: string }>;
      clock: Changes<{ scale: number; now: number; paused: boolean }>;
    }): void {
      sources.directory.on((event) => broadcast({ type: "directory", event }));
      sources.targets.on(() => broadcast({ type: "targets.changed" }));
      sources.quarantine.onChange(() => broadcast({ type: "targets.changed" }));
      // The exchange's JSON from the log goes into the message as it is: one serialisation for the disk and /ws.
      sources.log.on((logged) =>
        hub?.broadcast(
          { type: "exchange", exchange: logged.exchange },
          () => `{"type":"exchange","exchange":${logged.json()}}`,
        ),
      );
      sources.org.onChange((change) =>
        broadcast({ type: "target-org.changed", resourceType: change.resourceType, id: change.id }),
      );
      sources.clock.onChange(({ scale, now, paused }) =>
        broadcast({ type: "clock", scale, now: new Date(now).toISOString(), paused }),
      );
    },
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;

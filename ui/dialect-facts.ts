import { useSyncExternalStore } from "react";
import type { DialectFacts, Profile } from "../server/protocol";
import { api } from "./api";

// Each dialect's defaults, headers and options come from GET /api/dialects, read from the server's dialect specs,
// so the UI never keeps its own copy that could drift from what is really sent.

let facts: ReadonlyMap<Profile, DialectFacts> | null = null;
let requested = false;
const listeners = new Set<() => void>();

function load(): void {
  if (requested) return;
  requested = true;
  api.dialects().then(
    (list) => {
      facts = new Map(list.map((f) => [f.profile, f]));
      for (const listener of listeners) listener();
    },
    () => {
      // Read again on the next subscriber: a server restart is no reason to give up for good.
      requested = false;
    },
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  load();
  return () => listeners.delete(listener);
}

/** The facts of every dialect, or null until the server has answered. */
export function useDialectFacts(): ReadonlyMap<Profile, DialectFacts> | null {
  return useSyncExternalStore(subscribe, () => facts);
}

/** Whether a target option changes what this dialect sends (the form hides the ones that do not). */
export function optionApplies(
  all: ReadonlyMap<Profile, DialectFacts> | null,
  option: string,
  profile: Profile,
) {
  return all?.get(profile)?.options.includes(option as DialectFacts["options"][number]) ?? false;
}

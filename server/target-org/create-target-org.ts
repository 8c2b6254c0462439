import type { Router } from "express";
import { dict } from "../store/dict";
import { generateToken } from "./auth";
import { createOrgRouter } from "./router";
import { type OrgChange, openOrgStore } from "./store";

export type { OrgChange };

export interface TargetOrgOptions {
  /** The org's own lowdb JSON file. */
  file: string;
  /** Overrides the persisted token (not stored). */
  token?: string;
  /** Type-checks requests strictly (default true); lenient mode repairs known IdP quirks instead. */
  strict?: boolean;
}

export interface TargetOrg {
  /** Mounted by the app at /target/scim/v2. */
  router: Router;
  token: string;
  strict: boolean;
  setStrict(strict: boolean): void;
  /** Fired after the write is durable; returns unsubscribe. */
  onChange(listener: (change: OrgChange) => void): () => void;
  counts(): { users: number; groups: number };
  /** Wipes all users and groups; keeps the token. */
  reset(): Promise<void>;
  /** Flushes pending writes. */
  close(): Promise<void>;
}

/** The embedded SCIM 2.0 service provider: a strict RFC 7643/7644 target with its own store and token. */
export async function createTargetOrg(options: TargetOrgOptions): Promise<TargetOrg> {
  const store = await openOrgStore(options.file);
  if (store.data.token === undefined) {
    store.data.token = generateToken();
    await store.commit([]);
  }
  const token = options.token ?? store.data.token;
  let strict = options.strict ?? true;
  const router = createOrgRouter({ store, isStrict: () => strict }, () => token);

  return {
    router,
    token,
    get strict() {
      return strict;
    },
    setStrict(value) {
      strict = value;
    },
    onChange: (listener) => store.onChange(listener),
    counts: () => ({
      users: Object.keys(store.data.users).length,
      groups: Object.keys(store.data.groups).length,
    }),
    async reset() {
      const changes = [
        ...Object.keys(store.data.users).map((id) => ({
          resourceType: "User" as const,
          id,
          action: "deleted" as const,
        })),
        ...Object.keys(store.data.groups).map((id) => ({
          resourceType: "Group" as const,
          id,
          action: "deleted" as const,
        })),
      ];
      store.data.users = dict();
      store.data.groups = dict();
      await store.commit(changes);
    },
    close: () => store.flush(),
  };
}

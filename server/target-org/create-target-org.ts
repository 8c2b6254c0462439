import { randomUUID } from "node:crypto";
import type { RequestHandler, Router } from "express";
import { Problem } from "../problem";
import type { OrgPresetInfo, OrgRoles, OrgSwitches } from "../protocol";
import { dict } from "../store/dict";
import { generateToken } from "./auth";
import type { JsonObject } from "./json";
import { basePathOf, mountOrg } from "./mount";
import { type OrgPreset, presetInfos, presetNamed } from "./presets/catalog";
import type { OrgState } from "./resource-kind";
import { effectiveRoles } from "./roles";
import { createOrgRouter } from "./router";
import { applySettings, bltId, type OrgSettings, presetSettings, type SettingsInput } from "./settings";
import { type OrgChange, openOrgStore } from "./store";

export type { OrgChange, OrgSettings, SettingsInput };

export interface AccountInput {
  userName: string;
  givenName?: string;
  familyName?: string;
}

export interface TargetOrgOptions {
  /** The org's own lowdb JSON file. */
  file: string;
  /** Overrides the persisted token (not stored). */
  token?: string;
  /** Starts strict or lenient, whatever the file says (tests); otherwise the persisted preset, or strict. */
  strict?: boolean;
  /** Runs in front of the SCIM routes, below the base path (fault injection). */
  before?: RequestHandler[];
}

export interface TargetOrg {
  /** Mounted by the app at /target/scim; the preset decides the base path below it. */
  router: Router;
  token: string;
  strict: boolean;
  setStrict(strict: boolean): void;
  /** The base path below /target/scim: `/v2`, or `/v2.0/organizations/{uid}`. */
  basePath(): string;
  settings(): OrgSettings;
  /** Applies a settings change (validated by the caller) and persists it. */
  configure(input: SettingsInput): Promise<OrgSettings>;
  presets(): OrgPresetInfo[];
  roles(): OrgRoles;
  /** Accounts that exist outside the organization. */
  accountsOutside(): number;
  /**
   * Creates an account that exists outside this organization (a Contentstack user of another one), so that an
   * IdP's POST of that userName attaches it. Only under a preset whose accounts outlive membership.
   */
  addAccount(input: AccountInput): Promise<{ id: string; userName: string }>;
  /** Fired after the write is durable; returns unsubscribe. */
  onChange(listener: (change: OrgChange) => void): () => void;
  counts(): { users: number; groups: number };
  /** Wipes all users, groups and outside accounts; keeps the token and the settings. */
  reset(): Promise<void>;
  /** Flushes pending writes. */
  close(): Promise<void>;
}

/** The embedded SCIM 2.0 service provider: a strict RFC 7643/7644 target with its own store, token and preset. */
export async function createTargetOrg(options: TargetOrgOptions): Promise<TargetOrg> {
  const store = await openOrgStore(options.file);
  let dirty = false;
  if (store.data.token === undefined) {
    store.data.token = generateToken();
    dirty = true;
  }
  if (store.data.settings === undefined) {
    store.data.settings = presetSettings("strict", bltId());
    dirty = true;
  }
  if (dirty) await store.commit([]);
  let settings: OrgSettings = store.data.settings;
  if (options.strict !== undefined) settings = applySettings(settings, { strict: options.strict });
  const token = options.token ?? store.data.token;
  let preset: OrgPreset = presetNamed(settings.preset);

  const state: OrgState = {
    store,
    isStrict: () => settings.strict,
    preset: () => preset,
    switches: (): OrgSwitches => settings.switches,
    newId: () => (preset.ids === "blt" ? bltId() : randomUUID()),
  };
  const scim = createOrgRouter(state, () => token);
  const router = mountOrg(state, () => settings.orgUid, scim, options.before);
  const adopt = (next: OrgSettings) => {
    settings = next;
    preset = presetNamed(next.preset);
  };

  return {
    router,
    token,
    get strict() {
      return settings.strict;
    },
    setStrict(value) {
      adopt(applySettings(settings, { strict: value }));
    },
    basePath: () => basePathOf(state, settings.orgUid),
    settings: () => settings,
    async configure(input) {
      adopt(applySettings(settings, input));
      store.data.settings = settings;
      await store.commit([]);
      return settings;
    },
    presets: presetInfos,
    roles: () => ({ mapping: settings.roleMapping, users: effectiveRoles(store, settings.roleMapping) }),
    accountsOutside: () => Object.keys(store.data.accounts).length,
    async addAccount(input) {
      if (preset.accounts !== "global") {
        throw new Problem(
          "conflict",
          `the ${preset.name} preset keeps no accounts outside the organization; choose a preset such as contentstack first`,
        );
      }
      const taken = [...Object.values(store.data.users), ...Object.values(store.data.accounts)].find(
        (r) => String(r.data.userName).toLowerCase() === input.userName.toLowerCase(),
      );
      if (taken)
        throw new Problem("conflict", `an account with userName '${input.userName}' exists: ${taken.id}`);
      const now = new Date().toISOString();
      const id = bltId();
      const name: JsonObject = {};
      if (input.givenName) name.givenName = input.givenName;
      if (input.familyName) name.familyName = input.familyName;
      store.data.accounts[id] = {
        id,
        created: now,
        lastModified: now,
        version: 1,
        data: {
          userName: input.userName,
          ...(Object.keys(name).length > 0 ? { name } : {}),
          ...(input.userName.includes("@") ? { emails: [{ value: input.userName, primary: true }] } : {}),
          active: true,
        },
      };
      await store.commit([]);
      return { id, userName: input.userName };
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
      store.data.accounts = dict();
      await store.commit(changes);
    },
    close: () => store.close(),
  };
}

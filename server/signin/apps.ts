import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { createEmitter } from "../emitter";
import { oktaId } from "../idp-ids";
import { Problem, parseOrThrow } from "../problem";
import type { App, AppInput, SignInProfile } from "../protocol";
import { openJsonStore } from "../store/json-file";
import { createAppSchema, missingForProtocol, updateAppSchema } from "./app-schema";

const fileShape = z.object({
  apps: z.array(z.looseObject({ id: z.string(), name: z.string(), protocol: z.enum(["oidc", "saml"]) })),
});

export type AppEvent = { type: "app.changed"; app: App } | { type: "app.deleted"; app: App };
export type Apps = Awaited<ReturnType<typeof openApps>>;

const MASK = "••••";
/** The secret after the create: four bullets and its last four characters, as target secrets are shown. */
export const maskAppSecret = (secret: string | null) => (secret ? `${MASK}${secret.slice(-4)}` : null);
export const maskApp = (app: App): App => ({ ...app, clientSecret: maskAppSecret(app.clientSecret) });

/** The client id each IdP would give the app: Entra's application (client) id is a GUID, Okta's a 0oa… id. */
function clientIdFor(profile: SignInProfile, id: string): string {
  if (profile === "okta") return oktaId("0oa", id);
  if (profile === "entra" || profile === "onelogin") return id;
  return `scimulator-${id.slice(0, 8)}`;
}

/**
 * The apps registered at the embedded IdP, in apps.json (0600, written durably like every data file). The
 * directory decides who exists; an app only says who may sign in to it and where the answers go.
 */
export async function openApps(
  file: string,
  known: { user(id: string): boolean; group(id: string): boolean },
) {
  const db = await openJsonStore<{ apps: App[] }>(file, { apps: [] }, fileShape, { what: "an apps file" });
  const events = createEmitter<AppEvent>();
  const list = () => db.data.apps;

  function find(id: string): App {
    const app = list().find((a) => a.id === id || a.clientId === id);
    if (!app) throw new Problem("not_found", `No app with id "${id}". GET /api/apps lists the ids.`);
    return app;
  }

  function check(app: App): App {
    const details = [
      ...missingForProtocol(app),
      ...app.assigned.users.flatMap((id, i) =>
        known.user(id)
          ? []
          : [{ path: `assigned.users.${i}`, message: `"${id}" is not a user in the directory` }],
      ),
      ...app.assigned.groups.flatMap((id, i) =>
        known.group(id)
          ? []
          : [{ path: `assigned.groups.${i}`, message: `"${id}" is not a group in the directory` }],
      ),
    ];
    if (details.length > 0)
      throw new Problem(
        "invalid",
        `Invalid app: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
        details,
      );
    app.assigned = { users: [...new Set(app.assigned.users)], groups: [...new Set(app.assigned.groups)] };
    return app;
  }

  async function save(app: App): Promise<App> {
    const index = list().findIndex((a) => a.id === app.id);
    if (index === -1) list().push(app);
    else list()[index] = app;
    await db.write();
    events.emit({ type: "app.changed", app });
    return app;
  }

  return {
    on: events.on,
    list: (): App[] => list(),
    get: find,
    find: (id: string): App | undefined => list().find((a) => a.id === id || a.clientId === id),

    /** The answer carries the client secret in full: the only time it is ever shown. */
    async create(body: unknown, builtIn = false): Promise<App> {
      const input = parseOrThrow(createAppSchema, body, "app") as AppInput;
      const id = randomUUID();
      const profile = input.profile ?? "rfc";
      const now = new Date().toISOString();
      return save(
        check({
          id,
          name: input.name,
          protocol: input.protocol,
          profile,
          clientId: clientIdFor(profile, id),
          clientSecret: input.protocol === "oidc" ? randomBytes(32).toString("base64url") : null,
          redirectUris: input.redirectUris ?? [],
          postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
          backchannelLogoutUri: input.backchannelLogoutUri ?? null,
          acsUrl: input.acsUrl ?? null,
          entityId: input.entityId ?? null,
          nameId: input.nameId ?? "userName",
          scope: input.scope ?? "all",
          assigned: { users: input.assigned?.users ?? [], groups: input.assigned?.groups ?? [] },
          builtIn,
          createdAt: now,
          updatedAt: now,
        }),
      );
    },

    async update(id: string, body: unknown): Promise<App> {
      const current = find(id);
      const input = parseOrThrow(updateAppSchema, body, "app");
      const { assigned, ...fields } = input;
      const next: App = {
        ...current,
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
        assigned: {
          users: assigned?.users ?? current.assigned.users,
          groups: assigned?.groups ?? current.assigned.groups,
        },
        updatedAt: new Date().toISOString(),
      };
      // The client id is the app's name at the IdP; it stays what the app was configured with.
      return save(check(next));
    },

    async remove(id: string): Promise<void> {
      const app = find(id);
      db.data.apps = list().filter((a) => a.id !== app.id);
      await db.write();
      events.emit({ type: "app.deleted", app });
    },

    /** A deleted user or group leaves every app's assignments. */
    async forget(id: string): Promise<void> {
      const touched = list().filter((a) => a.assigned.users.includes(id) || a.assigned.groups.includes(id));
      for (const a of touched)
        a.assigned = {
          users: a.assigned.users.filter((u) => u !== id),
          groups: a.assigned.groups.filter((g) => g !== id),
        };
      if (touched.length > 0) await db.write();
    },

    /** Every client secret, for the redaction of the sign-in traffic. */
    secrets: (): string[] => list().flatMap((a) => (a.clientSecret ? [a.clientSecret] : [])),
  };
}

import type Provider from "oidc-provider";
import type { App, User } from "../protocol";
import type { IdpStorage } from "./adapter";

export interface EndedSessions {
  sessions: number;
  grants: number;
  logouts: Array<{ app: App; ok: boolean; status?: number; error?: string; durationMs: number }>;
}

/**
 * What a deactivation or deletion does at the IdP: every session of the user ends, every grant goes (and with it
 * every access and refresh token), and each app that registered a back-channel logout URI is told, with a logout
 * token naming the subject and the session as that app knows them.
 */
export async function endSessionsOf(
  user: User,
  // The logout token's sub is the account id; the provider makes it the subject that app knows (pairwise).
  deps: { provider: Provider | null; storage: IdpStorage; appOf(clientId: string): App | undefined },
): Promise<EndedSessions> {
  const { storage, provider } = deps;
  const sessions = storage.ofAccount("Session", user.id);
  const logouts: EndedSessions["logouts"] = [];
  const grants = new Set<string>();
  for (const { id, payload } of sessions) {
    const authorizations = (payload.authorizations ?? {}) as Record<
      string,
      { sid?: string; grantId?: string }
    >;
    for (const [clientId, { sid, grantId }] of Object.entries(authorizations)) {
      if (grantId) grants.add(grantId);
      const app = deps.appOf(clientId);
      if (!app?.backchannelLogoutUri || !provider || !sid) continue;
      const started = Date.now();
      try {
        const client = await provider.Client.find(clientId);
        if (!client) continue;
        await (
          client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> }
        ).backchannelLogout(user.id, sid);
        logouts.push({ app, ok: true, status: 200, durationMs: Date.now() - started });
      } catch (err) {
        const status = (err as { response?: { status?: number } }).response?.status;
        logouts.push({
          app,
          ok: false,
          status,
          error: (err as Error).message,
          durationMs: Date.now() - started,
        });
      }
    }
    storage.destroy("Session", id);
  }
  // Grants outlive sessions (offline_access): those go too, refresh tokens with them.
  for (const { id } of storage.ofAccount("Grant", user.id)) grants.add(id);
  for (const grantId of grants) storage.revokeGrant(grantId);
  for (const model of ["RefreshToken", "AccessToken", "AuthorizationCode"])
    for (const { id } of storage.ofAccount(model, user.id)) storage.destroy(model, id);
  return { sessions: sessions.length, grants: grants.size, logouts };
}

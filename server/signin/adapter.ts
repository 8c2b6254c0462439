// The provider's storage: in memory, one store per IdP (oidc-provider's own memory adapter is one store for the
// whole process), with the Client model read from the apps so an app registered through the API signs in at once.
// Sessions and tokens do not outlive the process, as a test IdP's need not; keys and apps do.

type Payload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  userCode?: string;
  accountId?: string;
};

interface Entry {
  payload: Payload;
  expiresAt: number;
}

export interface IdpStorage {
  /** The adapter class oidc-provider instantiates once per model. */
  Adapter: new (
    model: string,
  ) => unknown;
  /** Every stored payload of a model that belongs to an account (sessions, grants, tokens). */
  ofAccount(model: string, accountId: string): Array<{ id: string; payload: Payload }>;
  /** Removes an entry; grants take their tokens with them. */
  destroy(model: string, id: string): void;
  revokeGrant(grantId: string): void;
  clear(): void;
}

const TOKEN_MODELS = [
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
];

export function createIdpStorage(
  clientMetadata: (clientId: string) => Record<string, unknown> | undefined,
): IdpStorage {
  const models = new Map<string, Map<string, Entry>>();
  const storeOf = (model: string) => {
    const store = models.get(model) ?? new Map<string, Entry>();
    models.set(model, store);
    return store;
  };
  const live = (model: string, id: string): Payload | undefined => {
    const store = storeOf(model);
    const entry = store.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(id);
      return undefined;
    }
    return entry.payload;
  };
  const findBy = (model: string, field: "uid" | "userCode", value: string) => {
    for (const [id] of storeOf(model)) {
      const payload = live(model, id);
      if (payload?.[field] === value) return payload;
    }
    return undefined;
  };
  const revokeGrant = (grantId: string) => {
    storeOf("Grant").delete(grantId);
    for (const model of TOKEN_MODELS) {
      for (const [id, entry] of storeOf(model))
        if (entry.payload.grantId === grantId) storeOf(model).delete(id);
    }
  };

  class Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number) {
      const expiresAt =
        typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
      storeOf(this.model).set(id, { payload, expiresAt });
    }

    async find(id: string) {
      if (this.model === "Client") return clientMetadata(id);
      return live(this.model, id);
    }

    async findByUid(uid: string) {
      return findBy(this.model, "uid", uid);
    }

    async findByUserCode(userCode: string) {
      return findBy(this.model, "userCode", userCode);
    }

    async consume(id: string) {
      const payload = live(this.model, id);
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string) {
      storeOf(this.model).delete(id);
    }

    async revokeByGrantId(grantId: string) {
      revokeGrant(grantId);
    }
  }

  return {
    Adapter,
    ofAccount(model, accountId) {
      return [...storeOf(model)].flatMap(([id]) => {
        const payload = live(model, id);
        return payload?.accountId === accountId ? [{ id, payload }] : [];
      });
    },
    destroy: (model, id) => void storeOf(model).delete(id),
    revokeGrant,
    clear: () => models.clear(),
  };
}

// Sign-in: the apps registered at the embedded IdP (OIDC relying parties and SAML service providers), as the
// control API takes and shows them, and what a sign-in exchange in the live traffic says about itself.

export const SIGN_IN_PROTOCOLS = ["oidc", "saml"] as const;
export type SignInProtocol = (typeof SIGN_IN_PROTOCOLS)[number];

/** Whose tokens and assertions the IdP imitates for an app: claim names, subject ids, error codes. */
export const SIGN_IN_PROFILES = ["okta", "entra", "onelogin", "rfc"] as const;
export type SignInProfile = (typeof SIGN_IN_PROFILES)[number];

/** What a SAML assertion's NameID carries. */
export const NAME_ID_CHOICES = ["userName", "email", "persistent", "transient"] as const;
export type NameIdChoice = (typeof NAME_ID_CHOICES)[number];

/** Who may sign in to an app: everyone active in the directory, or only users assigned (directly or by group). */
export type AppScope = "all" | "assigned";

export interface App {
  id: string;
  name: string;
  protocol: SignInProtocol;
  profile: SignInProfile;
  /** OIDC: the client id (the app id under Entra, a 0oa… id under Okta). */
  clientId: string;
  /** OIDC: shown once, in the answer to the create; masked (••••) everywhere after. */
  clientSecret: string | null;
  /** OIDC: where the authorization response may go. */
  redirectUris: string[];
  /** OIDC: where RP-initiated logout may send the browser afterwards. */
  postLogoutRedirectUris: string[];
  /** OIDC: the RP's back-channel logout endpoint; deactivating a user posts a logout token there. */
  backchannelLogoutUri: string | null;
  /** SAML: the SP's Assertion Consumer Service URL. */
  acsUrl: string | null;
  /** SAML: the SP's entity id, the assertion's Audience. */
  entityId: string | null;
  /** SAML: what the NameID carries (default: the userName). */
  nameId: NameIdChoice;
  scope: AppScope;
  /** Used when scope is "assigned": directory user and group ids. */
  assigned: { users: string[]; groups: string[] };
  /** True for the demo app SCIMulator registers itself (`/demo-app`). */
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What POST /api/apps takes; PATCH takes any subset (protocol excepted). */
export interface AppInput {
  name: string;
  protocol: SignInProtocol;
  profile?: SignInProfile;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  acsUrl?: string | null;
  entityId?: string | null;
  nameId?: NameIdChoice;
  scope?: AppScope;
  assigned?: { users?: string[]; groups?: string[] };
}

/** An app as the control API shows it: the secret masked, with the IdP endpoints the app is configured with. */
export type AppView = App & {
  endpoints: {
    /** OIDC: the issuer (discovery is at …/.well-known/openid-configuration). */
    issuer?: string;
    /** SAML: IdP metadata, the SSO URL and the IdP-initiated sign-in URL for this app. */
    metadata?: string;
    sso?: string;
    idpInitiated?: string;
  };
};

/**
 * What one sign-in exchange was: an app starting a sign-in, the IdP's verdict on the person (signed-in or
 * refused), the code handed back to the app, a token or userinfo request, a sign-out, or a back-channel logout
 * the IdP sent to an app.
 */
export type SignInOutcome =
  | "started"
  | "signed-in"
  | "refused"
  | "code"
  | "token"
  | "userinfo"
  | "signed-out"
  | "logout-sent"
  | "error";

/** The sign-in facts an exchange of kind "sign-in" carries beside its request and response. */
export interface SignInFacts {
  protocol: SignInProtocol;
  appId: string;
  appName: string;
  profile: SignInProfile;
  outcome: SignInOutcome;
  userId?: string;
  userName?: string;
  /** The IdP's own error code and words, for a refusal (AADSTS50057: User account is disabled…). */
  error?: string;
  /** The claims or attributes the app received (tokens themselves are never logged). */
  claims?: Record<string, unknown>;
}

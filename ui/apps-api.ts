import type { AppInput, AppView } from "../server/protocol";
import { request } from "./request";

/** The apps registered at the embedded IdP (OIDC clients and SAML service providers). */
export const appsApi = {
  list: () => request<AppView[]>("GET", "/api/apps"),
  /** The answer carries the client secret, this once. */
  create: (input: AppInput) => request<AppView>("POST", "/api/apps", input),
  remove: (id: string) => request<null>("DELETE", `/api/apps/${encodeURIComponent(id)}`),
};

import { randomBytes } from "node:crypto";
import type { App, User } from "../protocol";
import { subjectFor } from "./claims";
import { pairwiseSubject } from "./oidc";

export interface SamlAttribute {
  name: string;
  nameFormat: string;
  friendlyName?: string;
  values: string[];
}

const URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
const BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";
const UNSPECIFIED = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified";
const CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";
const MS = "http://schemas.microsoft.com/identity/claims";

export const NAME_ID_FORMATS = {
  email: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  unspecified: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
  persistent: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
  transient: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
} as const;

/**
 * The NameID an app gets. userName (the default) travels as Entra and OneLogin send a UPN or email (the
 * emailAddress format) and as Okta and rfc send a username (unspecified); persistent is the IdP's stable subject
 * for the app; transient is new at every sign-in.
 */
export function nameIdFor(app: App, user: User, salt: string): { format: string; value: string } {
  switch (app.nameId) {
    case "email":
      return { format: NAME_ID_FORMATS.email, value: user.email ?? user.userName };
    case "persistent":
      return {
        format: NAME_ID_FORMATS.persistent,
        value:
          app.profile === "entra" ? pairwiseSubject(user.id, app.id, salt) : subjectFor(app.profile, user.id),
      };
    case "transient":
      return { format: NAME_ID_FORMATS.transient, value: `_${randomBytes(16).toString("hex")}` };
    default:
      return {
        format:
          app.profile === "entra" || app.profile === "onelogin"
            ? NAME_ID_FORMATS.email
            : NAME_ID_FORMATS.unspecified,
        value: user.userName,
      };
  }
}

const one = (
  name: string,
  nameFormat: string,
  value: string | null | undefined,
  friendlyName?: string,
): SamlAttribute[] =>
  value ? [{ name, nameFormat, values: [value], ...(friendlyName ? { friendlyName } : {}) }] : [];

/** The attribute statement, with each dialect's attribute names (docs/sign-in.md gives each one's source). */
export function attributesFor(
  app: App,
  user: User,
  ctx: { tenantId: string; groups: string[] },
): SamlAttribute[] {
  const display = user.displayName ?? `${user.givenName} ${user.familyName}`;
  switch (app.profile) {
    case "entra":
      return [
        ...one(`${MS}/tenantid`, URI, ctx.tenantId),
        ...one(`${MS}/objectidentifier`, URI, user.id),
        ...one(`${MS}/displayname`, URI, display),
        ...one(`${MS}/identityprovider`, URI, `https://sts.windows.net/${ctx.tenantId}/`),
        ...one(
          `${MS}/authnmethodsreferences`,
          URI,
          "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password",
        ),
        ...one(`${CLAIMS}/givenname`, URI, user.givenName),
        ...one(`${CLAIMS}/surname`, URI, user.familyName),
        ...one(`${CLAIMS}/emailaddress`, URI, user.email),
        ...one(`${CLAIMS}/name`, URI, user.userName),
      ];
    case "okta":
      return [
        ...one("firstName", UNSPECIFIED, user.givenName),
        ...one("lastName", UNSPECIFIED, user.familyName),
        ...one("email", UNSPECIFIED, user.email ?? user.userName),
        ...(ctx.groups.length > 0 ? [{ name: "groups", nameFormat: UNSPECIFIED, values: ctx.groups }] : []),
      ];
    case "onelogin":
      return [
        ...one("User.FirstName", BASIC, user.givenName),
        ...one("User.LastName", BASIC, user.familyName),
        ...one("User.email", BASIC, user.email ?? user.userName),
        ...(ctx.groups.length > 0 ? [{ name: "memberOf", nameFormat: BASIC, values: ctx.groups }] : []),
      ];
    case "rfc":
      // The X.500 and eduPerson OIDs with the uri name format, as the SAML V2.0 interoperability profiles use.
      return [
        ...one("urn:oid:2.5.4.42", URI, user.givenName, "givenName"),
        ...one("urn:oid:2.5.4.4", URI, user.familyName, "sn"),
        ...one("urn:oid:0.9.2342.19200300.100.1.3", URI, user.email, "mail"),
        ...one("urn:oid:2.16.840.1.113730.3.1.241", URI, display, "displayName"),
        ...one("urn:oid:0.9.2342.19200300.100.1.1", URI, user.userName, "uid"),
      ];
  }
}

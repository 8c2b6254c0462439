import { randomBytes } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { create } from "xmlbuilder2";
import type { SamlAttribute } from "./saml-attributes";

// SAML 2.0 messages, built with xmlbuilder2 (escaping and namespaces by construction) and signed with xml-crypto:
// the assertion, then the response around it, each with an enveloped RSA-SHA256 signature placed right after its
// Issuer, where the schema wants it.

const NS = {
  samlp: "urn:oasis:names:tc:SAML:2.0:protocol",
  saml: "urn:oasis:names:tc:SAML:2.0:assertion",
  md: "urn:oasis:names:tc:SAML:2.0:metadata",
  ds: "http://www.w3.org/2000/09/xmldsig#",
};
const STATUS = "urn:oasis:names:tc:SAML:2.0:status:";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";

export const newId = () => `_${randomBytes(20).toString("hex")}`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface SigningKey {
  privateKey: string;
  certificate: string;
}

function sign(xml: string, element: "Assertion" | "Response", key: SigningKey): string {
  const signer = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.certificate,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: EXC_C14N,
  });
  signer.addReference({
    xpath: `/*[local-name(.)='${element}']`,
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", EXC_C14N],
  });
  signer.computeSignature(xml, {
    prefix: "ds",
    location: { reference: `/*[local-name(.)='${element}']/*[local-name(.)='Issuer']`, action: "after" },
  });
  return signer.getSignedXml();
}

export interface AssertionInput {
  issuer: string;
  audience: string;
  acsUrl: string;
  inResponseTo: string | null;
  nameId: { format: string; value: string };
  attributes: SamlAttribute[];
  sessionIndex: string;
  /** Five minutes, as the IdPs commonly allow. */
  lifetimeMs?: number;
}

function assertionXml(input: AssertionInput, now: number): string {
  const until = iso(now + (input.lifetimeMs ?? 300_000));
  const confirm: Record<string, string> = { "@NotOnOrAfter": until, "@Recipient": input.acsUrl };
  if (input.inResponseTo) confirm["@InResponseTo"] = input.inResponseTo;
  const doc = create({ version: "1.0" })
    .ele(NS.saml, "saml:Assertion", { ID: newId(), IssueInstant: iso(now), Version: "2.0" })
    .ele(NS.saml, "saml:Issuer")
    .txt(input.issuer)
    .up()
    .ele(NS.saml, "saml:Subject")
    .ele(NS.saml, "saml:NameID", { Format: input.nameId.format })
    .txt(input.nameId.value)
    .up()
    .ele(NS.saml, "saml:SubjectConfirmation", { Method: "urn:oasis:names:tc:SAML:2.0:cm:bearer" })
    .ele(
      NS.saml,
      "saml:SubjectConfirmationData",
      Object.fromEntries(Object.entries(confirm).map(([k, v]) => [k.slice(1), v])),
    )
    .up()
    .up()
    .up()
    .ele(NS.saml, "saml:Conditions", { NotBefore: iso(now - 60_000), NotOnOrAfter: until })
    .ele(NS.saml, "saml:AudienceRestriction")
    .ele(NS.saml, "saml:Audience")
    .txt(input.audience)
    .up()
    .up()
    .up()
    .ele(NS.saml, "saml:AuthnStatement", { AuthnInstant: iso(now), SessionIndex: input.sessionIndex })
    .ele(NS.saml, "saml:AuthnContext")
    .ele(NS.saml, "saml:AuthnContextClassRef")
    .txt("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
    .up()
    .up()
    .up();
  if (input.attributes.length > 0) {
    const statement = doc.ele(NS.saml, "saml:AttributeStatement");
    for (const a of input.attributes) {
      const attr = statement.ele(NS.saml, "saml:Attribute", {
        Name: a.name,
        NameFormat: a.nameFormat,
        ...(a.friendlyName ? { FriendlyName: a.friendlyName } : {}),
      });
      for (const v of a.values) attr.ele(NS.saml, "saml:AttributeValue").txt(v);
    }
  }
  return doc.end({ headless: true });
}

function responseXml(
  opts: {
    issuer: string;
    acsUrl: string;
    inResponseTo: string | null;
    status: string;
    message?: string;
    sub?: string;
  },
  inner: string,
  now: number,
): string {
  const attrs: Record<string, string> = {
    ID: newId(),
    Version: "2.0",
    IssueInstant: iso(now),
    Destination: opts.acsUrl,
  };
  if (opts.inResponseTo) attrs.InResponseTo = opts.inResponseTo;
  const doc = create({ version: "1.0" }).ele(NS.samlp, "samlp:Response", attrs);
  doc.ele(NS.saml, "saml:Issuer").txt(opts.issuer);
  const status = doc.ele(NS.samlp, "samlp:Status");
  const code = status.ele(NS.samlp, "samlp:StatusCode", { Value: `${STATUS}${opts.status}` });
  if (opts.sub) code.ele(NS.samlp, "samlp:StatusCode", { Value: `${STATUS}${opts.sub}` });
  if (opts.message) status.ele(NS.samlp, "samlp:StatusMessage").txt(opts.message);
  // The signed assertion goes in as text: re-serialising it could change what was signed.
  return doc.end({ headless: true }).replace(/<\/samlp:Response>$/, `${inner}</samlp:Response>`);
}

/** A successful Response: the assertion signed, then the whole response signed around it. */
export function signedResponse(input: AssertionInput, key: SigningKey, now = Date.now()): string {
  const assertion = sign(assertionXml(input, now), "Assertion", key);
  const response = responseXml({ ...input, status: "Success" }, assertion, now);
  return sign(response, "Response", key);
}

/** A refusal: a signed Response with no assertion, a Responder/RequestDenied status and the IdP's words. */
export function refusalResponse(
  input: Pick<AssertionInput, "issuer" | "acsUrl" | "inResponseTo">,
  message: string,
  key: SigningKey,
  now = Date.now(),
): string {
  return sign(
    responseXml({ ...input, status: "Responder", sub: "RequestDenied", message }, "", now),
    "Response",
    key,
  );
}

const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");

/** IdP metadata: the entity id, the signing certificate, the SSO endpoints for both bindings, the NameID formats. */
export function idpMetadata(
  entityId: string,
  ssoUrl: string,
  certificate: string,
  formats: string[],
): string {
  const doc = create({ version: "1.0" }).ele(NS.md, "md:EntityDescriptor", { entityID: entityId });
  const idp = doc.ele(NS.md, "md:IDPSSODescriptor", {
    WantAuthnRequestsSigned: "false",
    protocolSupportEnumeration: NS.samlp,
  });
  idp
    .ele(NS.md, "md:KeyDescriptor", { use: "signing" })
    .ele(NS.ds, "ds:KeyInfo")
    .ele(NS.ds, "ds:X509Data")
    .ele(NS.ds, "ds:X509Certificate")
    .txt(pemBody(certificate));
  for (const f of formats) idp.ele(NS.md, "md:NameIDFormat").txt(f);
  for (const binding of ["HTTP-Redirect", "HTTP-POST"])
    idp.ele(NS.md, "md:SingleSignOnService", {
      Binding: `urn:oasis:names:tc:SAML:2.0:bindings:${binding}`,
      Location: ssoUrl,
    });
  return doc.end({ prettyPrint: true });
}

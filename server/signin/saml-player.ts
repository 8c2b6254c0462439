import { DOMParser } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import type { HeadlessBrowser } from "./browser";

const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";

export type SamlSignInResult =
  | { ok: true; nameId: string; nameIdFormat: string; attributes: Record<string, string | string[]> }
  | { ok: false; error: string; description: string };

/**
 * A SAML sign-in as an SP sees it, played headlessly through the IdP-initiated URL with a login_hint: the
 * browser posts the response to the ACS URL, where it is read only after its signature checks out against the
 * IdP's certificate, and only the signed element is read.
 */
export async function playSamlSignIn(
  app: { signInUrl: string; acsUrl: string; certificate: string },
  loginHint: string,
  browser: HeadlessBrowser,
): Promise<SamlSignInResult> {
  const stop = await browser.follow(`${app.signInUrl}?login_hint=${encodeURIComponent(loginHint)}`, (u) =>
    u.startsWith(app.acsUrl),
  );
  const encoded = stop.form?.SAMLResponse;
  if (!encoded)
    return {
      ok: false,
      error: "no_response",
      description: `the IdP posted no SAMLResponse (stopped at ${stop.url})`,
    };
  const xml = Buffer.from(encoded, "base64").toString("utf8");
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const response = doc.documentElement;
  if (!response) return { ok: false, error: "unreadable", description: "the SAMLResponse is not XML" };
  const signature = [...Array.from(response.childNodes)].find(
    (n) => n.nodeType === 1 && (n as Element).localName === "Signature",
  ) as Element | undefined;
  if (!signature) return { ok: false, error: "unsigned", description: "the response is not signed" };
  const verifier = new SignedXml({ publicCert: app.certificate });
  verifier.loadSignature(signature);
  if (!verifier.checkSignature(xml))
    return { ok: false, error: "bad_signature", description: "the response signature does not verify" };
  // Only what the signature covered: the signed response, re-read from what was checked.
  const signed = new DOMParser().parseFromString(
    verifier.getSignedReferences()[0] ?? "",
    "text/xml",
  ).documentElement;
  if (!signed) return { ok: false, error: "unsigned", description: "no signed element" };
  const status = signed.getElementsByTagNameNS(SAMLP, "StatusCode");
  const top = status[0]?.getAttribute("Value") ?? "";
  if (!top.endsWith(":Success")) {
    const message = signed.getElementsByTagNameNS(SAMLP, "StatusMessage")[0]?.textContent ?? "";
    const sub = status[1]?.getAttribute("Value")?.split(":").pop() ?? top.split(":").pop() ?? "";
    return { ok: false, error: sub, description: message };
  }
  const nameId = signed.getElementsByTagNameNS(SAML, "NameID")[0];
  const attributes: Record<string, string | string[]> = {};
  for (const attr of Array.from(signed.getElementsByTagNameNS(SAML, "Attribute"))) {
    const values = Array.from(attr.getElementsByTagNameNS(SAML, "AttributeValue")).map(
      (v) => v.textContent ?? "",
    );
    attributes[attr.getAttribute("Name") ?? ""] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return {
    ok: true,
    nameId: nameId?.textContent ?? "",
    nameIdFormat: nameId?.getAttribute("Format") ?? "",
    attributes,
  };
}

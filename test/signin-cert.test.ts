import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../server/signin/cert";

// The IdP's certificate is encoded by hand; Node's own parser is the judge. A random serial starts with a zero
// byte one time in 256, which DER must not keep: that once made a start-up fail now and then.

describe("the self-signed certificate", () => {
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });

  it("encodes any serial as a minimal DER integer, leading zeros and top bits included", () => {
    for (const head of [
      [0, 0],
      [0, 0x80],
      [0, 5],
      [0x80, 0],
      [0xff, 1],
      [0x7f, 0],
    ]) {
      const serial = Buffer.alloc(16, 7);
      serial.set(head);
      const cert = new X509Certificate(selfSignedCertificate(pair, "SCIMulator test IdP", serial));
      expect(cert.serialNumber).toBe(
        serial
          .toString("hex")
          .toUpperCase()
          .replace(/^(00)+/, ""),
      );
      expect(cert.verify(pair.publicKey)).toBe(true);
    }
  });

  it("names the IdP as subject and issuer and is valid for ten years from yesterday", () => {
    const cert = new X509Certificate(
      selfSignedCertificate(pair, "SCIMulator test IdP", Buffer.from([1, 2, 3])),
    );
    expect(cert.subject).toBe("CN=SCIMulator test IdP");
    expect(cert.issuer).toBe(cert.subject);
    const from = Date.parse(cert.validFrom);
    expect(Date.now() - from).toBeGreaterThan(23 * 3600_000);
    expect(Date.parse(cert.validTo) - from).toBeGreaterThan(9.9 * 365 * 86_400_000);
  });
});

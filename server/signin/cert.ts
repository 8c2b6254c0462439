import { createSign, type KeyObject, X509Certificate } from "node:crypto";

// A self-signed X.509 certificate, encoded by hand in DER: Node can read certificates but not make them, and a
// SAML IdP's metadata names its signing key by certificate. Only what such a certificate needs is encoded.

const der = (tag: number, body: Buffer): Buffer => {
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
/** A DER INTEGER: minimal (no leading zero bytes), with one zero byte put back when the top bit would read as a sign. */
const int = (bytes: Buffer) => {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.subarray(start);
  return der(0x02, (minimal[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
};
const nul = Buffer.from([0x05, 0x00]);

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 asks. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? der(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : der(0x18, Buffer.from(`${iso}Z`));
}

const name = (commonName: string) =>
  seq(set(seq(oid("2.5.4.3"), der(0x0c, Buffer.from(commonName, "utf8")))));

/** A PEM certificate for an RSA key pair, signed with SHA-256, valid from yesterday for `years`. */
export function selfSignedCertificate(
  keys: { privateKey: KeyObject; publicKey: KeyObject },
  commonName: string,
  serial: Buffer,
  years = 10,
): string {
  const sha256WithRsa = seq(oid("1.2.840.113549.1.1.11"), nul);
  const from = new Date(Date.now() - 86_400_000);
  const until = new Date(from);
  until.setUTCFullYear(from.getUTCFullYear() + years);
  const tbs = seq(
    der(0xa0, int(Buffer.from([2]))),
    int(serial),
    sha256WithRsa,
    name(commonName),
    seq(time(from), time(until)),
    name(commonName),
    keys.publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = createSign("sha256").update(tbs).sign(keys.privateKey);
  const cert = seq(tbs, sha256WithRsa, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;
  // Read back by Node's own parser and checked against the key, so a broken encoding fails here, not at an SP.
  if (!new X509Certificate(pem).verify(keys.publicKey))
    throw new Error("the self-signed certificate does not verify");
  return pem;
}

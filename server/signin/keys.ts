import { generateKeyPair, type KeyObject, randomBytes, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { z } from "zod";
import { DataFileError } from "../store/json-file";
import { readPrivateFile, writePrivateFile } from "../store/private-file";
import { selfSignedCertificate } from "./cert";

/** What the IdP signs with and keys its cookies on, made on first start and kept in signin-keys.json (0600). */
export interface SignInKeys {
  /** The OIDC signing key, as a private JWK (RS256); its public half is served at /oidc/jwks. */
  jwk: Record<string, unknown>;
  /** The same key for SAML, in PEM, with its self-signed certificate. */
  saml: { privateKey: string; certificate: string };
  cookieKeys: string[];
  /** The Entra tenant id (`tid`) this installation plays, and the salt of pairwise subject ids. */
  tenantId: string;
  pairwiseSalt: string;
}

const shape = z.object({
  jwk: z.looseObject({ kty: z.literal("RSA"), d: z.string() }),
  saml: z.object({ privateKey: z.string(), certificate: z.string() }),
  cookieKeys: z.array(z.string()).min(1),
  tenantId: z.string(),
  pairwiseSalt: z.string(),
});

const generate = promisify(generateKeyPair);
let signingKey: Promise<{ privateKey: KeyObject; publicKey: KeyObject; certificate: string }> | undefined;

/**
 * One RSA key signs both faces, as Entra's token-signing certificate signs its SAML assertions and its ID tokens
 * (it is in the JWKS with its certificate, x5c). Making one takes a third of a second, so a process makes one and
 * every data directory it first starts keeps a copy; each still gets its own tenant, cookie keys and salt.
 */
function processSigningKey() {
  signingKey ??= generate("rsa", { modulusLength: 2048 }).then((pair) => ({
    ...pair,
    certificate: selfSignedCertificate(pair, "SCIMulator test IdP (not for production)", randomBytes(16)),
  }));
  return signingKey;
}

async function makeKeys(): Promise<SignInKeys> {
  const key = await processSigningKey();
  const der = key.certificate.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return {
    jwk: {
      ...key.privateKey.export({ format: "jwk" }),
      kid: randomBytes(8).toString("hex"),
      use: "sig",
      alg: "RS256",
      x5c: [der],
    },
    saml: {
      privateKey: key.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      certificate: key.certificate,
    },
    cookieKeys: [randomBytes(32).toString("base64url")],
    tenantId: randomUUID(),
    pairwiseSalt: randomBytes(16).toString("hex"),
  };
}

/** Reads the keys, or makes and writes them on first start; a damaged file stops start-up and is left alone. */
export async function loadSignInKeys(file: string): Promise<SignInKeys> {
  const text = await readPrivateFile(file);
  if (text === undefined) {
    const keys = await makeKeys();
    await writePrivateFile(file, JSON.stringify(keys, null, 2));
    return keys;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DataFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const checked = shape.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new DataFileError(
      file,
      `not a sign-in keys file (${issue?.path.join(".") || "(top level)"}: ${issue?.message})`,
    );
  }
  return checked.data as SignInKeys;
}

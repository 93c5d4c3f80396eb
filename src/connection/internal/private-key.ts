import { createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { copyAgain, ecAlgByCurve, nameOrDescription, rsaAlgs, secretError } from './key-messages.ts';

/** A usable private key for private_key_jwt, normalized. */
export interface ParsedPrivateKey {
  kind: 'private_key';
  /** The private JWK: key members as Node exports them, `kid` when the input had one, and `alg` (given or inferred). */
  privateJwk: JWK;
  /** The matching public JWK (`kid`, `alg`, `use: "sig"`), safe to show and to register in Okta. */
  publicJwk: JWK;
  kid: string | undefined;
  /** RS256, RS384, RS512, ES256, ES384 or ES512. */
  alg: string;
  /** RFC 7638 SHA-256 thumbprint of the public key: a fingerprint to show instead of the key. */
  thumbprint: string;
}

// OpenSSL's curve names → JOSE's.
const joseCurve: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const hashByAlg: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' };

/**
 * Checks that a private key is one Okta accepts for private_key_jwt (RSA of 2048 bits or more, or EC
 * P-256/P-384/P-521), that its private and public halves belong together, and normalizes it.
 */
export async function toParsedPrivateKey(key: KeyObject, meta: { kid?: string | undefined; alg?: string | undefined }): Promise<ParsedPrivateKey> {
  const alg = algFor(key, meta.alg);
  // A key edited by hand or pasted in pieces can import and still sign wrongly: prove it signs.
  const probe = randomBytes(32);
  const hash = hashByAlg[alg] ?? 'sha256';
  let consistent = false;
  try {
    consistent = verify(hash, probe, createPublicKey(key), sign(hash, probe, key));
  } catch {
    consistent = false;
  }
  if (!consistent) {
    throw secretError(`The key's private and public parts do not belong together (it may have been edited or copied in pieces). ${copyAgain}`);
  }
  const kid = meta.kid;
  const privateJwk: JWK = { ...key.export({ format: 'jwk' }), ...(kid !== undefined ? { kid } : {}), alg };
  const publicJwk: JWK = { ...createPublicKey(key).export({ format: 'jwk' }), ...(kid !== undefined ? { kid } : {}), alg, use: 'sig' };
  const thumbprint = await calculateJwkThumbprint(publicJwk, 'sha256');
  return { kind: 'private_key', privateJwk, publicJwk, kid, alg, thumbprint };
}

function algFor(key: KeyObject, given: string | undefined): string {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) {
      throw secretError(`This is a ${bits}-bit RSA key; Okta requires RSA keys of 2048 bits or more. Generate a new key on the app's General tab (Okta generates 2048-bit keys) and paste its private key JSON.`);
    }
    if (given === undefined) return 'RS256';
    if (rsaAlgs.includes(given)) return given;
    throw secretError(`This RSA key says "alg": "${nameOrDescription(given, 'an unknown algorithm')}", which Okta does not accept for client authentication. Remove "alg" or set it to RS256, RS384 or RS512.`);
  }
  if (type === 'ec') {
    const openSslCurve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const curve = joseCurve[openSslCurve];
    const inferred = curve === undefined ? undefined : ecAlgByCurve[curve];
    if (curve === undefined || inferred === undefined) {
      throw secretError(`This EC key uses the curve ${nameOrDescription(openSslCurve, 'of another kind')}; Okta accepts P-256, P-384 and P-521. Generate a new key on the app's General tab and paste its private key JSON.`);
    }
    if (given === undefined || given === inferred) return inferred;
    throw secretError(`This ${curve} key says "alg": "${nameOrDescription(given, 'an unknown algorithm')}", but a ${curve} key signs with ${inferred}. Remove "alg" or set it to ${inferred}.`);
  }
  throw secretError(`${describeKeyType(type)} Okta accepts RSA keys (2048 bits or more) and EC keys (P-256, P-384, P-521) for private_key_jwt. Generate a key on the app's General tab and paste its private key JSON.`);
}

function describeKeyType(type: string | undefined): string {
  switch (type) {
    case 'ed25519':
    case 'ed448':
      return `This is an ${type === 'ed25519' ? 'Ed25519' : 'Ed448'} ("OKP") key, which Okta does not accept for client authentication.`;
    case 'rsa-pss':
      return 'This is an RSA-PSS-only key, which Okta does not accept for client authentication.';
    case 'x25519':
    case 'x448':
    case 'dh':
      return 'This is a key-agreement key, which cannot sign.';
    case 'dsa':
      return 'This is a DSA key, which Okta does not accept.';
    default:
      return 'This is a kind of key Okta does not accept.';
  }
}

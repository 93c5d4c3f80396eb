/**
 * Key material for tests, generated at test time (never committed). Shapes follow what people paste:
 * Okta's key JSON (with kid, alg and use), bare JWKs, and PEMs in the formats openssl writes.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface TestKeys {
  rsa: JWK;
  rsaOther: JWK;
  ec256: JWK;
  ec384: JWK;
  ec521: JWK;
  rsa1024: JWK;
  secp256k1: JWK;
  ed25519: JWK;
}

async function joseKey(alg: 'RS256' | 'ES256' | 'ES384' | 'ES512'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return exportJWK(privateKey);
}

function nodeKey(key: KeyObject): JWK {
  return key.export({ format: 'jwk' });
}

/** Generates one key of each kind the tests need (about half a second). */
export async function generateTestKeys(): Promise<TestKeys> {
  const [rsa, rsaOther, ec256, ec384, ec521] = await Promise.all([joseKey('RS256'), joseKey('RS256'), joseKey('ES256'), joseKey('ES384'), joseKey('ES512')]);
  return {
    rsa,
    rsaOther,
    ec256,
    ec384,
    ec521,
    rsa1024: nodeKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey),
    secp256k1: nodeKey(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey),
    ed25519: nodeKey(generateKeyPairSync('ed25519').privateKey),
  };
}

/** The key as Okta's Admin Console shows it after "Generate new key": kid, alg and use included. */
export function oktaStyle(jwk: JWK, alg = 'RS256', kid = 'Xa1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY3zA4b'): JWK {
  return { kty: jwk.kty, alg, kid, use: 'sig', ...jwk };
}

/** The public half of a JWK. */
export function publicOf(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest;
}

/** A PEM export of a private JWK, as openssl writes them (optionally encrypted with a passphrase). */
export function pemOf(jwk: JWK, type: 'pkcs8' | 'pkcs1' | 'sec1', passphrase?: string): string {
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  if (passphrase === undefined) return key.export({ type, format: 'pem' }).toString();
  return key.export({ type, format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
}

/** The public key PEM (SPKI, "BEGIN PUBLIC KEY") of a private JWK. */
export function publicPemOf(jwk: JWK): string {
  return createPublicKey(createPrivateKey({ key: jwk, format: 'jwk' })).export({ type: 'spki', format: 'pem' }).toString();
}

/** The private members' values: what must never appear in a message. */
export function secretPartsOf(jwk: JWK): string[] {
  return [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].filter((v): v is string => typeof v === 'string');
}

import { exportJWK, generateKeyPair } from 'jose';
import type { SigningKey } from '../context.ts';

/** Makes the org authorization server's RS256 signing key (one per emulator process). */
export async function createSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

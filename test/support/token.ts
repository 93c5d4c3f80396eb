import { randomUUID } from 'node:crypto';
import { SignJWT, importJWK, type JWK } from 'jose';

/** Gets a Bearer token for a credential (no DPoP, no validation): for benchmarks and scripts. */
export async function requestToken(orgUrl: string, credential: { clientId: string; privateKey: Record<string, unknown> }, scopes: readonly string[]): Promise<string> {
  const tokenUrl = `${orgUrl}/oauth2/v1/token`;
  const jwk = credential.privateKey as JWK;
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ iss: credential.clientId, sub: credential.clientId, aud: tokenUrl, jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256', ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(await importJWK(jwk, 'RS256'));
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: scopes.join(' '),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }).toString(),
  });
  const body = (await res.json()) as { access_token?: string; error?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token request failed with ${res.status} ${body.error ?? ''}`);
  return body.access_token;
}

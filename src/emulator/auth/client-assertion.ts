import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { findAppByClientId } from '../state/apps.ts';
import { OAuthError } from '../state/errors.ts';
import type { Org } from '../state/org.ts';
import type { AppRecord, JwkRecord } from '../state/types.ts';
import { asymmetricAlgs } from './dpop.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const algSet: ReadonlySet<string> = new Set(asymmetricAlgs);

const invalidClient = (description: string) => new OAuthError(401, 'invalid_client', description);

/** A client that proved who it is with a private_key_jwt assertion. */
export interface AuthenticatedClient {
  app: AppRecord;
  /** The assertion's jti, to be marked used once the request succeeds; null when it has none. */
  jti: string | null;
  exp: number;
}

/** The credential fields of a token request, whatever way they came (form or Basic header). */
export interface ClientCredentials {
  clientAssertionType: string | undefined;
  clientAssertion: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
}

/**
 * Authenticates the client of a token request to the org authorization server: only private_key_jwt
 * is allowed for client credentials there (reference §1.2–1.3), with Okta's error texts.
 */
export async function authenticateClient(org: Org, creds: ClientCredentials, tokenUrl: string, nowSeconds: number): Promise<AuthenticatedClient> {
  if (creds.clientAssertion !== undefined && creds.clientSecret !== undefined) {
    throw new OAuthError(400, 'invalid_request', 'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.');
  }
  if (creds.clientAssertion === undefined) {
    if (creds.clientSecret !== undefined && creds.clientId !== undefined) {
      const app = findAppByClientId(org, creds.clientId);
      if (!app || app.oauthClient?.clientSecret !== creds.clientSecret) throw invalidClient('The client secret supplied for a confidential client is invalid.');
      throw invalidClient('Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.');
    }
    throw invalidClient('No client credentials found.');
  }
  if (creds.clientAssertionType !== JWT_BEARER) throw new OAuthError(400, 'invalid_request', 'The client_assertion_type is invalid.');

  const assertion = creds.clientAssertion;
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw invalidClient('The client_assertion token is malformed and could not be parsed.');
  }
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw invalidClient('The subject claim for client_assertion is not a valid client_id.');
  const app = findAppByClientId(org, claims.sub);
  if (!app || !app.oauthClient) throw invalidClient('The subject claim for client_assertion is not a valid client_id.');
  if (claims.iss !== claims.sub) throw invalidClient('The issuer claim for client_assertion is not a valid client_id.');
  if (creds.clientId !== undefined && creds.clientId !== claims.sub) throw invalidClient('The client_id parameter does not match the client_assertion subject.');
  if (app.status !== 'ACTIVE') throw invalidClient('The client is not active.');
  const client = app.oauthClient;
  if (client.tokenEndpointAuthMethod !== 'private_key_jwt') {
    throw invalidClient('Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.');
  }
  if (client.applicationType !== 'service') {
    throw invalidClient("Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.");
  }
  if (typeof header.alg !== 'string' || !algSet.has(header.alg)) throw invalidClient('The client_assertion JWT signature algorithm is invalid.');

  const key = pickKey(client.keys, header.kid, header.alg);
  let verified = false;
  try {
    const publicKey = await importJWK(stripPrivate(key.jwk), header.alg);
    await compactVerify(assertion, publicKey, { algorithms: [header.alg] });
    verified = true;
  } catch {
    verified = false;
  }
  if (!verified) throw invalidClient('The client_assertion signature is invalid.');

  if (claims.aud !== tokenUrl && !(Array.isArray(claims.aud) && claims.aud.length === 1 && claims.aud[0] === tokenUrl)) {
    throw invalidClient('The audience claim for client_assertion must be the endpoint invoked for the request.');
  }
  if (typeof claims.exp !== 'number') throw invalidClient("The client_assertion must contain the 'exp' claim as seconds since epoch.");
  if (claims.exp <= nowSeconds) throw invalidClient('The client_assertion token is expired.');
  if (claims.exp > nowSeconds + 3600) throw invalidClient('The client_assertion token has an expiration too far into the future.');
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat > nowSeconds + 5)) {
    throw invalidClient('The client_assertion token must be issued before the current time.');
  }
  let jti: string | null = null;
  if (claims.jti !== undefined) {
    if (typeof claims.jti !== 'string') throw invalidClient("The client_assertion token's 'jti' claim is invalid.");
    const used = org.usedAssertionJtis.get(`${app.id}:${claims.jti}`);
    if (used !== undefined && used > nowSeconds) throw invalidClient('The client_assertion token has already been used.');
    jti = claims.jti;
  }
  return { app, jti, exp: claims.exp };
}

/** Marks an assertion's jti as used until it expires (called once a token is issued). */
export function consumeAssertion(org: Org, client: AuthenticatedClient, nowSeconds: number): void {
  if (client.jti === null) return;
  org.usedAssertionJtis.set(`${client.app.id}:${client.jti}`, client.exp);
  if (org.usedAssertionJtis.size > 10_000) {
    for (const [k, exp] of org.usedAssertionJtis) if (exp <= nowSeconds) org.usedAssertionJtis.delete(k);
  }
}

function pickKey(keys: JwkRecord[], kid: string | undefined, alg: string): JwkRecord {
  const active = keys.filter((k) => k.status === 'ACTIVE');
  let key: JwkRecord | undefined;
  if (kid !== undefined) {
    key = keys.find((k) => k.jwk.kid === kid);
    if (!key) throw invalidClient('The client_assertion JWT kid is invalid.');
    if (key.status !== 'ACTIVE') throw invalidClient('The client_assertion signature is invalid.');
  } else {
    // Without a kid Okta can only pick the app's single active key of the matching type.
    const kty = alg.startsWith('ES') ? 'EC' : 'RSA';
    const candidates = active.filter((k) => k.jwk.kty === kty);
    if (candidates.length !== 1) throw invalidClient('The client_assertion JWT kid is invalid.');
    key = candidates[0] as JwkRecord;
  }
  if (key.jwk.use !== undefined && key.jwk.use !== 'sig') throw invalidClient("The client_assertion JWT key has an invalid 'use' parameter.");
  return key;
}

function stripPrivate(jwk: Record<string, unknown>): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest as JWK;
}

import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { startEmulator, type EmulatorOptions, type RunningEmulator, type ServiceAppCredential } from '../../src/emulator/index.ts';
import { expectValidOktaResponse } from './openapi.ts';

/** A DPoP key pair for tests (ES256). */
export interface DpopKey {
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
}

export async function createDpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

/** Signs a DPoP proof for a request. */
export async function dpopProof(key: DpopKey, method: string, url: string, extra: Record<string, unknown> = {}, iat = Math.floor(Date.now() / 1000)): Promise<string> {
  return new SignJWT({ htm: method, htu: url, jti: randomUUID(), ...extra })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk })
    .setIssuedAt(iat)
    .sign(key.privateKey);
}

/** Signs a private_key_jwt client assertion for the org token endpoint. */
export async function clientAssertion(
  credential: { clientId: string; privateKey: Record<string, unknown> },
  tokenUrl: string,
  overrides: { claims?: Record<string, unknown>; header?: Record<string, unknown>; now?: number; omitJti?: boolean; expiresIn?: number } = {},
): Promise<string> {
  const jwk = credential.privateKey as JWK;
  const alg = (overrides.header?.alg as string | undefined) ?? jwk.alg ?? 'RS256';
  const key = await importJWK(jwk, alg);
  const now = overrides.now ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iss: credential.clientId, sub: credential.clientId, aud: tokenUrl, iat: now, exp: now + (overrides.expiresIn ?? 300) };
  if (!overrides.omitJti) claims.jti = randomUUID();
  Object.assign(claims, overrides.claims ?? {});
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return new SignJWT(claims).setProtectedHeader({ alg, ...(jwk.kid ? { kid: jwk.kid } : {}), ...(overrides.header ?? {}) }).sign(key);
}

/** A response as tests see it: status, headers and parsed JSON body (undefined when empty). */
export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** fetch that parses JSON and validates every JSON body against Okta's OpenAPI documents. */
export async function oktaFetch<T = unknown>(url: string, init: RequestInit = {}): Promise<TestResponse<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  if (text.length > 0 && (res.headers.get('content-type') ?? '').includes('json')) {
    body = JSON.parse(text);
    await expectValidOktaResponse(init.method ?? 'GET', url, res.status, body);
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

/** Requests a token with the client-credentials grant (and DPoP when a key is given, doing the nonce dance). */
export async function requestToken(
  orgUrl: string,
  credential: { clientId: string; privateKey: Record<string, unknown> },
  scopes: readonly string[],
  dpop?: DpopKey,
  /** Epoch seconds to sign the assertion at (default: the wall clock); pass the emulator's time when its clock is fake. */
  now?: number,
): Promise<TestResponse<Record<string, unknown>>> {
  const tokenUrl = `${orgUrl}/oauth2/v1/token`;
  let nonce: string | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: scopes.join(' '),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(credential, tokenUrl, now !== undefined ? { now } : {}),
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (dpop) headers.dpop = await dpopProof(dpop, 'POST', tokenUrl, nonce ? { nonce } : {}, now);
    const res = await oktaFetch<Record<string, unknown>>(tokenUrl, { method: 'POST', headers, body: form.toString() });
    if (res.status === 400 && res.body?.error === 'use_dpop_nonce' && dpop) {
      nonce = res.headers.get('dpop-nonce') ?? undefined;
      continue;
    }
    return res;
  }
  throw new Error('the DPoP nonce dance did not converge');
}

/** An emulator with a token-holding client for tests. */
export interface TestOrg {
  emulator: RunningEmulator;
  url: string;
  credential: ServiceAppCredential;
  token: string;
  /** Calls the Management API with the service app's token; validates JSON bodies against the OpenAPI documents. */
  api<T = unknown>(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

/** Starts an emulator on a free port and gets a token holding every scope. */
export async function startTestOrg(options: EmulatorOptions = {}): Promise<TestOrg> {
  const emulator = await startEmulator({ port: 0, seed: 'empty', ...options });
  // Sign at the emulator's time: tests share fake clocks that earlier tests may have moved.
  const res = await requestToken(emulator.url, emulator.credential, emulator.credential.scopes, undefined, Math.floor(emulator.context.clock.now() / 1000));
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  const token = String(res.body.access_token);
  return {
    emulator,
    url: emulator.url,
    credential: emulator.credential,
    token,
    api(method, path, opts = {}) {
      const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${opts.token ?? token}`, ...(opts.headers ?? {}) };
      let body: string | undefined;
      if (opts.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      }
      return oktaFetch(`${emulator.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    },
    close: () => emulator.close(),
  };
}

/** A profile for a new user. */
export function profile(login: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const [first = 'Test', last = 'User'] = login.split('@')[0]?.split('.') ?? [];
  return { login, email: login, firstName: cap(first), lastName: cap(last), ...extra };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

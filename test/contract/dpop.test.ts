// Conformance of the emulator's DPoP (RFC 9449) handling with Okta's: the three-step nonce dance at the
// token endpoint for a DPoP-required service app, proof defects, and DPoP-bound tokens at Management
// API resources (reference okta-api.md §1.7, §1.8, §1.10, §7 items 6 and 9).
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../src/common/clock.ts';
import { accessTokenHash } from '../../src/emulator/auth/dpop.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { assignClientRole, grantScope } from '../../src/emulator/state/access.ts';
import { createApp } from '../../src/emulator/state/apps.ts';
import { createUser } from '../../src/emulator/state/users.ts';
import { clientAssertion, createDpopKey, dpopProof, oktaFetch, type DpopKey, type TestResponse } from '../support/emulator.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ALGS = 'DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512"';

interface Credential {
  clientId: string;
  privateKey: Record<string, unknown>;
}

let clock: FakeClock;
/** Its built-in service app requires DPoP (`startEmulator({ dpop: true })`). */
let emulator: RunningEmulator;
/** A second service app, created without DPoP, holding every scope it is asked for here. */
let bearerApp: Credential;
let tokenUrl: string;
let host: string;

const nowOf = (e: RunningEmulator) => Math.floor(e.context.clock.now() / 1000);
const nowS = () => nowOf(emulator);

/** A proof for the token endpoint or a resource, with `iat` on the emulator's clock. */
const proof = (key: DpopKey, method: string, url: string, extra: Record<string, unknown> = {}, iat = nowS()) => dpopProof(key, method, url, extra, iat);

/** Signs a proof with full control of the header (for malformed ones). */
async function customProof(header: Record<string, unknown>, claims: Record<string, unknown>, signingKey: Parameters<SignJWT['sign']>[0]): Promise<string> {
  return new SignJWT({ jti: randomUUID(), iat: nowS(), ...claims }).setProtectedHeader({ alg: 'ES256', ...header }).sign(signingKey);
}

async function postToken(e: RunningEmulator, credential: Credential, scopes: string, dpop?: string | string[]): Promise<TestResponse<Record<string, unknown>>> {
  const url = `${e.url}/oauth2/v1/token`;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: scopes,
    client_assertion_type: JWT_BEARER,
    client_assertion: await clientAssertion(credential, url, { now: nowOf(e) }),
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (typeof dpop === 'string') headers.dpop = dpop;
  return oktaFetch(url, { method: 'POST', headers, body: form.toString() });
}

/** Step 2 of the dance: a proof without nonce, answered with use_dpop_nonce and the nonce to use. */
async function fetchNonce(e: RunningEmulator, key: DpopKey): Promise<string> {
  const url = `${e.url}/oauth2/v1/token`;
  const res = await postToken(e, e.credential, 'okta.users.read', await dpopProof(key, 'POST', url, {}, nowOf(e)));
  expect(res.body.error).toBe('use_dpop_nonce');
  const nonce = res.headers.get('dpop-nonce');
  if (!nonce) throw new Error('no dpop-nonce header');
  return nonce;
}

/** The whole dance, returning a DPoP-bound access token of the built-in app. */
async function dpopToken(e: RunningEmulator, key: DpopKey, scopes: string): Promise<string> {
  const nonce = await fetchNonce(e, key);
  const res = await postToken(e, e.credential, scopes, await dpopProof(key, 'POST', `${e.url}/oauth2/v1/token`, { nonce }, nowOf(e)));
  expect(res.status).toBe(200);
  expect(res.body.token_type).toBe('DPoP');
  return String(res.body.access_token);
}

function expectOAuthError(res: TestResponse<Record<string, unknown>>, status: number, error: string, description: string): void {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: { error, error_description: description } });
  expect(res.headers.get('cache-control')).toContain('no-store');
}

/** Sends a request with node:http so that a header can be sent twice (fetch folds repeated headers into one). */
function rawRequest(url: string, method: string, headers: Record<string, string | string[]>, body = ''): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  clock = createFakeClock(Date.now());
  emulator = await startEmulator({ port: 0, seed: 'empty', clock, dpop: true });
  tokenUrl = `${emulator.url}/oauth2/v1/token`;
  host = new URL(emulator.url).host;
  const org = emulator.context.org;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const meta = { kid: 'bearer-1', alg: 'RS256', use: 'sig' };
  const now = org.now();
  const app = createApp(
    org,
    {
      name: 'oidc_client',
      label: 'Legacy Bearer Service',
      signOnMode: 'OPENID_CONNECT',
      status: 'ACTIVE',
      body: {},
      oauthClient: {
        applicationType: 'service',
        grantTypes: ['client_credentials'],
        responseTypes: ['token'],
        tokenEndpointAuthMethod: 'private_key_jwt',
        dpopBound: false,
        keys: [{ id: org.ids.next('jwk'), status: 'ACTIVE', created: now, lastUpdated: now, jwk: { ...(await exportJWK(publicKey)), ...meta } }],
        clientSecret: null,
      },
    },
    null,
  );
  for (const scope of ['okta.users.read', 'okta.groups.read']) grantScope(org, app, scope, emulator.url, null);
  assignClientRole(org, app, 'SUPER_ADMIN', null);
  bearerApp = { clientId: app.id, privateKey: { ...(await exportJWK(privateKey)), ...meta } };
  createUser(org, { profile: { login: 'ada.lovelace@acme.example', email: 'ada.lovelace@acme.example', firstName: 'Ada', lastName: 'Lovelace' }, status: 'ACTIVE', hasPassword: true }, null);
});
afterAll(async () => {
  await emulator?.close();
});

describe('DPoP at the token endpoint (DPoP-required app)', () => {
  it('step 1: no DPoP header → 400 invalid_dpop_proof "The DPoP proof JWT header is missing."', async () => {
    expectOAuthError(await postToken(emulator, emulator.credential, 'okta.users.read'), 400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
  });

  it('step 2: a proof without nonce → 400 use_dpop_nonce with a dpop-nonce header, the same nonce until it rotates', async () => {
    const key = await createDpopKey();
    const first = await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', tokenUrl));
    expectOAuthError(first, 400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.');
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[\w-]{16,}$/);
    const second = await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', tokenUrl));
    expect(second.headers.get('dpop-nonce')).toBe(nonce);
  });

  it('step 3: a fresh proof with the nonce → 200 token_type DPoP, the token bound to the key by cnf.jkt', async () => {
    const key = await createDpopKey();
    const nonce = await fetchNonce(emulator, key);
    const res = await postToken(emulator, emulator.credential, 'okta.users.read okta.groups.manage', await proof(key, 'POST', tokenUrl, { nonce }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token_type: 'DPoP', expires_in: 3600, access_token: expect.any(String), scope: 'okta.users.read okta.groups.manage' });
    expect(res.headers.get('cache-control')).toContain('no-store');
    const claims = decodeJwt(String(res.body.access_token));
    expect(claims.cnf).toEqual({ jkt: await calculateJwkThumbprint(key.publicJwk, 'sha256') });
    expect(claims.scp).toEqual(['okta.users.read', 'okta.groups.manage']);
  });

  it('answers use_dpop_nonce again to a nonce it never issued', async () => {
    const key = await createDpopKey();
    const res = await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', tokenUrl, { nonce: 'made-up-nonce' }));
    expectOAuthError(res, 400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.');
    expect(res.headers.get('dpop-nonce')).toEqual(expect.any(String));
  });

  it('accepts an RS256 proof signed with the client-auth key, as the Okta Node SDK sends it', async () => {
    const jwk = emulator.credential.privateKey as JWK;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
    const signingKey = await importJWK(jwk, 'RS256');
    const nonce = await fetchNonce(emulator, await createDpopKey());
    const rsProof = await customProof({ alg: 'RS256', typ: 'dpop+jwt', jwk: publicJwk }, { htm: 'POST', htu: tokenUrl, nonce }, signingKey);
    const res = await postToken(emulator, emulator.credential, 'okta.users.read', rsProof);
    expect(res.status).toBe(200);
    expect(decodeJwt(String(res.body.access_token)).cnf).toEqual({ jkt: await calculateJwkThumbprint(publicJwk, 'sha256') });
  });

  it('rejects a proof issued more than five minutes ago, accepts one 299 s old, and rejects one from the future', async () => {
    const key = await createDpopKey();
    const nonce = await fetchNonce(emulator, key);
    expectOAuthError(
      await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', tokenUrl, { nonce }, nowS() - 301)),
      400,
      'invalid_dpop_proof',
      'The DPoP proof JWT is issued more than five minutes in the past.',
    );
    expectOAuthError(
      await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', tokenUrl, { nonce }, nowS() + 120)),
      400,
      'invalid_dpop_proof',
      'The DPoP proof JWT is issued in the future.',
    );
    expect((await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', tokenUrl, { nonce }, nowS() - 299))).status).toBe(200);
  });

  it('rejects a proof that goes stale while the clock moves on', async () => {
    const key = await createDpopKey();
    const nonce = await fetchNonce(emulator, key);
    const early = await proof(key, 'POST', tokenUrl, { nonce });
    clock.advance(301_000);
    expectOAuthError(await postToken(emulator, emulator.credential, 'okta.users.read', early), 400, 'invalid_dpop_proof', 'The DPoP proof JWT is issued more than five minutes in the past.');
  });

  it('rejects a reused proof jti', async () => {
    const key = await createDpopKey();
    const nonce = await fetchNonce(emulator, key);
    const once = await proof(key, 'POST', tokenUrl, { nonce });
    expect((await postToken(emulator, emulator.credential, 'okta.users.read', once)).status).toBe(200);
    // A new client assertion, the same proof.
    expectOAuthError(await postToken(emulator, emulator.credential, 'okta.users.read', once), 400, 'invalid_dpop_proof', 'The DPoP proof JWT has already been used.');
  });

  it("rejects a typ other than dpop+jwt", async () => {
    const key = await createDpopKey();
    const nonce = await fetchNonce(emulator, key);
    for (const typ of ['JWT', undefined]) {
      const bad = await customProof({ typ, jwk: key.publicJwk }, { htm: 'POST', htu: tokenUrl, nonce }, key.privateKey);
      expectOAuthError(await postToken(emulator, emulator.credential, 'okta.users.read', bad), 400, 'invalid_dpop_proof', "'typ' must be 'dpop+jwt' in the DPoP proof JWT.");
    }
  });

  it('rejects a private key in the jwk header, and a missing jwk', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const nonce = await fetchNonce(emulator, await createDpopKey());
    const leaky = await customProof({ typ: 'dpop+jwt', jwk: privateJwk }, { htm: 'POST', htu: tokenUrl, nonce }, privateKey);
    const description = "The 'jwk' header of the DPoP proof JWT is missing or is not a public key.";
    expectOAuthError(await postToken(emulator, emulator.credential, 'okta.users.read', leaky), 400, 'invalid_dpop_proof', description);
    const keyless = await customProof({ typ: 'dpop+jwt' }, { htm: 'POST', htu: tokenUrl, nonce }, privateKey);
    expectOAuthError(await postToken(emulator, emulator.credential, 'okta.users.read', keyless), 400, 'invalid_dpop_proof', description);
  });

  it('rejects a symmetric algorithm, a signature by another key and an unparsable proof', async () => {
    const key = await createDpopKey();
    const nonce = await fetchNonce(emulator, key);
    const hs = await new SignJWT({ htm: 'POST', htu: tokenUrl, nonce, jti: randomUUID(), iat: nowS() })
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: key.publicJwk })
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!'));
    expectOAuthError(await postToken(emulator, emulator.credential, 'okta.users.read', hs), 400, 'invalid_dpop_proof', 'The DPoP proof JWT has an invalid signature algorithm.');
    const other = await createDpopKey();
    const forged = await customProof({ typ: 'dpop+jwt', jwk: key.publicJwk }, { htm: 'POST', htu: tokenUrl, nonce }, other.privateKey);
    expectOAuthError(await postToken(emulator, emulator.credential, 'okta.users.read', forged), 400, 'invalid_dpop_proof', 'The DPoP proof JWT signature is invalid.');
    expectOAuthError(await postToken(emulator, emulator.credential, 'okta.users.read', 'garbage'), 400, 'invalid_dpop_proof', 'The DPoP proof JWT could not be parsed.');
  });

  it('rejects a wrong htm or htu', async () => {
    const key = await createDpopKey();
    const nonce = await fetchNonce(emulator, key);
    expectOAuthError(
      await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'GET', tokenUrl, { nonce })),
      400,
      'invalid_dpop_proof',
      "'htm' claim in the DPoP proof JWT is invalid.",
    );
    expectOAuthError(
      await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', `${emulator.url}/oauth2/default/v1/token`, { nonce })),
      400,
      'invalid_dpop_proof',
      "'htu' claim in the DPoP proof JWT is invalid.",
    );
  });

  it('rejects two DPoP headers', async () => {
    const key = await createDpopKey();
    const nonce = await fetchNonce(emulator, key);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(emulator.credential, tokenUrl, { now: nowS() }),
    }).toString();
    const res = await rawRequest(
      tokenUrl,
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', dpop: [await proof(key, 'POST', tokenUrl, { nonce }), await proof(key, 'POST', tokenUrl, { nonce })] },
      form,
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ error: 'invalid_dpop_proof', error_description: 'Multiple DPoP proof JWT headers were provided.' });
  });

  it('ignores a DPoP header from an app that does not require DPoP: Bearer token, no cnf', async () => {
    const key = await createDpopKey();
    const res = await postToken(emulator, bearerApp, 'okta.users.read', await proof(key, 'POST', tokenUrl));
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('Bearer');
    expect(decodeJwt(String(res.body.access_token)).cnf).toBeUndefined();
  });

  it('rotates the nonce after 24 h, keeps an old one valid for 3 days, then asks for the new one', async () => {
    const key = await createDpopKey();
    const old = await fetchNonce(emulator, key);
    clock.advance(24 * 3600_000 + 1000);
    const rotated = await fetchNonce(emulator, key);
    expect(rotated).not.toBe(old);
    expect((await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', tokenUrl, { nonce: old }))).status).toBe(200);
    clock.advance(2 * 24 * 3600_000);
    const expired = await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', tokenUrl, { nonce: old }));
    expectOAuthError(expired, 400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.');
    expect(expired.headers.get('dpop-nonce')).not.toBe(old);
    expect((await postToken(emulator, emulator.credential, 'okta.users.read', await proof(key, 'POST', tokenUrl, { nonce: String(expired.headers.get('dpop-nonce')) }))).status).toBe(200);
  });
});

describe('DPoP-bound tokens at resource requests', () => {
  let key: DpopKey;
  let token: string;

  const usersUrl = () => `${emulator.url}/api/v1/users`;

  /** A resource proof with ath, as SDKs send it (no nonce). */
  const resourceProof = (method: string, url: string, extra: Record<string, unknown> = {}, k: DpopKey = key, iat = nowS()) =>
    dpopProof(k, method, url, { ath: accessTokenHash(token), ...extra }, iat);

  function call(url: string, headers: Record<string, string>, method = 'GET'): Promise<TestResponse<Record<string, unknown>>> {
    return oktaFetch(url, { method, headers: { accept: 'application/json', ...headers } });
  }

  /** Okta's challenge for a bad proof (note http:// in realm/authorization_uri, reference §1.8). */
  const badProof = (description: string, resource = '/api/v1/users', scope = 'okta.users.read') =>
    `${ALGS}, authorization_uri="http://${host}/oauth2/v1/authorize", realm="http://${host}", scope="${scope}", error="invalid_dpop_proof", error_description="${description}", resource="${resource}"`;

  function expectBadProof(res: TestResponse<Record<string, unknown>>, description: string, resource?: string): void {
    expect(res.status).toBe(400);
    expect(res.headers.get('www-authenticate')).toBe(badProof(description, resource));
  }

  beforeAll(async () => {
    key = await createDpopKey();
    token = await dpopToken(emulator, key, 'okta.users.read');
  });

  it('accepts Authorization: DPoP with a proof carrying htm, htu and ath', async () => {
    const res = await call(usersUrl(), { authorization: `DPoP ${token}`, dpop: await resourceProof('GET', usersUrl()) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ profile: expect.objectContaining({ login: 'ada.lovelace@acme.example' }) })]);
    expect(res.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
  });

  it('answers 400 invalid_request when a DPoP-bound token is sent with the Bearer scheme', async () => {
    const res = await call(usersUrl(), { authorization: `Bearer ${token}`, dpop: await resourceProof('GET', usersUrl()) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'The resource request must use the DPoP authentication scheme when using a DPoP bound token.' });
  });

  it('answers 400 invalid_request when the proof is missing', async () => {
    const res = await call(usersUrl(), { authorization: `DPoP ${token}` });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'The resource request requires a DPoP proof.' });
  });

  it('answers 400 with a DPoP challenge naming the defect for a bad htu, htm or ath', async () => {
    const auth = { authorization: `DPoP ${token}` };
    expectBadProof(await call(usersUrl(), { ...auth, dpop: await resourceProof('GET', `${emulator.url}/api/v1/groups`) }), "'htu' claim in the DPoP proof JWT is invalid.");
    expectBadProof(await call(usersUrl(), { ...auth, dpop: await resourceProof('POST', usersUrl()) }), "'htm' claim in the DPoP proof JWT is invalid.");
    expectBadProof(
      await call(usersUrl(), { ...auth, dpop: await resourceProof('GET', usersUrl(), { ath: accessTokenHash('some other token') }) }),
      "'ath' claim in the DPoP proof does not match the presented access_token.",
    );
    expectBadProof(
      await call(usersUrl(), { ...auth, dpop: await dpopProof(key, 'GET', usersUrl(), {}, nowS()) }),
      "'ath' claim in the DPoP proof does not match the presented access_token.",
    );
    const empty = await call(usersUrl(), { ...auth, dpop: await resourceProof('POST', usersUrl()) });
    expect(empty.text).toBe('');
  });

  it('answers 400 when the proof is signed by a key the token is not bound to, or is stale', async () => {
    const auth = { authorization: `DPoP ${token}` };
    expectBadProof(
      await call(usersUrl(), { ...auth, dpop: await resourceProof('GET', usersUrl(), {}, await createDpopKey()) }),
      'The access_token is not bound to the provided DPoP proof.',
    );
    expectBadProof(
      await call(usersUrl(), { ...auth, dpop: await resourceProof('GET', usersUrl(), {}, key, nowS() - 301) }),
      'The DPoP proof JWT is issued more than five minutes in the past.',
    );
  });

  it('compares htu without the query string, and accepts a nonce it does not require', async () => {
    const url = `${usersUrl()}?limit=1&filter=${encodeURIComponent('status eq "ACTIVE"')}`;
    expect((await call(url, { authorization: `DPoP ${token}`, dpop: await resourceProof('GET', usersUrl()) })).status).toBe(200);
    expect((await call(usersUrl(), { authorization: `DPoP ${token}`, dpop: await resourceProof('GET', usersUrl(), { nonce: 'gsdk-sends-one' }) })).status).toBe(200);
  });

  it('compares htu with the percent-decoded path: a proof keeping %40 for @ in a login fails, the decoded one succeeds', async () => {
    const encoded = `${usersUrl()}/ada.lovelace%40acme.example`;
    const failing = await call(encoded, { authorization: `DPoP ${token}`, dpop: await resourceProof('GET', encoded) });
    expectBadProof(failing, "'htu' claim in the DPoP proof JWT is invalid.", '/api/v1/users/ada.lovelace%40acme.example');
    const ok = await call(encoded, { authorization: `DPoP ${token}`, dpop: await resourceProof('GET', `${usersUrl()}/ada.lovelace@acme.example`) });
    expect(ok.status).toBe(200);
    expect((ok.body.profile as Record<string, unknown>).login).toBe('ada.lovelace@acme.example');
  });

  it('compares htu with the normalized path when an SDK with a trailing-slash org URL sends //api/v1/…', async () => {
    // okta-sdk-nodejs#453: the SDK signs htu with the doubled slash and Okta, normalizing, rejects it.
    const doubled = `${emulator.url}//api/v1/users`;
    expectBadProof(await call(doubled, { authorization: `DPoP ${token}`, dpop: await resourceProof('GET', doubled) }), "'htu' claim in the DPoP proof JWT is invalid.");
    expect((await call(doubled, { authorization: `DPoP ${token}`, dpop: await resourceProof('GET', usersUrl()) })).status).toBe(200);
  });

  it('answers 401 invalid_token when the DPoP scheme carries a token that is not DPoP-bound', async () => {
    const bearer = await postToken(emulator, bearerApp, 'okta.users.read');
    const bearerToken = String(bearer.body.access_token);
    const res = await call(usersUrl(), { authorization: `DPoP ${bearerToken}`, dpop: await dpopProof(key, 'GET', usersUrl(), { ath: accessTokenHash(bearerToken) }, nowS()) });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    expect(res.headers.get('www-authenticate')).toBe(
      `${ALGS}, authorization_uri="http://${host}/oauth2/v1/authorize", realm="http://${host}", error="invalid_token", error_description="The presented access_token is not DPoP bound."`,
    );
    // The same token works with its own scheme.
    expect((await call(usersUrl(), { authorization: `Bearer ${bearerToken}` })).status).toBe(200);
  });

  it('answers 403 insufficient_scope with a DPoP challenge when a DPoP token lacks the scope', async () => {
    const groupsUrl = `${emulator.url}/api/v1/groups`;
    const res = await call(groupsUrl, { authorization: `DPoP ${token}`, dpop: await resourceProof('GET', groupsUrl) });
    expect(res.status).toBe(403);
    expect(res.text).toBe('');
    expect(res.headers.get('www-authenticate')).toBe(
      `${ALGS}, authorization_uri="http://${host}/oauth2/v1/authorize", realm="http://${host}", scope="okta.groups.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/groups"`,
    );
  });

  it('accepts a resent proof (SDK 429 retries resend the same one) by default', async () => {
    const same = await resourceProof('GET', usersUrl());
    expect((await call(usersUrl(), { authorization: `DPoP ${token}`, dpop: same })).status).toBe(200);
    expect((await call(usersUrl(), { authorization: `DPoP ${token}`, dpop: same })).status).toBe(200);
  });

  it('rejects two DPoP headers on a resource request', async () => {
    const res = await rawRequest(usersUrl(), 'GET', { accept: 'application/json', authorization: `DPoP ${token}`, dpop: [await resourceProof('GET', usersUrl()), await resourceProof('GET', usersUrl())] });
    expect(res.status).toBe(400);
    expect(res.headers['www-authenticate']).toBe(badProof('Multiple DPoP proof JWT headers were provided.'));
  });
});

describe('resource proof jti enforcement (enforceResourceProofJti: true)', () => {
  let strict: RunningEmulator;

  beforeAll(async () => {
    strict = await startEmulator({ port: 0, seed: 'empty', clock, dpop: true, enforceResourceProofJti: true });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('rejects a reused resource proof jti with 400 invalid_dpop_proof', async () => {
    const key = await createDpopKey();
    const token = await dpopToken(strict, key, 'okta.users.read');
    const url = `${strict.url}/api/v1/users`;
    const same = await dpopProof(key, 'GET', url, { ath: accessTokenHash(token) }, nowOf(strict));
    const headers = { accept: 'application/json', authorization: `DPoP ${token}`, dpop: same };
    expect((await oktaFetch(url, { headers })).status).toBe(200);
    const again = await oktaFetch(url, { headers });
    expect(again.status).toBe(400);
    const strictHost = new URL(strict.url).host;
    expect(again.headers.get('www-authenticate')).toBe(
      `${ALGS}, authorization_uri="http://${strictHost}/oauth2/v1/authorize", realm="http://${strictHost}", scope="okta.users.read", error="invalid_dpop_proof", error_description="The DPoP proof JWT has already been used.", resource="/api/v1/users"`,
    );
    // A fresh proof still works.
    expect((await oktaFetch(url, { headers: { ...headers, dpop: await dpopProof(key, 'GET', url, { ath: accessTokenHash(token) }, nowOf(strict)) } })).status).toBe(200);
  });
});

describe('end to end through the Management API (reference §1.10)', () => {
  it('a DPoP-required service app created with POST /api/v1/apps gets a DPoP token after the nonce dance and reads users with it', async () => {
    // The built-in app (itself DPoP-bound) administers the org.
    const adminKey = await createDpopKey();
    const adminToken = await dpopToken(emulator, adminKey, 'okta.apps.manage okta.appGrants.manage okta.roles.manage');
    const admin = async (method: string, path: string, body: unknown) => {
      const url = `${emulator.url}${path}`;
      return oktaFetch<Record<string, unknown>>(url, {
        method,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          authorization: `DPoP ${adminToken}`,
          dpop: await dpopProof(adminKey, method, url, { ath: accessTokenHash(adminToken) }, nowS()),
        },
        body: JSON.stringify(body),
      });
    };

    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    const meta = { kid: 'provisioning-bot-1', alg: 'RS256', use: 'sig' };
    const created = await admin('POST', '/api/v1/apps', {
      name: 'oidc_client',
      label: 'Provisioning Bot',
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
      settings: {
        oauthClient: {
          application_type: 'service',
          grant_types: ['client_credentials'],
          response_types: ['token'],
          dpop_bound_access_tokens: true,
          jwks: { keys: [{ ...(await exportJWK(publicKey)), ...meta }] },
        },
      },
    });
    expect(created.status).toBe(200);
    const appId = String(created.body.id);
    expect(appId).toMatch(/^0oa/);
    const grantRes = await admin('POST', `/api/v1/apps/${appId}/grants`, { scopeId: 'okta.users.read', issuer: emulator.url });
    expect(grantRes.status).toBe(201);
    const roleRes = await admin('POST', `/oauth2/v1/clients/${appId}/roles`, { type: 'READ_ONLY_ADMIN' });
    expect([200, 201]).toContain(roleRes.status);

    const bot: Credential = { clientId: appId, privateKey: { ...(await exportJWK(privateKey)), ...meta } };
    const botKey = await createDpopKey();
    expectOAuthError(await postToken(emulator, bot, 'okta.users.read'), 400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
    const challenge = await postToken(emulator, bot, 'okta.users.read', await proof(botKey, 'POST', tokenUrl));
    expectOAuthError(challenge, 400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.');
    const nonce = String(challenge.headers.get('dpop-nonce'));
    const granted = await postToken(emulator, bot, 'okta.users.read okta.users.manage', await proof(botKey, 'POST', tokenUrl, { nonce }));
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ token_type: 'DPoP', expires_in: 3600, scope: 'okta.users.read' });
    const botToken = String(granted.body.access_token);
    expect(decodeJwt(botToken)).toMatchObject({ cid: appId, scp: ['okta.users.read'], cnf: { jkt: await calculateJwkThumbprint(botKey.publicJwk, 'sha256') } });

    const usersUrl = `${emulator.url}/api/v1/users?limit=200`;
    const users = await oktaFetch<unknown[]>(usersUrl, {
      headers: { accept: 'application/json', authorization: `DPoP ${botToken}`, dpop: await dpopProof(botKey, 'GET', `${emulator.url}/api/v1/users`, { ath: accessTokenHash(botToken) }, nowS()) },
    });
    expect(users.status).toBe(200);
    expect(users.body).toHaveLength(1);
    expect(users.headers.get('x-rate-limit-limit')).toMatch(/^\d+$/);
  });
});

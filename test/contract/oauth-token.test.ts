// Conformance of the emulator's org authorization server token endpoint (`POST /oauth2/v1/token`) with
// Okta's behaviour for API Services apps: private_key_jwt client assertions, scope grants, grant types,
// the token response and the access token's lifetime (reference okta-api.md §1.2–1.6, §7 items 1–5 and 7).
import { randomUUID } from 'node:crypto';
import { SignJWT, base64url, createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, type JSONWebKeySet, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../src/common/clock.ts';
import { grantScope } from '../../src/emulator/state/access.ts';
import { createApp } from '../../src/emulator/state/apps.ts';
import type { AppRecord, OAuthClientRecord } from '../../src/emulator/state/types.ts';
import { clientAssertion, oktaFetch, startTestOrg, type TestOrg, type TestResponse } from '../support/emulator.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

let clock: FakeClock;
let t: TestOrg;
let tokenUrl: string;

/** Seconds since the epoch on the emulator's clock: assertions are signed with it, never with Date.now(). */
const nowS = () => Math.floor(t.emulator.context.clock.now() / 1000);

interface Credential {
  clientId: string;
  privateKey: Record<string, unknown>;
}

interface AppKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function newKey(alg: 'RS256' | 'ES256', kid: string | undefined): Promise<AppKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const meta = { ...(kid !== undefined ? { kid } : {}), alg, use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...(await exportJWK(publicKey)), ...meta } };
}

/** Adds an OIDC app straight into the org's state (the Apps API is someone else's concern here). */
function addOAuthApp(label: string, keys: { key: AppKey; status?: 'ACTIVE' | 'INACTIVE' }[], scopes: readonly string[], client: Partial<OAuthClientRecord> = {}): AppRecord {
  const org = t.emulator.context.org;
  const now = org.now();
  const app = createApp(
    org,
    {
      name: 'oidc_client',
      label,
      signOnMode: 'OPENID_CONNECT',
      status: 'ACTIVE',
      body: {},
      oauthClient: {
        applicationType: 'service',
        grantTypes: ['client_credentials'],
        responseTypes: ['token'],
        tokenEndpointAuthMethod: 'private_key_jwt',
        dpopBound: false,
        keys: keys.map(({ key, status }) => ({ id: org.ids.next('jwk'), status: status ?? 'ACTIVE', created: now, lastUpdated: now, jwk: { ...key.publicJwk } })),
        clientSecret: null,
        ...client,
      },
    },
    null,
  );
  for (const scope of scopes) grantScope(org, app, scope, t.url, null);
  return app;
}

const credentialOf = (app: AppRecord, key: AppKey): Credential => ({ clientId: app.id, privateKey: { ...key.privateJwk } });

/** A client assertion for the token URL, signed at the emulator's "now". */
function assertion(overrides: Parameters<typeof clientAssertion>[2] = {}, credential: Credential = t.credential): Promise<string> {
  return clientAssertion(credential, tokenUrl, { now: nowS(), ...overrides });
}

/** POSTs a form to the token endpoint (fields left undefined are not sent). */
function postToken(fields: Record<string, string | undefined>, headers: Record<string, string> = {}): Promise<TestResponse<Record<string, unknown>>> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.set(k, v);
  return oktaFetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: form.toString(),
  });
}

/** The usual client-credentials form around an assertion. */
const grant = (clientAssertionJwt: string | undefined, scope = 'okta.users.read', extra: Record<string, string | undefined> = {}) => ({
  grant_type: 'client_credentials',
  scope,
  client_assertion_type: JWT_BEARER,
  client_assertion: clientAssertionJwt,
  ...extra,
});

function expectOAuthError(res: TestResponse<Record<string, unknown>>, status: number, error: string, description: string): void {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: { error, error_description: description } });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('cache-control')).toContain('no-store');
}

const invalidClient = (res: TestResponse<Record<string, unknown>>, description: string) => expectOAuthError(res, 401, 'invalid_client', description);

beforeAll(async () => {
  clock = createFakeClock(Date.now());
  t = await startTestOrg({ clock });
  tokenUrl = `${t.url}/oauth2/v1/token`;
});
afterAll(async () => {
  await t?.close();
});

describe('token response', () => {
  it('answers 200 with a Bearer token of the requested scopes, no-store caching and Okta headers', async () => {
    const res = await postToken(grant(await assertion(), 'okta.users.read okta.groups.manage'));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.users.read okta.groups.manage' });
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.headers.get('x-okta-request-id')).toMatch(/^\S{10,}$/);
    expect(Number.isNaN(Date.parse(res.headers.get('date') ?? ''))).toBe(false);
    expect(res.headers.get('x-rate-limit-limit')).toMatch(/^\d+$/);
  });

  it('issues an RS256 JWT signed by the org AS key of /oauth2/v1/keys, with Okta\'s client-credentials claims', async () => {
    const res = await postToken(grant(await assertion(), 'okta.users.manage okta.logs.read'));
    expect(res.status).toBe(200);
    const accessToken = String(res.body.access_token);
    const keys = await oktaFetch<JSONWebKeySet>(`${t.url}/oauth2/v1/keys`);
    expect(keys.status).toBe(200);
    expect(keys.body.keys).toHaveLength(1);
    const header = decodeProtectedHeader(accessToken);
    expect(header).toEqual({ kid: keys.body.keys[0]?.kid, alg: 'RS256' });
    const { payload } = await jwtVerify(accessToken, createLocalJWKSet(keys.body), {
      issuer: t.url,
      audience: t.url,
      currentDate: new Date(t.emulator.context.clock.now()),
      algorithms: ['RS256'],
    });
    const issuedAt = nowS();
    expect(payload).toEqual({
      ver: 1,
      jti: expect.stringMatching(/^AT\.[\w-]+$/),
      iss: t.url,
      aud: t.url,
      sub: t.credential.clientId,
      cid: t.credential.clientId,
      scp: ['okta.users.manage', 'okta.logs.read'],
      iat: issuedAt,
      exp: issuedAt + 3600,
    });
    // Client-credentials tokens carry no user and, without DPoP, no key binding.
    expect(payload.uid).toBeUndefined();
    expect(payload.cnf).toBeUndefined();
  });

  it('gives every token a distinct jti', async () => {
    const a = await postToken(grant(await assertion()));
    const b = await postToken(grant(await assertion()));
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(decodeJwt(String(a.body.access_token)).jti).not.toBe(decodeJwt(String(b.body.access_token)).jti);
  });
});

describe('client assertion (private_key_jwt)', () => {
  it.each([
    ['a doubled slash', (u: string) => `${u}//oauth2/v1/token`],
    ['a custom authorization server', (u: string) => `${u}/oauth2/default/v1/token`],
    ['the org URL', (u: string) => u],
    ['a trailing slash', (u: string) => `${u}/oauth2/v1/token/`],
    ['another host', () => 'https://acme.okta.com/oauth2/v1/token'],
  ])('rejects an aud with %s: 401 invalid_client', async (_name, aud) => {
    const res = await postToken(grant(await assertion({ claims: { aud: aud(t.url) } })));
    invalidClient(res, 'The audience claim for client_assertion must be the endpoint invoked for the request.');
  });

  it('rejects exp more than one hour ahead and accepts exactly one hour', async () => {
    invalidClient(await postToken(grant(await assertion({ expiresIn: 3601 }))), 'The client_assertion token has an expiration too far into the future.');
    invalidClient(await postToken(grant(await assertion({ expiresIn: 7200 }))), 'The client_assertion token has an expiration too far into the future.');
    expect((await postToken(grant(await assertion({ expiresIn: 3600 })))).status).toBe(200);
  });

  it('rejects an expired assertion, including one that expired while the clock moved on', async () => {
    invalidClient(await postToken(grant(await assertion({ claims: { exp: nowS() - 1 } }))), 'The client_assertion token is expired.');
    invalidClient(await postToken(grant(await assertion({ claims: { exp: nowS() } }))), 'The client_assertion token is expired.');
    const shortLived = await assertion({ expiresIn: 60 });
    clock.advance(61_000);
    invalidClient(await postToken(grant(shortLived)), 'The client_assertion token is expired.');
  });

  it('rejects an assertion issued in the future; iat itself is optional', async () => {
    invalidClient(
      await postToken(grant(await assertion({ claims: { iat: nowS() + 60, exp: nowS() + 300 } }))),
      'The client_assertion token must be issued before the current time.',
    );
    expect((await postToken(grant(await assertion({ claims: { iat: undefined } })))).status).toBe(200);
  });

  it('rejects an assertion without exp', async () => {
    invalidClient(await postToken(grant(await assertion({ claims: { exp: undefined } }))), "The client_assertion must contain the 'exp' claim as seconds since epoch.");
  });

  it('makes an assertion with a jti single-use, and one without a jti reusable', async () => {
    const once = await assertion();
    expect(decodeJwt(once).jti).toEqual(expect.any(String));
    expect((await postToken(grant(once))).status).toBe(200);
    invalidClient(await postToken(grant(once)), 'The client_assertion token has already been used.');

    const reusable = await assertion({ omitJti: true });
    expect(decodeJwt(reusable).jti).toBeUndefined();
    for (let i = 0; i < 3; i++) expect((await postToken(grant(reusable))).status).toBe(200);
  });

  it('rejects an unknown kid', async () => {
    invalidClient(await postToken(grant(await assertion({ header: { kid: 'no-such-key' } }))), 'The client_assertion JWT kid is invalid.');
  });

  it('rejects a signature by a key the app does not hold, even under the registered kid', async () => {
    const stranger = await newKey('RS256', String(t.credential.privateKey.kid));
    const res = await postToken(grant(await assertion({}, { clientId: t.credential.clientId, privateKey: { ...stranger.privateJwk } })));
    invalidClient(res, 'The client_assertion signature is invalid.');
  });

  it('rejects a signature by an INACTIVE key of the app, and accepts its ACTIVE key', async () => {
    const active = await newKey('RS256', 'active-1');
    const inactive = await newKey('RS256', 'inactive-1');
    const app = addOAuthApp('Key Rotation Service', [{ key: active }, { key: inactive, status: 'INACTIVE' }], ['okta.users.read']);
    invalidClient(await postToken(grant(await assertion({}, credentialOf(app, inactive)))), 'The client_assertion signature is invalid.');
    const ok = await postToken(grant(await assertion({}, credentialOf(app, active))));
    expect(ok.status).toBe(200);
    expect(decodeJwt(String(ok.body.access_token)).cid).toBe(app.id);
  });

  it('rejects HS256, PS256 and unsigned assertions: the signature algorithm is invalid', async () => {
    const now = nowS();
    const claims = { iss: t.credential.clientId, sub: t.credential.clientId, aud: tokenUrl, iat: now, exp: now + 300, jti: randomUUID() };
    const kid = String(t.credential.privateKey.kid);
    const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid }).sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!'));
    invalidClient(await postToken(grant(hs256)), 'The client_assertion JWT signature algorithm is invalid.');

    const ps256 = await new SignJWT({ ...claims, jti: randomUUID() }).setProtectedHeader({ alg: 'PS256', kid }).sign(await importJWK(t.credential.privateKey as JWK, 'PS256'));
    invalidClient(await postToken(grant(ps256)), 'The client_assertion JWT signature algorithm is invalid.');

    const none = `${base64url.encode(JSON.stringify({ alg: 'none', kid }))}.${base64url.encode(JSON.stringify({ ...claims, jti: randomUUID() }))}.`;
    invalidClient(await postToken(grant(none)), 'The client_assertion JWT signature algorithm is invalid.');
  });

  it('rejects an iss that differs from sub', async () => {
    invalidClient(await postToken(grant(await assertion({ claims: { iss: '0oaSomeOtherClient123' } }))), 'The issuer claim for client_assertion is not a valid client_id.');
  });

  it('rejects an unknown client', async () => {
    const res = await postToken(grant(await assertion({}, { clientId: '0oaUnknownClient00001', privateKey: t.credential.privateKey })));
    invalidClient(res, 'The subject claim for client_assertion is not a valid client_id.');
  });

  it('rejects an unparsable assertion', async () => {
    const res = await postToken(grant('not-a-jwt'));
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('accepts an EC (ES256) client key, and a kid-less assertion when the app has a single key', async () => {
    const ec = await newKey('ES256', 'ec-1');
    const ecApp = addOAuthApp('EC Key Service', [{ key: ec }], ['okta.users.read']);
    expect((await postToken(grant(await assertion({}, credentialOf(ecApp, ec))))).status).toBe(200);

    const kidless = await newKey('RS256', undefined);
    const kidlessApp = addOAuthApp('Kidless Key Service', [{ key: kidless }], ['okta.users.read']);
    const res = await postToken(grant(await assertion({}, credentialOf(kidlessApp, kidless))));
    expect(decodeProtectedHeader(await assertion({}, credentialOf(kidlessApp, kidless))).kid).toBeUndefined();
    expect(res.status).toBe(200);
  });

  it('refuses client_secret at the org AS: only private_key_jwt is allowed for client credentials', async () => {
    // The built-in app has no secret at all.
    invalidClient(
      await postToken({ grant_type: 'client_credentials', scope: 'okta.users.read', client_id: t.credential.clientId, client_secret: 'guess' }),
      'The client secret supplied for a confidential client is invalid.',
    );
    // A secret-based service app presenting its correct secret, in the body and in a Basic header.
    const secretApp = addOAuthApp('Secret Service', [], ['okta.users.read'], { tokenEndpointAuthMethod: 'client_secret_basic', clientSecret: 's3cr3t-value' });
    const mustUseJwt = 'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.';
    invalidClient(await postToken({ grant_type: 'client_credentials', scope: 'okta.users.read', client_id: secretApp.id, client_secret: 's3cr3t-value' }), mustUseJwt);
    const basic = Buffer.from(`${secretApp.id}:s3cr3t-value`).toString('base64');
    invalidClient(await postToken({ grant_type: 'client_credentials', scope: 'okta.users.read' }, { authorization: `Basic ${basic}` }), mustUseJwt);
  });

  it('answers 401 invalid_client, not a server error, to Basic credentials with a malformed escape', async () => {
    const basic = Buffer.from('0oa%zz:s%ecret').toString('base64');
    invalidClient(await postToken({ grant_type: 'client_credentials', scope: 'okta.users.read' }, { authorization: `Basic ${basic}` }), 'The client secret supplied for a confidential client is invalid.');
  });

  it('refuses a deactivated client app', async () => {
    const key = await newKey('RS256', 'retired-1');
    const app = addOAuthApp('Retired Service', [{ key }], ['okta.users.read']);
    expect((await postToken(grant(await assertion({}, credentialOf(app, key))))).status).toBe(200);
    app.status = 'INACTIVE';
    const res = await postToken(grant(await assertion({}, credentialOf(app, key))));
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('refuses a private_key_jwt client that is not a service app', async () => {
    const key = await newKey('RS256', 'web-1');
    const web = addOAuthApp('Web Portal', [{ key }], ['okta.users.read'], { applicationType: 'web', grantTypes: ['authorization_code', 'client_credentials'] });
    invalidClient(
      await postToken(grant(await assertion({}, credentialOf(web, key)))),
      "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
    );
  });

  it('answers "No client credentials found." when no assertion is sent', async () => {
    invalidClient(await postToken({ grant_type: 'client_credentials', scope: 'okta.users.read' }), 'No client credentials found.');
    invalidClient(await postToken(grant(undefined)), 'No client credentials found.');
  });

  it('answers 400 invalid_request to a wrong or missing client_assertion_type', async () => {
    const wrong = await postToken(grant(await assertion(), 'okta.users.read', { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }));
    expectOAuthError(wrong, 400, 'invalid_request', 'The client_assertion_type is invalid.');
    const missing = await postToken(grant(await assertion(), 'okta.users.read', { client_assertion_type: undefined }));
    expectOAuthError(missing, 400, 'invalid_request', 'The client_assertion_type is invalid.');
  });

  it('answers 400 invalid_request when both an assertion and a secret are sent', async () => {
    const res = await postToken(grant(await assertion(), 'okta.users.read', { client_id: t.credential.clientId, client_secret: 'x' }));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });
});

describe('scopes', () => {
  let partial: Credential;

  beforeAll(async () => {
    const key = await newKey('RS256', 'partial-1');
    partial = credentialOf(addOAuthApp('Partial Scopes Service', [{ key }], ['okta.users.read', 'okta.groups.read']), key);
  });

  it('grants only the granted subset of the requested scopes, with 200', async () => {
    const res = await postToken(grant(await assertion({}, partial), 'okta.users.read okta.apps.read okta.groups.read okta.users.manage'));
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('okta.users.read okta.groups.read');
    expect(decodeJwt(String(res.body.access_token)).scp).toEqual(['okta.users.read', 'okta.groups.read']);
  });

  it('answers 400 consent_required when none of the requested scopes is granted', async () => {
    expectOAuthError(await postToken(grant(await assertion({}, partial), 'okta.apps.read okta.logs.read')), 400, 'consent_required', 'You are not allowed any of the requested scopes.');
  });

  it('answers invalid_scope "No scopes were requested." to an empty, blank or missing scope', async () => {
    for (const scope of ['', '   ', undefined]) {
      expectOAuthError(await postToken(grant(await assertion(), 'x', { scope })), 400, 'invalid_scope', 'No scopes were requested.');
    }
  });

  it('refuses openid scopes with client credentials', async () => {
    expectOAuthError(await postToken(grant(await assertion(), 'openid okta.users.read')), 400, 'invalid_scope', "Cannot request 'openid' scopes using client credentials.");
  });

  it('refuses an unknown scope with invalid_scope', async () => {
    const res = await postToken(grant(await assertion(), 'okta.users.read okta.unicorns.read'));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
    expect(String(res.body.error_description)).toMatch(/^One or more scopes are not configured for the authorization server resource\./);
  });

  it('refuses .self scopes with client credentials', async () => {
    const res = await postToken(grant(await assertion(), 'okta.users.read.self'));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('client_credentials_self_scope_requested');
  });
});

describe('grant types and request form', () => {
  it('answers 400 unsupported_grant_type to an unknown grant', async () => {
    const res = await postToken(grant(await assertion(), 'okta.users.read', { grant_type: 'urn:example:magic' }));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_grant_type');
    expect(String(res.body.error_description)).toMatch(/^The authorization grant type is not supported by the authorization server\./);
    expect(res.headers.get('cache-control')).toContain('no-store');
  });

  it('answers 400 unauthorized_client to a grant the service app is not configured for', async () => {
    expectOAuthError(
      await postToken(grant(await assertion(), 'okta.users.read', { grant_type: 'authorization_code' })),
      400,
      'unauthorized_client',
      'The client is not authorized to use the provided grant type. Configured grant types: [client_credentials].',
    );
  });

  it('answers 400 invalid_request without grant_type or with a JSON body', async () => {
    const noGrant = await postToken(grant(await assertion(), 'okta.users.read', { grant_type: undefined }));
    expect(noGrant.status).toBe(400);
    expect(noGrant.body.error).toBe('invalid_request');
    const json = await oktaFetch<Record<string, unknown>>(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(grant(await assertion())),
    });
    expect(json.status).toBe(400);
    expect(json.body.error).toBe('invalid_request');
  });
});

describe('token lifetime', () => {
  function expectExpired(res: TestResponse<Record<string, unknown>>): void {
    const host = new URL(t.url).host;
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorId: expect.stringMatching(/^oae\w+$/), errorCauses: [] });
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri="http://${host}/oauth2/v1/authorize", realm="http://${host}", error="invalid_token", error_description="The token has expired."`,
    );
  }

  it('lasts exactly 3600 s (fake clock shared with the emulator)', async () => {
    const res = await postToken(grant(await assertion(), 'okta.users.read'));
    expect(res.body.expires_in).toBe(3600);
    const token = String(res.body.access_token);
    expect((await t.api('GET', '/api/v1/users', { token })).status).toBe(200);
    clock.advance(3599_000);
    expect((await t.api('GET', '/api/v1/users', { token })).status).toBe(200);
    clock.advance(1_000);
    expectExpired(await t.api('GET', '/api/v1/users', { token }));
  });

  it('expires after the operator moves the clock 3601 s forward, and a new token works', async () => {
    const token = String((await postToken(grant(await assertion(), 'okta.users.read'))).body.access_token);
    expect((await t.api('GET', '/api/v1/users', { token })).status).toBe(200);
    const advanced = await oktaFetch<{ now: string; offsetMs: number }>(`${t.url}/__emulator/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 3601 }),
    });
    expect(advanced.status).toBe(200);
    expect(advanced.body.offsetMs).toBeGreaterThanOrEqual(3601_000);
    expectExpired(await t.api('GET', '/api/v1/users', { token }));
    // Assertions are signed at the emulator's time, so the client recovers with a fresh token.
    const fresh = String((await postToken(grant(await assertion(), 'okta.users.read'))).body.access_token);
    expect((await t.api('GET', '/api/v1/users', { token: fresh })).status).toBe(200);
  });
});

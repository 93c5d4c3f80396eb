// "Sign in with Okta" on the emulator's org authorization server: discovery, /oauth2/v1/authorize with
// its sign-in page, the authorization code + PKCE exchange at /oauth2/v1/token, the id token signed
// with the key of /oauth2/v1/keys, and /oauth2/v1/userinfo. The OIDC apps are created through the
// Management API, as an admin (or Gatehouse) would. JSON bodies are checked against Okta's OAuth
// OpenAPI document by the test support.
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/emulator/state/sign-in.ts';
import type { UserRecord } from '../../src/emulator/state/types.ts';
import { oktaFetch, profile, requestToken, startTestOrg, type TestOrg, type TestResponse } from '../support/emulator.ts';

type Json = Record<string, unknown>;

const REDIRECT = 'http://127.0.0.1:9/callback';
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
const newVerifier = () => randomBytes(48).toString('base64url');

let t: TestOrg;
let web: { id: string; secret: string };
let spa: { id: string };
let member: UserRecord;
let outsider: UserRecord;
let grantedGroupId: string;

async function createOidcApp(label: string, type: 'web' | 'browser', method: string): Promise<Json> {
  const res = await t.api<Json>('POST', '/api/v1/apps', {
    body: {
      name: 'oidc_client',
      label,
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: method } },
      settings: { oauthClient: { application_type: type, grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [REDIRECT] } },
    },
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

beforeAll(async () => {
  t = await startTestOrg({ seed: 'demo', users: 60 });
  const org = t.emulator.context.org;
  const body = await createOidcApp('Gatehouse Console', 'web', 'client_secret_basic');
  web = { id: String(body.id), secret: String(((body.credentials as Json).oauthClient as Json).client_secret) };
  spa = { id: String((await createOidcApp('Gatehouse SPA', 'browser', 'none')).id) };
  // Grant both apps to one department through its group, as an admin would.
  const active = org.userOrder.all().map((id) => org.users.get(id) as UserRecord).filter((u) => u.status === 'ACTIVE' && u.hasPassword);
  const dept = String(active[0]?.profile.department);
  const group = [...org.groups.values()].find((g) => g.profile.name === dept && g.type === 'OKTA_GROUP');
  expect(group, `a group for ${dept}`).toBeDefined();
  for (const appId of [web.id, spa.id]) expect((await t.api('PUT', `/api/v1/apps/${appId}/groups/${group?.id}`, { body: {} })).status).toBe(200);
  member = active[0] as UserRecord;
  grantedGroupId = group?.id as string;
  outsider = active.find((u) => !org.members.get(group?.id as string)?.has(u.id)) as UserRecord;
  expect(outsider).toBeDefined();
});
afterAll(async () => {
  await t?.close();
});

function authorizeParams(clientId: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const params: Record<string, string | undefined> = { client_id: clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid profile email', state: 'st-123', nonce: 'n-456', ...extra };
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
}

const authorizeUrl = (params: Record<string, string>) => `${t.url}/oauth2/v1/authorize?${new URLSearchParams(params).toString()}`;

/** Submits the sign-in form (what the browser does); returns the response without following redirects. */
function submit(params: Record<string, string>, username: string, password: string): Promise<Response> {
  return fetch(`${t.url}/oauth2/v1/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ ...params, username, password }).toString(),
  });
}

/** The query of a redirect back to the client. */
function redirectedTo(res: Response): Record<string, string> {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') as string);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  return Object.fromEntries(location.searchParams);
}

/** Signs a user in and returns the code. */
async function codeFor(user: UserRecord, params: Record<string, string>, password = DEMO_PASSWORD): Promise<string> {
  const back = redirectedTo(await submit(params, String(user.profile.login), password));
  expect(back.state).toBe(params.state);
  expect(back.code).toMatch(/^[A-Za-z0-9]{43}$/);
  return back.code as string;
}

function exchange(form: Record<string, string>, basic?: { id: string; secret: string }): Promise<TestResponse<Json>> {
  return oktaFetch<Json>(`${t.url}/oauth2/v1/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...(basic ? { authorization: `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}` } : {}),
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', redirect_uri: REDIRECT, ...form }).toString(),
  });
}

describe('discovery', () => {
  it('publishes the org authorization server metadata with absolute endpoints on the org origin', async () => {
    const res = await oktaFetch<Json>(`${t.url}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: t.url,
      authorization_endpoint: `${t.url}/oauth2/v1/authorize`,
      token_endpoint: `${t.url}/oauth2/v1/token`,
      userinfo_endpoint: `${t.url}/oauth2/v1/userinfo`,
      jwks_uri: `${t.url}/oauth2/v1/keys`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
});

describe('authorization code with PKCE, end to end', () => {
  it('signs a demo person in, redeems the code once, and the id token verifies against /oauth2/v1/keys', async () => {
    const page = await fetch(authorizeUrl(authorizeParams(web.id)), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await page.text();
    expect(text).toContain('Gatehouse Console');
    expect(text).toContain('<form method="post" action="/oauth2/v1/authorize">');
    expect(text).toContain(`value="${web.id}"`);

    const verifier = newVerifier();
    const params = authorizeParams(web.id, { code_challenge: s256(verifier), code_challenge_method: 'S256' });
    const code = await codeFor(member, params);
    const res = await exchange({ code, code_verifier: verifier }, web);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile email' });

    const jwks = createRemoteJWKSet(new URL(`${t.url}/oauth2/v1/keys`));
    const now = new Date(t.emulator.context.clock.now());
    const { payload, protectedHeader } = await jwtVerify(String(res.body.id_token), jwks, { issuer: t.url, audience: web.id, currentDate: now });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: member.id, nonce: 'n-456', email: member.profile.email, preferred_username: member.profile.login, amr: ['pwd'], ver: 1 });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.at_hash).toBe(createHash('sha256').update(String(res.body.access_token)).digest().subarray(0, 16).toString('base64url'));
    const access = await jwtVerify(String(res.body.access_token), jwks, { issuer: t.url, currentDate: now });
    expect(access.payload).toMatchObject({ uid: member.id, cid: web.id, scp: ['openid', 'profile', 'email'] });

    // userinfo answers for the token's user and scopes.
    const info = await oktaFetch<Json>(`${t.url}/oauth2/v1/userinfo`, { headers: { authorization: `Bearer ${String(res.body.access_token)}`, accept: 'application/json' } });
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ sub: member.id, email: member.profile.email, email_verified: true, given_name: member.profile.firstName });

    // A code is single-use.
    const again = await exchange({ code, code_verifier: verifier }, web);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');

    // A user's token is no Management API token.
    const api = await fetch(`${t.url}/api/v1/users`, { headers: { authorization: `Bearer ${String(res.body.access_token)}`, accept: 'application/json' } });
    expect(api.status).toBe(403);
    expect(api.headers.get('www-authenticate')).toContain('insufficient_scope');

    // The System Log shows the sign-in and the tokens, with the user as actor.
    const types = t.emulator.context.org.logs.filter((e) => (e.event.actor as { id?: string } | undefined)?.id === member.id).map((e) => e.event.eventType);
    expect(types).toEqual(['user.session.start', 'user.authentication.sso', 'app.oauth2.as.token.grant.id_token', 'app.oauth2.as.token.grant.access_token']);
  });

  it('a public client (browser app, no secret) redeems with the verifier alone; without PKCE it is refused', async () => {
    const verifier = newVerifier();
    const code = await codeFor(member, authorizeParams(spa.id, { code_challenge: s256(verifier), code_challenge_method: 'S256', scope: 'openid' }));
    const res = await exchange({ code, code_verifier: verifier, client_id: spa.id });
    expect(res.status, res.text).toBe(200);
    expect(res.body.scope).toBe('openid');
    const noPkce = redirectedTo(await fetch(authorizeUrl(authorizeParams(spa.id)), { redirect: 'manual' }));
    expect(noPkce).toMatchObject({ error: 'invalid_request', state: 'st-123' });
    expect(noPkce.error_description).toContain('PKCE');
  });

  it('a user with a password set through the API signs in with it, not with the demo password', async () => {
    const created = await t.api<Json>('POST', '/api/v1/users', { body: { profile: profile(`own.password@${String(member.profile.login).split('@')[1]}`, { department: member.profile.department }), credentials: { password: { value: 'Own-Passw0rd-42' } } } });
    expect(created.status, created.text).toBe(200);
    const user = t.emulator.context.org.users.get(String(created.body.id)) as UserRecord;
    expect((await t.api('PUT', `/api/v1/groups/${grantedGroupId}/users/${user.id}`, { headers: { 'content-length': '0' } })).status).toBe(204);
    expect((await submit(authorizeParams(web.id), String(user.profile.login), DEMO_PASSWORD)).status).toBe(401);
    const code = await codeFor(user, authorizeParams(web.id), 'Own-Passw0rd-42');
    expect((await exchange({ code }, web)).status).toBe(200);
  });
});

describe('sign-in failures', () => {
  it('a wrong password or an unknown user shows the page again with the same message, and no code', async () => {
    for (const [username, password] of [[String(member.profile.login), 'wrong'], ['nobody@nowhere.example', DEMO_PASSWORD]] as const) {
      const res = await submit(authorizeParams(web.id), username, password);
      expect(res.status).toBe(401);
      expect(res.headers.get('location')).toBeNull();
      const text = await res.text();
      expect(text).toContain('Unable to sign in');
    }
  });

  it('a LOCKED_OUT or SUSPENDED person cannot sign in', async () => {
    const org = t.emulator.context.org;
    const locked = org.userOrder.all().map((id) => org.users.get(id) as UserRecord).find((u) => u.status === 'LOCKED_OUT' || u.status === 'SUSPENDED');
    expect(locked).toBeDefined();
    expect((await submit(authorizeParams(web.id), String(locked?.profile.login), DEMO_PASSWORD)).status).toBe(401);
  });

  it('a person the app is not assigned to goes back to the client with access_denied', async () => {
    const back = redirectedTo(await submit(authorizeParams(web.id), String(outsider.profile.login), DEMO_PASSWORD));
    expect(back).toEqual({ error: 'access_denied', error_description: 'User is not assigned to the client application.', state: 'st-123' });
  });
});

describe('authorize request errors', () => {
  it('an unknown client or an unregistered redirect URI gets an error page, never a redirect', async () => {
    for (const params of [authorizeParams('0oaNOPE0000000000000'), authorizeParams(web.id, { redirect_uri: 'https://evil.example/cb' }), authorizeParams(web.id, { redirect_uri: undefined })]) {
      const res = await fetch(authorizeUrl(params), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('other defects go back to the client with the error and the state', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ scope: 'profile email' }, 'invalid_scope'],
      [{ scope: 'openid okta.users.read' }, 'invalid_scope'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ code_challenge: s256(newVerifier()), code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'short', code_challenge_method: 'S256' }, 'invalid_request'],
      [{ prompt: 'none' }, 'login_required'],
    ];
    for (const [extra, error] of cases) {
      const back = redirectedTo(await fetch(authorizeUrl(authorizeParams(web.id, extra)), { redirect: 'manual' }));
      expect({ extra, error: back.error, state: back.state }).toEqual({ extra, error, state: 'st-123' });
    }
    const noState = redirectedTo(await fetch(authorizeUrl(authorizeParams(web.id, { state: undefined })), { redirect: 'manual' }));
    expect(noState.error).toBe('invalid_request');
  });

  it('escapes what it prints: a hostile state or app label cannot inject markup', async () => {
    const hostile = await createOidcApp('<script>alert(1)</script>', 'web', 'client_secret_basic');
    const res = await fetch(authorizeUrl(authorizeParams(String(hostile.id), { state: '"><img src=x onerror=alert(2)>' })));
    const text = await res.text();
    expect(text).not.toContain('<script>alert(1)');
    expect(text).not.toContain('<img src=x');
    expect(text).toContain('&#60;script&#62;');
  });
});

describe('code exchange errors', () => {
  async function freshCode(extra: Record<string, string> = {}): Promise<{ code: string; verifier: string }> {
    const verifier = newVerifier();
    return { code: await codeFor(member, authorizeParams(web.id, { code_challenge: s256(verifier), code_challenge_method: 'S256', ...extra })), verifier };
  }

  it('refuses a wrong verifier, a missing verifier, another redirect URI, a wrong secret and an unknown code', async () => {
    const a = await freshCode();
    expect((await exchange({ code: a.code, code_verifier: newVerifier() }, web)).body.error).toBe('invalid_grant');
    const b = await freshCode();
    expect((await exchange({ code: b.code }, web)).body.error).toBe('invalid_request');
    const c = await freshCode();
    expect((await exchange({ code: c.code, code_verifier: c.verifier, redirect_uri: 'http://127.0.0.1:9/other' }, web)).body.error).toBe('invalid_grant');
    const d = await freshCode();
    const wrongSecret = await exchange({ code: d.code, code_verifier: d.verifier }, { id: web.id, secret: 'not-the-secret-at-all' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('invalid_client');
    // The public client cannot redeem the web app's code.
    const e = await freshCode();
    expect((await exchange({ code: e.code, code_verifier: e.verifier, client_id: spa.id })).body.error).toBe('invalid_grant');
    expect((await exchange({ code: 'A'.repeat(43) }, web)).body.error).toBe('invalid_grant');
  });

  it('a code expires after 300 s of org time', async () => {
    const { code, verifier } = await freshCode();
    t.emulator.context.clock.advance(301_000);
    const res = await exchange({ code, code_verifier: verifier }, web);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
  });
});

describe('userinfo', () => {
  it('answers 401 with a Bearer challenge without a user token, a client-credentials token included', async () => {
    const cc = await requestToken(t.url, t.credential, ['okta.users.read'], undefined, Math.floor(t.emulator.context.clock.now() / 1000));
    for (const authorization of [undefined, 'Bearer nope', `Bearer ${String(cc.body.access_token)}`]) {
      const res = await fetch(`${t.url}/oauth2/v1/userinfo`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    }
  });
});

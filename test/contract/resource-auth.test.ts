// Conformance of resource-side authorization on the emulator's Management API with Okta's: token
// validation, scope checks (403 insufficient_scope), admin roles and their group targets (403 E0000006),
// and the cross-cutting headers and rate limits (reference okta-api.md §1.9, §3.4, §3.5, §4, §7 items
// 8, 10 and 19). DPoP-bound tokens at resources are covered in dpop.test.ts.
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../src/common/clock.ts';
import { addGroupTarget, assignClientRole, grantScope } from '../../src/emulator/state/access.ts';
import { createApp } from '../../src/emulator/state/apps.ts';
import { createGroup } from '../../src/emulator/state/groups.ts';
import type { AdminRoleType, GroupRecord, UserRecord } from '../../src/emulator/state/types.ts';
import { createUser } from '../../src/emulator/state/users.ts';
import { clientAssertion, oktaFetch, profile, startTestOrg, type TestOrg, type TestResponse } from '../support/emulator.ts';

interface Credential {
  clientId: string;
  privateKey: Record<string, unknown>;
}

type Body = Record<string, unknown>;

let clock: FakeClock;
let t: TestOrg;
let host: string;

const nowS = (org: TestOrg = t) => Math.floor(org.emulator.context.clock.now() / 1000);

/** A client-credentials token signed at the emulator's time (the fake clock moves in these tests). */
async function tokenFor(org: TestOrg, credential: Credential, scopes: readonly string[]): Promise<string> {
  const url = `${org.url}/oauth2/v1/token`;
  const res = await oktaFetch<Body>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: scopes.join(' '),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(credential, url, { now: nowS(org) }),
    }).toString(),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return String(res.body.access_token);
}

/** A service app added to the org's state, with scopes granted and standard roles (optionally group-targeted). */
async function serviceApp(label: string, scopes: readonly string[], roles: { type: AdminRoleType; groups?: GroupRecord[] }[]): Promise<Credential> {
  const org = t.emulator.context.org;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const meta = { kid: `${label.toLowerCase().replace(/\W+/g, '-')}-1`, alg: 'RS256', use: 'sig' };
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
        keys: [{ id: org.ids.next('jwk'), status: 'ACTIVE', created: now, lastUpdated: now, jwk: { ...(await exportJWK(publicKey)), ...meta } }],
        clientSecret: null,
      },
    },
    null,
  );
  for (const scope of scopes) grantScope(org, app, scope, t.url, null);
  for (const role of roles) {
    const assignment = assignClientRole(org, app, role.type, null);
    for (const group of role.groups ?? []) addGroupTarget(org, assignment, group.id);
  }
  return { clientId: app.id, privateKey: { ...(await exportJWK(privateKey)), ...meta } };
}

function addUser(login: string, groups: GroupRecord[] = []): UserRecord {
  const p = profile(login);
  return createUser(t.emulator.context.org, { profile: { ...p, login }, status: 'ACTIVE', hasPassword: true, groupIds: groups.map((g) => g.id) }, null);
}

const E0000006 = {
  errorCode: 'E0000006',
  errorSummary: 'You do not have permission to perform the requested action',
  errorLink: 'E0000006',
  errorId: expect.stringMatching(/^oae\w{10,}$/),
  errorCauses: [],
};

function expectForbidden(res: TestResponse<unknown>): void {
  expect(res.status).toBe(403);
  expect(res.body).toEqual(E0000006);
  expect(res.headers.get('www-authenticate')).toBeNull();
}

/** Okta's 403 for a token without the endpoint's scope: empty body, the scope and resource in the challenge. */
function expectInsufficientScope(res: TestResponse<unknown>, scope: string, resource: string): void {
  expect(res.status).toBe(403);
  expect(res.text).toBe('');
  expect(res.headers.get('www-authenticate')).toBe(
    `Bearer authorization_uri="http://${host}/oauth2/v1/authorize", realm="http://${host}", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${resource}"`,
  );
}

function expectInvalidToken(res: TestResponse<unknown>, description: string): void {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorId: expect.stringMatching(/^oae\w+$/), errorCauses: [] });
  expect(res.headers.get('www-authenticate')).toBe(
    `Bearer authorization_uri="http://${host}/oauth2/v1/authorize", realm="http://${host}", error="invalid_token", error_description="${description}"`,
  );
}

const ids = (res: TestResponse<unknown>) => (res.body as { id: string }[]).map((x) => x.id).sort();

let groupA: GroupRecord;
let groupB: GroupRecord;
let everyoneId: string;
let inA: UserRecord;
let inB: UserRecord;
let loner: UserRecord;

beforeAll(async () => {
  clock = createFakeClock(Date.now());
  t = await startTestOrg({ clock });
  host = new URL(t.url).host;
  const org = t.emulator.context.org;
  everyoneId = String(org.everyoneGroupId);
  groupA = createGroup(org, { name: 'Engineering' }, null);
  groupB = createGroup(org, { name: 'Finance' }, null);
  inA = addUser('ada.lovelace@acme.example', [groupA]);
  inB = addUser('bob.cratchit@acme.example', [groupB]);
  loner = addUser('lena.solo@acme.example');
});
afterAll(async () => {
  await t?.close();
});

describe('access tokens', () => {
  it('answers 401 E0000011 with an invalid_token challenge to a missing, unknown or forged token', async () => {
    const missing = await oktaFetch(`${t.url}/api/v1/users`, { headers: { accept: 'application/json' } });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);

    expectInvalidToken(await t.api('GET', '/api/v1/users', { token: 'not-a-token' }), 'The access token is invalid.');
    // A well-formed JWT with the right claims, but not issued by this org's authorization server.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ver: 1, iss: t.url, aud: t.url, sub: t.credential.clientId, cid: t.credential.clientId, scp: ['okta.users.read'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'emulator-as-key-1' })
      .setIssuedAt(nowS())
      .setExpirationTime(nowS() + 3600)
      .sign(privateKey);
    expectInvalidToken(await t.api('GET', '/api/v1/users', { token: forged }), 'The access token is invalid.');
  });

  it('answers 400 invalid_request to an access token in the query string', async () => {
    const res = await oktaFetch<Body>(`${t.url}/api/v1/users?access_token=${encodeURIComponent(t.token)}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'The access token cannot be presented in a query string.' });
    // Also when the header carries a valid token.
    const both = await t.api<Body>('GET', `/api/v1/users?access_token=${encodeURIComponent(t.token)}`);
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_request');
  });

  it('stops accepting a token once the client app is deactivated', async () => {
    const cred = await serviceApp('Soon Inactive Service', ['okta.users.read'], [{ type: 'SUPER_ADMIN' }]);
    const token = await tokenFor(t, cred, ['okta.users.read']);
    expect((await t.api('GET', '/api/v1/users', { token })).status).toBe(200);
    const app = t.emulator.context.org.apps.get(cred.clientId);
    if (!app) throw new Error('app missing');
    app.status = 'INACTIVE';
    expectInvalidToken(await t.api('GET', '/api/v1/users', { token }), 'The access token is invalid.');
  });
});

describe('scopes', () => {
  let usersRead: string;
  let usersManage: string;
  let groupsRead: string;

  beforeAll(async () => {
    const cred = await serviceApp('Scoped Service', ['okta.users.read', 'okta.users.manage', 'okta.groups.read'], [{ type: 'SUPER_ADMIN' }]);
    usersRead = await tokenFor(t, cred, ['okta.users.read']);
    usersManage = await tokenFor(t, cred, ['okta.users.manage']);
    groupsRead = await tokenFor(t, cred, ['okta.groups.read']);
  });

  it('answers 403 with an empty body and an insufficient_scope challenge naming the read scope for GETs', async () => {
    expectInsufficientScope(await t.api('GET', '/api/v1/groups', { token: usersRead }), 'okta.groups.read', '/api/v1/groups');
    expectInsufficientScope(await t.api('GET', `/api/v1/groups/${groupA.id}/users`, { token: usersRead }), 'okta.groups.read', `/api/v1/groups/${groupA.id}/users`);
    expectInsufficientScope(await t.api('GET', `/api/v1/users/${inA.id}/groups`, { token: groupsRead }), 'okta.users.read', `/api/v1/users/${inA.id}/groups`);
  });

  it('names the manage scope for writes, and the resource without its query', async () => {
    expectInsufficientScope(await t.api('POST', '/api/v1/users?activate=false', { token: usersRead, body: { profile: profile('no.scope@acme.example') } }), 'okta.users.manage', '/api/v1/users');
    expectInsufficientScope(await t.api('PUT', `/api/v1/groups/${groupA.id}/users/${loner.id}`, { token: groupsRead }), 'okta.groups.manage', `/api/v1/groups/${groupA.id}/users/${loner.id}`);
    expect(t.emulator.context.org.members.get(groupA.id)?.has(loner.id)).toBe(false);
  });

  it('reads a doubled leading slash as part of the path, not as a host', async () => {
    expectInsufficientScope(await t.api('GET', '//api/v1/groups', { token: usersRead }), 'okta.groups.read', '/api/v1/groups');
  });

  it('lets okta.users.manage satisfy GETs that need okta.users.read, but nothing of another resource', async () => {
    const list = await t.api('GET', '/api/v1/users', { token: usersManage });
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual([inA.id, inB.id, loner.id].sort());
    expect((await t.api('GET', `/api/v1/users/${inA.id}`, { token: usersManage })).status).toBe(200);
    expect((await t.api('GET', `/api/v1/users/${inA.id}/groups`, { token: usersManage })).status).toBe(200);
    expectInsufficientScope(await t.api('GET', '/api/v1/groups', { token: usersManage }), 'okta.groups.read', '/api/v1/groups');
  });

  it('checks the scope before the role: a roleless client without the scope gets insufficient_scope, not E0000006', async () => {
    const cred = await serviceApp('Roleless Scoped Service', ['okta.users.read'], []);
    const token = await tokenFor(t, cred, ['okta.users.read']);
    expectInsufficientScope(await t.api('GET', '/api/v1/groups', { token }), 'okta.groups.read', '/api/v1/groups');
  });
});

describe('admin roles', () => {
  it('a client with scopes but no admin role → 403 E0000006 on reads and writes', async () => {
    const cred = await serviceApp('No Role Service', ['okta.users.manage', 'okta.groups.manage'], []);
    const token = await tokenFor(t, cred, ['okta.users.manage', 'okta.groups.manage']);
    expectForbidden(await t.api('GET', '/api/v1/users', { token }));
    expectForbidden(await t.api('GET', `/api/v1/users/${inA.id}`, { token }));
    expectForbidden(await t.api('GET', '/api/v1/groups', { token }));
    expectForbidden(await t.api('PUT', `/api/v1/groups/${groupA.id}/users/${loner.id}`, { token }));
  });

  it('GROUP_MEMBERSHIP_ADMIN targeted to group A manages A\'s members (204) but not B\'s (403 E0000006)', async () => {
    const cred = await serviceApp('Membership Service', ['okta.groups.manage', 'okta.users.read'], [{ type: 'GROUP_MEMBERSHIP_ADMIN', groups: [groupA] }]);
    const token = await tokenFor(t, cred, ['okta.groups.manage', 'okta.users.read']);
    const members = t.emulator.context.org.members;

    const add = await t.api('PUT', `/api/v1/groups/${groupA.id}/users/${loner.id}`, { token });
    expect(add.status).toBe(204);
    expect(add.text).toBe('');
    expect(members.get(groupA.id)?.has(loner.id)).toBe(true);

    expectForbidden(await t.api('PUT', `/api/v1/groups/${groupB.id}/users/${loner.id}`, { token }));
    expect(members.get(groupB.id)?.has(loner.id)).toBe(false);
    expectForbidden(await t.api('DELETE', `/api/v1/groups/${groupB.id}/users/${inB.id}`, { token }));
    expect(members.get(groupB.id)?.has(inB.id)).toBe(true);

    expect((await t.api('DELETE', `/api/v1/groups/${groupA.id}/users/${loner.id}`, { token })).status).toBe(204);
    expect(members.get(groupA.id)?.has(loner.id)).toBe(false);
    // The role manages membership only: not the group itself.
    expectForbidden(await t.api('PUT', `/api/v1/groups/${groupA.id}`, { token, body: { profile: { name: 'Engineering 2' } } }));
  });

  it('READ_ONLY_ADMIN with okta.users.manage reads (200) but every write is 403 E0000006', async () => {
    const scopes = ['okta.users.manage', 'okta.groups.manage'];
    const cred = await serviceApp('Read Only Service', scopes, [{ type: 'READ_ONLY_ADMIN' }]);
    const token = await tokenFor(t, cred, scopes);
    const org = t.emulator.context.org;
    const usersBefore = org.users.size;

    const list = await t.api('GET', '/api/v1/users', { token });
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual([inA.id, inB.id, loner.id].sort());
    expect((await t.api('GET', `/api/v1/users/${inB.id}`, { token })).status).toBe(200);
    expect((await t.api('GET', '/api/v1/groups', { token })).status).toBe(200);

    expectForbidden(await t.api('POST', '/api/v1/users?activate=false', { token, body: { profile: profile('read.only@acme.example') } }));
    expect(org.users.size).toBe(usersBefore);
    expectForbidden(await t.api('POST', `/api/v1/users/${inA.id}`, { token, body: { profile: { title: 'Nope' } } }));
    expect(inA.profile.title).toBeUndefined();
    expectForbidden(await t.api('POST', `/api/v1/users/${inA.id}/lifecycle/suspend`, { token }));
    expect(inA.status).toBe('ACTIVE');
    expectForbidden(await t.api('POST', '/api/v1/groups', { token, body: { profile: { name: 'Read Only Made This' } } }));
    expectForbidden(await t.api('PUT', `/api/v1/groups/${groupA.id}/users/${loner.id}`, { token }));
  });

  it('a USER_ADMIN targeted to group A lists only A\'s users and groups, never Everyone', async () => {
    const scopes = ['okta.users.manage', 'okta.groups.read'];
    const cred = await serviceApp('Group Admin Service', scopes, [{ type: 'USER_ADMIN', groups: [groupA] }]);
    const token = await tokenFor(t, cred, scopes);

    const users = await t.api('GET', '/api/v1/users', { token });
    expect(users.status).toBe(200);
    expect(ids(users)).toEqual([inA.id]);
    const groups = await t.api('GET', '/api/v1/groups', { token });
    expect(groups.status).toBe(200);
    expect(ids(groups)).toEqual([groupA.id]);
    expect(ids(groups)).not.toContain(everyoneId);

    // A SUPER_ADMIN client sees everyone and Everyone.
    const all = await t.api('GET', '/api/v1/groups');
    expect(ids(all)).toEqual([everyoneId, groupA.id, groupB.id].sort());

    expect((await t.api('GET', `/api/v1/users/${inA.id}`, { token })).status).toBe(200);
    expectForbidden(await t.api('GET', `/api/v1/users/${inB.id}`, { token }));
    expectForbidden(await t.api('POST', `/api/v1/users/${inB.id}/lifecycle/suspend`, { token }));
    expect(inB.status).toBe('ACTIVE');
  });

  it('a group-targeted USER_ADMIN creates users only into its groups', async () => {
    const scopes = ['okta.users.manage'];
    const cred = await serviceApp('Onboarding Service', scopes, [{ type: 'USER_ADMIN', groups: [groupA] }]);
    const token = await tokenFor(t, cred, scopes);
    expectForbidden(await t.api('POST', '/api/v1/users?activate=false', { token, body: { profile: profile('no.group@acme.example') } }));
    expectForbidden(await t.api('POST', '/api/v1/users?activate=false', { token, body: { profile: profile('wrong.group@acme.example'), groupIds: [groupB.id] } }));
    const created = await t.api<Body>('POST', '/api/v1/users?activate=false', { token, body: { profile: profile('new.hire@acme.example'), groupIds: [groupA.id] } });
    expect(created.status).toBe(200);
    expect(created.body.status).toBe('STAGED');
    expect(t.emulator.context.org.members.get(groupA.id)?.has(String(created.body.id))).toBe(true);
  });
});

describe('cross-cutting headers', () => {
  it('sends Date and a unique X-Okta-Request-Id on every kind of response', async () => {
    const responses: [string, TestResponse<unknown>][] = [
      ['200 list', await t.api('GET', '/api/v1/users')],
      ['401', await t.api('GET', '/api/v1/users', { token: 'nope' })],
      ['403 empty', await t.api('GET', '/api/v1/groups', { token: await tokenFor(t, t.credential, ['okta.users.read']) })],
      ['404 E0000007', await t.api('GET', '/api/v1/users/00uDoesNotExist000001')],
      ['404 E0000008', await t.api('GET', '/api/v1/no/such/path')],
      ['token 401', await oktaFetch(`${t.url}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })],
      ['keys', await oktaFetch(`${t.url}/oauth2/v1/keys`)],
      ['operator', await oktaFetch(`${t.url}/__emulator/health`)],
    ];
    const requestIds = new Set<string>();
    for (const [name, res] of responses) {
      const date = res.headers.get('date');
      const requestId = res.headers.get('x-okta-request-id');
      expect({ name, date: date !== null && !Number.isNaN(Date.parse(date)), requestId }).toEqual({ name, date: true, requestId: expect.stringMatching(/^\w{20,}$/) });
      requestIds.add(String(requestId));
    }
    expect(requestIds.size).toBe(responses.length);
    expect(responses.map(([, r]) => r.status)).toEqual([200, 401, 403, 404, 404, 401, 200, 200]);
  });

  it('sends X-Rate-Limit-Limit/Remaining/Reset on API responses, Reset in epoch seconds', async () => {
    const first = await t.api('GET', `/api/v1/users/${inA.id}`);
    const second = await t.api('GET', `/api/v1/users/${inA.id}`);
    for (const res of [first, second]) {
      expect(res.headers.get('x-rate-limit-limit')).toMatch(/^\d+$/);
      expect(res.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
      const reset = Number(res.headers.get('x-rate-limit-reset'));
      // Windows last a minute from the bucket's first request, rounded up to a whole second.
      expect(reset).toBeGreaterThanOrEqual(nowS());
      expect(reset).toBeLessThanOrEqual(nowS() + 61);
    }
    expect(Number(second.headers.get('x-rate-limit-remaining'))).toBe(Number(first.headers.get('x-rate-limit-remaining')) - 1);
  });
});

describe('rate limits', () => {
  let free: TestOrg;

  beforeAll(async () => {
    free = await startTestOrg({ clock, rateLimits: 'free' });
  });
  afterAll(async () => {
    await free?.close();
  });

  it("answers the 101st GET /api/v1/users/{id} in a minute with 429 E0000047 and one X-Rate-Limit-Reset, and recovers after the window", async () => {
    const org = free.emulator.context.org;
    const user = createUser(org, { profile: { ...profile('rate.limited@acme.example'), login: 'rate.limited@acme.example' }, status: 'ACTIVE', hasPassword: true }, null);
    const path = `/api/v1/users/${user.id}`;
    const windowStart = nowS(free);
    let last: TestResponse<unknown> | undefined;
    for (let i = 1; i <= 100; i++) {
      last = await free.api('GET', path);
      expect({ i, status: last.status }).toEqual({ i, status: 200 });
    }
    expect(last?.headers.get('x-rate-limit-limit')).toBe('100');
    expect(last?.headers.get('x-rate-limit-remaining')).toBe('0');

    const limited = await free.api('GET', path);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: 'E0000047',
      errorId: expect.stringMatching(/^oae\w+$/),
      errorCauses: [],
    });
    const reset = limited.headers.get('x-rate-limit-reset');
    // Exactly one value: the Okta SDKs do not retry when the header is repeated (joined with a comma).
    expect(reset).toMatch(/^\d+$/);
    expect(Number(reset)).toBeGreaterThan(windowStart);
    expect(Number(reset)).toBeLessThanOrEqual(windowStart + 61);
    expect(limited.headers.get('x-rate-limit-limit')).toBe('100');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(limited.headers.get('date')).not.toBeNull();
    expect(limited.headers.get('x-okta-request-id')).not.toBeNull();

    // Other buckets are counted apart.
    expect((await free.api('GET', '/api/v1/users')).status).toBe(200);

    // Past the reset time the bucket is full again.
    clock.advance((Number(reset) - nowS(free)) * 1000 + 1000);
    const recovered = await free.api('GET', path);
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get('x-rate-limit-remaining')).toBe('99');
  });

  it('the operator rateLimitBurst fault answers the next N requests 429, then recovers', async () => {
    const faults = await oktaFetch<Body>(`${t.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ rateLimitBurst: 2 }),
    });
    expect(faults.status).toBe(200);
    expect(faults.body.rateLimitBurst).toBe(2);
    for (let i = 0; i < 2; i++) {
      const res = await t.api<Body>('GET', `/api/v1/users/${inA.id}`);
      expect(res.status).toBe(429);
      expect(res.body.errorCode).toBe('E0000047');
      expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(res.headers.get('x-rate-limit-reset')).toMatch(/^\d+$/);
      expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(nowS());
    }
    expect((await t.api('GET', `/api/v1/users/${inA.id}`)).status).toBe(200);
    const after = await oktaFetch<Body>(`${t.url}/__emulator/faults`, { headers: { accept: 'application/json' } });
    expect(after.body.rateLimitBurst).toBe(0);
  });
});

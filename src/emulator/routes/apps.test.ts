// The Apps API of the emulator over real HTTP (reference okta-api.md §2.4, §3.2, §4.1–4.3, §7 items 16–18):
// OIDC service apps created through the API really authenticate at the token endpoint; group-sourced
// app users, the delete-ACTIVE-app rule, paging, roles and the System Log.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDpopKey, dpopProof, oktaFetch, profile, requestToken, startTestOrg, type TestOrg } from '../../../test/support/emulator.ts';

type Json = Record<string, unknown>;
interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

let t: TestOrg;

beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(async () => {
  await t.close();
});

async function rsaKey(kid: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const meta = { kid, alg: 'RS256', use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...(await exportJWK(publicKey)), ...meta } };
}

/** A 1024-bit RSA public JWK (jose refuses to generate one, node:crypto does). */
function shortRsaJwk(kid: string): JWK {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' };
}

/** An API Services app body (private_key_jwt unless told otherwise). */
function serviceAppBody(label: string, keys: JWK[], options: { dpop?: boolean; method?: string; grantTypes?: string[] } = {}): Json {
  return {
    label,
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: options.method ?? 'private_key_jwt' } },
    settings: {
      oauthClient: {
        application_type: 'service',
        grant_types: options.grantTypes ?? ['client_credentials'],
        response_types: ['token'],
        ...(options.dpop !== undefined ? { dpop_bound_access_tokens: options.dpop } : {}),
        ...(keys.length > 0 ? { jwks: { keys } } : {}),
      },
    },
  };
}

const bookmark = (label: string): Json => ({ label, signOnMode: 'BOOKMARK', settings: { app: { url: 'https://example.com/' + encodeURIComponent(label) } } });

async function createApp(body: Json, query = ''): Promise<Json> {
  const res = await t.api<Json>('POST', `/api/v1/apps${query}`, { body });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function createUser(login: string): Promise<string> {
  const res = await t.api<Json>('POST', '/api/v1/users?activate=true', { body: { profile: profile(login), credentials: { password: { value: 'Xy9-correct-horse' } } } });
  expect(res.status, res.text).toBe(200);
  return String(res.body.id);
}

async function createGroup(name: string, members: string[] = []): Promise<string> {
  const res = await t.api<Json>('POST', '/api/v1/groups', { body: { profile: { name } } });
  expect(res.status, res.text).toBe(200);
  const id = String(res.body.id);
  for (const userId of members) expect((await t.api('PUT', `/api/v1/groups/${id}/users/${userId}`)).status).toBe(204);
  return id;
}

/** A service app made through the API, holding `scopes` and `role`, and a Bearer token for it. */
async function serviceClient(label: string, scopes: string[], role: string): Promise<{ app: Json; token: string }> {
  const key = await rsaKey(`${label}-key`);
  const app = await createApp(serviceAppBody(label, [key.publicJwk]));
  for (const scopeId of scopes) expect((await t.api('POST', `/api/v1/apps/${String(app.id)}/grants`, { body: { scopeId, issuer: t.url } })).status).toBe(201);
  expect((await t.api('POST', `/oauth2/v1/clients/${String(app.id)}/roles`, { body: { type: role } })).status).toBe(200);
  const res = await requestToken(t.url, { clientId: String(app.id), privateKey: key.privateJwk as Json }, scopes);
  expect(res.status, res.text).toBe(200);
  return { app, token: String(res.body.access_token) };
}

function expectError(res: { status: number; body: unknown; text: string }, status: number, code: string): OktaErrorBody {
  expect(res.status, res.text).toBe(status);
  const body = res.body as OktaErrorBody;
  expect(body.errorCode).toBe(code);
  return body;
}

/** Separate Link headers → { rel: url }. */
function links(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (headers.get('link') ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m) out[m[2] as string] = m[1] as string;
  }
  return out;
}

const logTypes = () => t.emulator.context.org.logs.map((l) => l.event);

describe('OIDC service apps created through the API', () => {
  it('creates a DPoP-bound private_key_jwt service app that then gets a token with its own key and uses it', async () => {
    const key = await rsaKey('svc-key-1');
    const app = await createApp(serviceAppBody('Provisioner', [key.publicJwk], { dpop: true }));
    const id = String(app.id);
    expect(id).toMatch(/^0oa[0-9A-Za-z]{17}$/);
    expect(app).toMatchObject({ name: 'oidc_client', label: 'Provisioner', status: 'ACTIVE', signOnMode: 'OPENID_CONNECT' });
    const oauth = (app.settings as Json).oauthClient as Json;
    expect(oauth).toMatchObject({ application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], dpop_bound_access_tokens: true });
    const keys = (oauth.jwks as { keys: Json[] }).keys;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kid: 'svc-key-1', kty: 'RSA', status: 'ACTIVE', n: key.publicJwk.n });
    expect(String(keys[0]?.id)).toMatch(/^pks/);
    expect(keys[0]).not.toHaveProperty('d');
    expect((app.credentials as Json).oauthClient).toEqual({ autoKeyRotation: true, client_id: id, token_endpoint_auth_method: 'private_key_jwt' });

    // No scopes granted yet: the token endpoint refuses.
    const dpop = await createDpopKey();
    const credential = { clientId: id, privateKey: key.privateJwk as Json };
    expect((await requestToken(t.url, credential, ['okta.users.read'], dpop)).body.error).toBe('consent_required');

    const grant = await t.api<Json>('POST', `/api/v1/apps/${id}/grants`, { body: { scopeId: 'okta.users.read', issuer: t.url } });
    expect(grant.status, grant.text).toBe(201);
    expect(grant.body).toMatchObject({ scopeId: 'okta.users.read', issuer: t.url, clientId: id, status: 'ACTIVE', source: 'ADMIN' });
    const role = await t.api<Json>('POST', `/oauth2/v1/clients/${id}/roles`, { body: { type: 'READ_ONLY_ADMIN' } });
    expect(role.status, role.text).toBe(200);

    // DPoP-bound: a Bearer-style request without a proof is refused, the nonce dance succeeds.
    expect((await requestToken(t.url, credential, ['okta.users.read'])).body.error).toBe('invalid_dpop_proof');
    const token = await requestToken(t.url, credential, ['okta.users.read', 'okta.users.manage'], dpop);
    expect(token.status, token.text).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'DPoP', scope: 'okta.users.read' });
    const accessToken = String(token.body.access_token);
    const url = `${t.url}/api/v1/users`;
    const ath = createHash('sha256').update(accessToken).digest('base64url');
    const res = await oktaFetch(url, { headers: { accept: 'application/json', authorization: `DPoP ${accessToken}`, dpop: await dpopProof(dpop, 'GET', url, { ath }) } });
    expect(res.status, res.text).toBe(200);

    // Deactivating the app stops its key from working.
    expect((await t.api('POST', `/api/v1/apps/${id}/lifecycle/deactivate`)).status).toBe(200);
    expect((await requestToken(t.url, credential, ['okta.users.read'], dpop)).body.error).toBe('invalid_client');
  });

  it('returns a generated client secret once, on create only', async () => {
    const app = await createApp(serviceAppBody('Secret Service', [], { method: 'client_secret_basic' }));
    const secret = ((app.credentials as Json).oauthClient as Json).client_secret;
    expect(typeof secret).toBe('string');
    expect(String(secret).length).toBeGreaterThanOrEqual(40);
    const again = await t.api<Json>('GET', `/api/v1/apps/${String(app.id)}`);
    expect(again.status).toBe(200);
    expect((again.body.credentials as Json).oauthClient).not.toHaveProperty('client_secret');
    expect(JSON.stringify((await t.api('GET', '/api/v1/apps')).body)).not.toContain(String(secret));
  });

  it('rejects private keys, short RSA keys, duplicate kids, keyless private_key_jwt and wrong grant types with 400 E0000001', async () => {
    const good = await rsaKey('k1');
    const cases: [Json, RegExp][] = [
      [serviceAppBody('Bad 1', [good.privateJwk]), /private key members \(d, p, q, dp, dq, qi\)/],
      [serviceAppBody('Bad 2', [shortRsaJwk('short')]), /1024 bits; Okta needs at least 2048/],
      [serviceAppBody('Bad 3', [good.publicJwk, { ...(await rsaKey('k1')).publicJwk }]), /kid 'k1' is used by more than one key/],
      [serviceAppBody('Bad 4', []), /needs at least one public key/],
      [serviceAppBody('Bad 5', [good.publicJwk], { grantTypes: ['authorization_code'] }), /must use exactly \["client_credentials"\]/],
      [{ ...serviceAppBody('Bad 6', [{ kty: 'RSA', kid: 'x', n: 'AQAB', e: 'AQAB' }]) }, /bits; Okta needs at least 2048/],
      [{ label: 'Bad 7', signOnMode: 'NOPE' }, /signOnMode: must be one of/],
      [{ signOnMode: 'BOOKMARK', settings: { app: { url: 'https://x' } } }, /label: The field cannot be left blank/],
      [{ label: 'Bad 9', signOnMode: 'BOOKMARK' }, /settings\.app\.url: The field cannot be left blank/],
    ];
    for (const [body, cause] of cases) {
      const err = expectError(await t.api('POST', '/api/v1/apps', { body }), 400, 'E0000001');
      expect(err.errorCauses.map((c) => c.errorSummary).join('\n')).toMatch(cause);
    }
    expect(t.emulator.context.org.apps.size).toBeGreaterThan(0);
    for (const app of t.emulator.context.org.apps.values()) expect(app.label).not.toMatch(/^Bad /);
  });

  it('answers 400 E0000040 for a duplicate label', async () => {
    await createApp(bookmark('Wiki'));
    const err = expectError(await t.api('POST', '/api/v1/apps', { body: bookmark('Wiki') }), 400, 'E0000040');
    expect(err.errorSummary).toBe('Application label must not be the same as an existing application label.');
  });
});

describe('app lifecycle', () => {
  it('refuses to delete an ACTIVE app (403 E0000056) and deletes it once deactivated (204)', async () => {
    const app = await createApp(bookmark('Short-lived'));
    const id = String(app.id);
    const err = expectError(await t.api('DELETE', `/api/v1/apps/${id}`), 403, 'E0000056');
    expect(err.errorCauses[0]?.errorSummary).toBe('The application must be deactivated before deletion.');
    const off = await t.api<Json>('POST', `/api/v1/apps/${id}/lifecycle/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({});
    expect((await t.api<Json>('GET', `/api/v1/apps/${id}`)).body.status).toBe('INACTIVE');
    expect((await t.api('DELETE', `/api/v1/apps/${id}`)).status).toBe(204);
    expectError(await t.api('GET', `/api/v1/apps/${id}`), 404, 'E0000007');
  });

  it('creates INACTIVE with activate=false, activates, and replaces with PUT', async () => {
    const app = await createApp(bookmark('Staged app'), '?activate=false');
    const id = String(app.id);
    expect(app.status).toBe('INACTIVE');
    expect((await t.api('POST', `/api/v1/apps/${id}/lifecycle/activate`)).status).toBe(200);
    const put = await t.api<Json>('PUT', `/api/v1/apps/${id}`, { body: { ...app, label: 'Renamed app', status: 'INACTIVE', id: 'ignored' } });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ id, label: 'Renamed app', status: 'ACTIVE', name: 'bookmark' });
    expectError(await t.api('PUT', `/api/v1/apps/${id}`, { body: { ...app, signOnMode: 'AUTO_LOGIN' } }), 400, 'E0000001');
  });

  it('keeps key ids across a GET → PUT round trip of an OIDC app', async () => {
    const key = await rsaKey('round-trip');
    const app = await createApp(serviceAppBody('Round trip', [key.publicJwk]));
    const got = await t.api<Json>('GET', `/api/v1/apps/${String(app.id)}`);
    const put = await t.api<Json>('PUT', `/api/v1/apps/${String(app.id)}`, { body: got.body });
    expect(put.status, put.text).toBe(200);
    const keyOf = (j: Json) => (((j.settings as Json).oauthClient as Json).jwks as { keys: Json[] }).keys[0];
    expect(keyOf(put.body)?.id).toBe(keyOf(got.body)?.id);
  });
});

describe('app users and group assignments', () => {
  it('shows group members as scope GROUP, refuses to unassign them (403 E0000046), and direct assignments are scope USER', async () => {
    const ann = await createUser('ann.archer@example.com');
    const bob = await createUser('bob.baker@example.com');
    const cat = await createUser('cat.cole@example.com');
    const group = await createGroup('Engineering', [ann, bob]);
    const app = await createApp(bookmark('Grafana'));
    const id = String(app.id);

    const assign = await t.api<Json>('PUT', `/api/v1/apps/${id}/groups/${group}`, { body: {} });
    expect(assign.status, assign.text).toBe(200);
    expect(assign.body).toMatchObject({ id: group, priority: 0, profile: {} });

    const users = await t.api<Json[]>('GET', `/api/v1/apps/${id}/users`);
    expect(users.status).toBe(200);
    expect(users.body.map((u) => u.id)).toEqual([ann, bob].sort());
    for (const u of users.body) {
      expect(u.scope).toBe('GROUP');
      expect((u._links as Json).group).toMatchObject({ href: `${t.url}/api/v1/groups/${group}` });
    }
    const err = expectError(await t.api('DELETE', `/api/v1/apps/${id}/users/${ann}`), 403, 'E0000046');
    expect(err.errorSummary).toBe('Deactivate application for user forbidden.');

    const direct = await t.api<Json>('POST', `/api/v1/apps/${id}/users`, { body: { id: cat, scope: 'USER', credentials: { userName: 'cat' }, profile: { role: 'viewer' } } });
    expect(direct.status, direct.text).toBe(200);
    expect(direct.body).toMatchObject({ id: cat, scope: 'USER', credentials: { userName: 'cat' }, profile: { role: 'viewer' } });
    const one = await t.api<Json>('GET', `/api/v1/apps/${id}/users/${cat}?expand=user`);
    expect(one.body.scope).toBe('USER');
    expect(((one.body._embedded as Json).user as Json).id).toBe(cat);
    const update = await t.api<Json>('POST', `/api/v1/apps/${id}/users/${cat}`, { body: { profile: { role: 'editor' } } });
    expect(update.body.profile).toEqual({ role: 'editor' });

    const q = await t.api<Json[]>('GET', `/api/v1/apps/${id}/users?q=bob`);
    expect(q.body.map((u) => u.id)).toEqual([bob]);

    const groupApps = await t.api<Json[]>('GET', `/api/v1/groups/${group}/apps`);
    expect(groupApps.status).toBe(200);
    expect(groupApps.body.map((a) => a.id)).toEqual([id]);
    expect((await t.api<Json[]>('GET', `/api/v1/apps?filter=${encodeURIComponent(`group.id eq "${group}"`)}`)).body.map((a) => a.id)).toEqual([id]);
    expect((await t.api<Json[]>('GET', `/api/v1/apps?filter=${encodeURIComponent(`user.id eq "${cat}"`)}`)).body.map((a) => a.id)).toEqual([id]);

    const patch = await t.api<Json>('PATCH', `/api/v1/apps/${id}/groups/${group}`, {
      body: [
        { op: 'replace', path: '/priority', value: 3 },
        { op: 'add', path: '/profile/team', value: 'platform' },
      ],
    });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.body).toMatchObject({ priority: 3, profile: { team: 'platform' } });
    const listed = await t.api<Json[]>('GET', `/api/v1/apps/${id}/groups?expand=group`);
    expect(listed.body).toHaveLength(1);
    expect(((listed.body[0]?._embedded as Json).group as Json).id).toBe(group);
    // The group's profile flows into its members' app profiles.
    expect((await t.api<Json>('GET', `/api/v1/apps/${id}/users/${ann}`)).body.profile).toEqual({ team: 'platform' });

    expect((await t.api('DELETE', `/api/v1/apps/${id}/users/${cat}`)).status).toBe(204);
    expectError(await t.api('GET', `/api/v1/apps/${id}/users/${cat}`), 404, 'E0000007');
    expect((await t.api('DELETE', `/api/v1/apps/${id}/groups/${group}`)).status).toBe(204);
    expect((await t.api<Json[]>('GET', `/api/v1/apps/${id}/users`)).body).toEqual([]);
    expectError(await t.api('GET', `/api/v1/apps/${id}/groups/${group}`), 404, 'E0000007');
  });

  it('answers 404 for an unknown user and 403 E0000117 for a deprovisioned one', async () => {
    const app = await createApp(bookmark('Jira'));
    expectError(await t.api('POST', `/api/v1/apps/${String(app.id)}/users`, { body: { id: '00unope0000000000000' } }), 404, 'E0000007');
    const gone = await createUser('gone.user@example.com');
    expect((await t.api('POST', `/api/v1/users/${gone}/lifecycle/deactivate`)).status).toBe(200);
    expectError(await t.api('POST', `/api/v1/apps/${String(app.id)}/users`, { body: { id: gone } }), 403, 'E0000117');
  });
});

describe('listing and paging', () => {
  it('pages apps with separate, absolute Link headers and filters by q and filter', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(String((await createApp(bookmark(`Paged ${i}`)))?.id));
    const seen: string[] = [];
    let url: string | undefined = `${t.url}/api/v1/apps?q=paged&limit=2`;
    let pages = 0;
    while (url) {
      const res = await t.api<Json[]>('GET', url.slice(t.url.length));
      expect(res.status).toBe(200);
      const rels = links(res.headers);
      expect(rels.self).toBe(url);
      seen.push(...res.body.map((a) => String(a.id)));
      url = rels.next;
      if (url) expect(url.startsWith(`${t.url}/api/v1/apps?`)).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(made);

    const inactive = made[1] as string;
    await t.api('POST', `/api/v1/apps/${inactive}/lifecycle/deactivate`);
    const filtered = await t.api<Json[]>('GET', `/api/v1/apps?filter=${encodeURIComponent('status eq "INACTIVE" and name eq "bookmark"')}`);
    expect(filtered.body.map((a) => a.id)).toContain(inactive);
    expect(filtered.body.every((a) => a.status === 'INACTIVE')).toBe(true);
    expectError(await t.api('GET', `/api/v1/apps?filter=${encodeURIComponent('label eq "x"')}`), 400, 'E0000031');
    expectError(await t.api('GET', `/api/v1/apps?filter=${encodeURIComponent('status eq "ACTIVE" or status eq "INACTIVE"')}`), 400, 'E0000031');
  });

  it('pages app users by user id', async () => {
    const app = await createApp(bookmark('Many users'));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const u = await createUser(`pager.u${i}@example.com`);
      ids.push(u);
      expect((await t.api('POST', `/api/v1/apps/${String(app.id)}/users`, { body: { id: u } })).status).toBe(200);
    }
    const first = await t.api<Json[]>('GET', `/api/v1/apps/${String(app.id)}/users?limit=3`);
    expect(first.body.map((u) => u.id)).toEqual(ids.slice(0, 3));
    const next = links(first.headers).next as string;
    expect(next).toBe(`${t.url}/api/v1/apps/${String(app.id)}/users?limit=3&after=${ids[2]}`);
    const second = await t.api<Json[]>('GET', next.slice(t.url.length));
    expect(second.body.map((u) => u.id)).toEqual(ids.slice(3));
    expect(links(second.headers).next).toBeUndefined();
  });
});

describe('roles and the System Log', () => {
  it('a GROUP_MEMBERSHIP_ADMIN-only client gets 403 E0000006 on app writes even with okta.apps.manage', async () => {
    const { token } = await serviceClient('Membership bot', ['okta.apps.manage', 'okta.groups.manage'], 'GROUP_MEMBERSHIP_ADMIN');
    const target = await createApp(bookmark('Protected'));
    const group = await createGroup('Bot targets');
    expectError(await t.api('POST', '/api/v1/apps', { token, body: bookmark('Sneaky') }), 403, 'E0000006');
    expectError(await t.api('POST', `/api/v1/apps/${String(target.id)}/lifecycle/deactivate`, { token }), 403, 'E0000006');
    expectError(await t.api('PUT', `/api/v1/apps/${String(target.id)}/groups/${group}`, { token, body: {} }), 403, 'E0000006');
    expectError(await t.api('DELETE', `/api/v1/apps/${String(target.id)}`, { token }), 403, 'E0000006');
    // Scope is checked before roles: no okta.appGrants.* scope → 403 insufficient_scope with an empty body.
    const noScope = await t.api('GET', `/api/v1/apps/${String(target.id)}/grants`, { token });
    expect(noScope.status).toBe(403);
    expect(noScope.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('an APP_ADMIN client manages apps and assignments', async () => {
    const { token } = await serviceClient('App bot', ['okta.apps.manage'], 'APP_ADMIN');
    const created = await t.api<Json>('POST', '/api/v1/apps', { token, body: bookmark('Bot app') });
    expect(created.status, created.text).toBe(200);
    const user = await createUser('bot.assignee@example.com');
    expect((await t.api('POST', `/api/v1/apps/${String(created.body.id)}/users`, { token, body: { id: user } })).status).toBe(200);
  });

  it('requires the issuer to be the org URL when granting scopes', async () => {
    const app = await createApp(serviceAppBody('Issuer check', [], { method: 'client_secret_basic' }));
    const id = String(app.id);
    expectError(await t.api('POST', `/api/v1/apps/${id}/grants`, { body: { scopeId: 'okta.users.read', issuer: 'https://other.example.com' } }), 400, 'E0000001');
    expectError(await t.api('POST', `/api/v1/apps/${id}/grants`, { body: { scopeId: 'okta.nope', issuer: t.url } }), 400, 'E0000001');
    const grant = await t.api<Json>('POST', `/api/v1/apps/${id}/grants`, { body: { scopeId: 'okta.groups.read', issuer: t.url } });
    const grantId = String(grant.body.id);
    expect((await t.api<Json[]>('GET', `/api/v1/apps/${id}/grants`)).body.map((g) => g.id)).toEqual([grantId]);
    expect((await t.api<Json>('GET', `/api/v1/apps/${id}/grants/${grantId}`)).body.scopeId).toBe('okta.groups.read');
    expect((await t.api('DELETE', `/api/v1/apps/${id}/grants/${grantId}`)).status).toBe(204);
    expectError(await t.api('GET', `/api/v1/apps/${id}/grants/${grantId}`), 404, 'E0000007');
  });

  it('writes System Log events for every app change, with the calling service app as actor', async () => {
    const before = t.emulator.context.org.logs.length;
    const user = await createUser('logged.user@example.com');
    const group = await createGroup('Logged group');
    const app = await createApp(bookmark('Logged app'));
    const id = String(app.id);
    await t.api('POST', `/api/v1/apps/${id}/users`, { body: { id: user } });
    await t.api('DELETE', `/api/v1/apps/${id}/users/${user}`);
    await t.api('PUT', `/api/v1/apps/${id}/groups/${group}`, { body: { priority: 1 } });
    await t.api('PUT', `/api/v1/apps/${id}/groups/${group}`, { body: { priority: 2 } });
    await t.api('DELETE', `/api/v1/apps/${id}/groups/${group}`);
    await t.api('PUT', `/api/v1/apps/${id}`, { body: { ...bookmark('Logged app 2') } });
    await t.api('POST', `/api/v1/apps/${id}/lifecycle/deactivate`);
    await t.api('DELETE', `/api/v1/apps/${id}`);
    const events = logTypes()
      .slice(before)
      .filter((e) => (e.target as Json[]).some((x) => x.id === id));
    expect(events.map((e) => e.eventType)).toEqual([
      'application.lifecycle.create',
      'application.lifecycle.activate',
      'application.user_membership.add',
      'application.user_membership.remove',
      'group.application_assignment.add',
      'group.application_assignment.update',
      'group.application_assignment.remove',
      'application.lifecycle.update',
      'application.lifecycle.deactivate',
      'application.lifecycle.delete',
    ]);
    for (const e of events) expect(e.actor).toMatchObject({ id: t.credential.clientId, type: 'PublicClientApp' });
    const add = events[2] as Json;
    expect((add.target as Json[]).map((x) => x.type)).toEqual(['AppUser', 'AppInstance', 'User']);
    const grants = logTypes().filter((e) => e.eventType === 'app.oauth2.as.consent.grant' || e.eventType === 'app.oauth2.client.privilege.grant');
    expect(grants.length).toBeGreaterThan(0);
  });
});

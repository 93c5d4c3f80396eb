// The official @okta/okta-sdk-nodejs drives the emulator unchanged, with PrivateKey auth: an
// independent client checking that the emulator speaks Okta's protocol (issue 2).
import { exportJWK, generateKeyPair } from 'jose';
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';

let emulator: RunningEmulator;

function sdkClient(clientId: string, privateKey: Record<string, unknown>, scopes: string[]) {
  return new okta.Client({
    orgUrl: emulator.url,
    authorizationMode: 'PrivateKey',
    clientId,
    scopes,
    privateKey: JSON.stringify(privateKey),
    keyId: String(privateKey.kid),
    cacheMiddleware: null,
  });
}

async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of collection) if (item !== null) out.push(item);
  return out;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'empty' });
});
afterAll(async () => {
  await emulator.close();
});

describe('official Okta Node SDK against the emulator', () => {
  it('runs users, groups, app-through-group, System Log, a DPoP service app made through the API, and a 429 retry', async () => {
    const { clientId, privateKey, scopes } = emulator.credential;
    const client = sdkClient(clientId, privateKey, scopes);

    // Users and lifecycle.
    const user = await client.userApi.createUser({
      body: { profile: { login: 'ada.lovelace@acme.example', email: 'ada.lovelace@acme.example', firstName: 'Ada', lastName: 'Lovelace', department: 'Engineering' }, credentials: { password: { value: 'Analytical1Engine' } } },
      activate: true,
    });
    expect(user.id).toMatch(/^00u/);
    expect(user.status).toBe('ACTIVE');
    const fetched = await client.userApi.getUser({ userId: 'ada.lovelace@acme.example' });
    expect(fetched.id).toBe(user.id);
    const updated = await client.userApi.updateUser({ userId: user.id as string, user: { profile: { title: 'Engineer' } } });
    expect(updated.profile?.title).toBe('Engineer');
    expect(updated.profile?.firstName).toBe('Ada');
    await client.userApi.suspendUser({ userId: user.id as string });
    expect((await client.userApi.getUser({ userId: user.id as string })).status).toBe('SUSPENDED');
    await client.userApi.unsuspendUser({ userId: user.id as string });
    expect((await client.userApi.getUser({ userId: user.id as string })).status).toBe('ACTIVE');
    const staged = await client.userApi.createUser({ body: { profile: { login: 'grace.hopper@acme.example', email: 'grace.hopper@acme.example', firstName: 'Grace', lastName: 'Hopper' } }, activate: false });
    expect(staged.status).toBe('STAGED');
    const listed = await collect(await client.userApi.listUsers({}));
    expect(listed.map((u) => u.profile?.login).sort()).toEqual(['ada.lovelace@acme.example', 'grace.hopper@acme.example']);

    // Groups and members.
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'Engineering', description: 'Builders' } } });
    expect(group.type).toBe('OKTA_GROUP');
    await client.groupApi.assignUserToGroup({ groupId: group.id as string, userId: user.id as string });
    const members = await collect(await client.groupApi.listGroupUsers({ groupId: group.id as string }));
    expect(members.map((m) => m.id)).toEqual([user.id]);

    // An app assigned through the group reaches its members with scope GROUP.
    const app = await client.applicationApi.createApplication({
      application: { label: 'Wiki', signOnMode: 'BOOKMARK', settings: { app: { url: 'https://wiki.acme.example', requestIntegration: false } } } as never,
    });
    await client.applicationApi.assignGroupToApplication({ appId: app.id as string, groupId: group.id as string, applicationGroupAssignment: { priority: 0 } });
    const appUsers = await collect(await client.applicationApi.listApplicationUsers({ appId: app.id as string }));
    expect(appUsers.map((a) => [a.id, a.scope])).toEqual([[user.id, 'GROUP']]);

    // The System Log saw it, with the service app as actor. A bounded query (since + until): a
    // polling query (no until) always has a next link, so the SDK's iterator would never end.
    const events = await collect(await client.systemLogApi.listLogEvents({ since: new Date(Date.now() - 3600_000).toISOString(), until: new Date(Date.now() + 60_000).toISOString(), filter: 'eventType eq "group.user_membership.add"' }));
    const membershipEvent = events.find((e) => e.target?.some((t) => t.id === user.id));
    expect(membershipEvent?.actor?.id).toBe(clientId);

    // A DPoP-required service app created through the API, then used by a second SDK client.
    const { privateKey: dpopPrivate, publicKey: dpopPublic } = await generateKeyPair('RS256', { extractable: true });
    const publicJwk = { ...(await exportJWK(dpopPublic)), kid: 'sdk-dpop-1', alg: 'RS256', use: 'sig' };
    const serviceApp = await client.applicationApi.createApplication({
      application: {
        name: 'oidc_client',
        label: 'SDK DPoP service',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
        settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], dpop_bound_access_tokens: true, jwks: { keys: [publicJwk] } } },
      } as never,
    });
    await client.applicationApi.grantConsentToScope({ appId: serviceApp.id as string, oAuth2ScopeConsentGrant: { issuer: emulator.url, scopeId: 'okta.users.read' } });
    await client.roleAssignmentApi.assignRoleToClient({ clientId: serviceApp.id as string, assignRoleRequest: { type: 'READ_ONLY_ADMIN' } } as never);
    const dpopClient = sdkClient(serviceApp.id as string, { ...(await exportJWK(dpopPrivate)), kid: 'sdk-dpop-1', alg: 'RS256' }, ['okta.users.read']);
    const seenByDpop = await collect(await dpopClient.userApi.listUsers({}));
    expect(seenByDpop).toHaveLength(2);
    expect((dpopClient.oauth as unknown as { isDPoP: boolean }).isDPoP).toBe(true);

    // A 429 the SDK must wait out (X-Rate-Limit-Reset against Date) and retry.
    const before = emulator.context.rateLimiter.counts.get('GET /api/v1/users/{id}') ?? 0;
    emulator.context.rateLimiter.burst = 1;
    const afterWait = await client.userApi.getUser({ userId: user.id as string });
    expect(afterWait.id).toBe(user.id);
    expect(emulator.context.rateLimiter.counts.get('GET /api/v1/users/{id}')).toBe(before + 2);
  }, 60_000);
});

// Client role assignments over real HTTP (reference okta-api.md §4.2–4.3): standard roles on service apps,
// 409 E0000090 for duplicates, E0000227 for non-service apps, group and app targets, System Log events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestToken, startTestOrg, type TestOrg } from '../../../test/support/emulator.ts';

type Json = Record<string, unknown>;

let t: TestOrg;

beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(async () => {
  await t.close();
});

async function oidcApp(label: string, applicationType: 'service' | 'web'): Promise<string> {
  const res = await t.api<Json>('POST', '/api/v1/apps', {
    body: {
      label,
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
      settings: {
        oauthClient:
          applicationType === 'service'
            ? { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'] }
            : { application_type: 'web', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: ['https://example.com/cb'] },
      },
    },
  });
  expect(res.status, res.text).toBe(200);
  return String(res.body.id);
}

async function group(name: string): Promise<string> {
  const res = await t.api<Json>('POST', '/api/v1/groups', { body: { profile: { name } } });
  expect(res.status, res.text).toBe(200);
  return String(res.body.id);
}

function expectError(res: { status: number; body: unknown; text: string }, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect((res.body as Json).errorCode).toBe(code);
}

const roles = (clientId: string) => `/oauth2/v1/clients/${clientId}/roles`;

describe('client role assignments', () => {
  it('lists the built-in service app roles', async () => {
    const res = await t.api<Json[]>('GET', roles(t.credential.clientId));
    expect(res.status, res.text).toBe(200);
    expect(res.body.map((r) => r.type)).toEqual(['SUPER_ADMIN']);
    expect(res.body[0]).toMatchObject({ label: 'Super Administrator', status: 'ACTIVE', assignmentType: 'CLIENT' });
  });

  it('assigns, reads and removes a standard role; a duplicate is 409 E0000090', async () => {
    const client = await oidcApp('Role holder', 'service');
    const created = await t.api<Json>('POST', roles(client), { body: { type: 'HELP_DESK_ADMIN' } });
    expect(created.status, created.text).toBe(200);
    expect(created.body).toMatchObject({ type: 'HELP_DESK_ADMIN', label: 'Help Desk Administrator', status: 'ACTIVE', assignmentType: 'CLIENT' });
    expect((created.body._links as Json).assignee).toEqual({ href: `${t.url}/oauth2/v1/clients/${client}` });
    const roleId = String(created.body.id);

    expectError(await t.api('POST', roles(client), { body: { type: 'HELP_DESK_ADMIN' } }), 409, 'E0000090');
    expect((await t.api<Json>('GET', `${roles(client)}/${roleId}`)).body.id).toBe(roleId);
    expect((await t.api<Json[]>('GET', roles(client))).body.map((r) => r.id)).toEqual([roleId]);

    expect((await t.api('DELETE', `${roles(client)}/${roleId}`)).status).toBe(204);
    expectError(await t.api('GET', `${roles(client)}/${roleId}`), 404, 'E0000007');
    expect((await t.api<Json[]>('GET', roles(client))).body).toEqual([]);

    const events = t.emulator.context.org.logs.map((l) => l.event).filter((e) => (e.target as Json[]).some((x) => x.id === client));
    expect(events.map((e) => e.eventType)).toContain('app.oauth2.client.privilege.grant');
    expect(events.map((e) => e.eventType)).toContain('app.oauth2.client.privilege.revoke');
    const grant = events.find((e) => e.eventType === 'app.oauth2.client.privilege.grant') as Json;
    expect(grant.actor).toMatchObject({ id: t.credential.clientId, type: 'PublicClientApp' });
  });

  it('refuses CUSTOM and unknown types, non-service apps (E0000227) and unknown clients (404 E0000007)', async () => {
    const client = await oidcApp('Picky', 'service');
    expectError(await t.api('POST', roles(client), { body: { type: 'CUSTOM', role: 'cr0abc', 'resource-set': 'iamabc' } }), 400, 'E0000001');
    expectError(await t.api('POST', roles(client), { body: { type: 'KING' } }), 400, 'E0000001');
    expectError(await t.api('POST', roles(client), { body: {} }), 400, 'E0000001');
    const web = await oidcApp('Web portal', 'web');
    expectError(await t.api('POST', roles(web), { body: { type: 'READ_ONLY_ADMIN' } }), 400, 'E0000227');
    expectError(await t.api('GET', roles('0oaunknown0000000000')), 404, 'E0000007');
    expectError(await t.api('POST', roles('0oaunknown0000000000'), { body: { type: 'ORG_ADMIN' } }), 404, 'E0000007');
  });

  it('limits a role to groups and to an app instance', async () => {
    const client = await oidcApp('Targeted', 'service');
    const role = String((await t.api<Json>('POST', roles(client), { body: { type: 'USER_ADMIN' } })).body.id);
    const [a, b] = [await group('Target A'), await group('Target B')];
    const targets = `${roles(client)}/${role}/targets/groups`;
    expect((await t.api('PUT', `${targets}/${a}`)).status).toBe(204);
    expect((await t.api('PUT', `${targets}/${b}`)).status).toBe(204);
    expect((await t.api<Json[]>('GET', targets)).body.map((g) => g.id)).toEqual([a, b]);
    expect((await t.api('DELETE', `${targets}/${a}`)).status).toBe(204);
    expect((await t.api<Json[]>('GET', targets)).body.map((g) => g.id)).toEqual([b]);
    // The last target cannot be removed: the role would silently widen to every group.
    expectError(await t.api('DELETE', `${targets}/${b}`), 400, 'E0000001');
    expectError(await t.api('PUT', `${targets}/00gunknown0000000000`), 404, 'E0000007');
    const everyone = t.emulator.context.org.everyoneGroupId as string;
    expectError(await t.api('PUT', `${targets}/${everyone}`), 400, 'E0000211');

    const appRole = String((await t.api<Json>('POST', roles(client), { body: { type: 'APP_ADMIN' } })).body.id);
    const bookmark = await t.api<Json>('POST', '/api/v1/apps', { body: { label: 'Target app', signOnMode: 'BOOKMARK', settings: { app: { url: 'https://example.com' } } } });
    const appId = String(bookmark.body.id);
    expect((await t.api('PUT', `${roles(client)}/${appRole}/targets/catalog/apps/bookmark/${appId}`)).status).toBe(204);
    expectError(await t.api('PUT', `${roles(client)}/${appRole}/targets/catalog/apps/salesforce/${appId}`), 404, 'E0000007');
    expectError(await t.api('PUT', `${roles(client)}/${role}/targets/catalog/apps/bookmark/${appId}`), 400, 'E0000001');
    expect(t.emulator.context.org.roles.get(client)?.find((r) => r.id === appRole)?.appTargets).toEqual([appId]);
  });

  it('needs okta.roles.read / okta.roles.manage', async () => {
    const token = await requestToken(t.url, t.credential, ['okta.users.read']);
    const res = await t.api('GET', roles(t.credential.clientId), { token: String(token.body.access_token) });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('scope="okta.roles.read"');
  });
});

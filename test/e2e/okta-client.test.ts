import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, systemClock, type Clock, type FakeClock } from '../../src/common/clock.ts';
import { probeConnection } from '../../src/connection/probe.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { grantScope, assignClientRole } from '../../src/emulator/state/access.ts';
import { createApp } from '../../src/emulator/state/apps.ts';
import { createOktaClient, OktaApiError, OktaAuthError, type OktaClient } from '../../src/okta/index.ts';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ port: 0, seed: 'empty', ...options });
  running.push(e);
  return e;
}

type Retry = { reason: string; waitMs: number };

function client(e: RunningEmulator, options: { clock?: Clock; scopes?: string[]; sleep?: (ms: number) => Promise<void>; retries?: Retry[]; clientId?: string; privateJwk?: Record<string, unknown> } = {}): OktaClient {
  const jwk = options.privateJwk ?? e.credential.privateKey;
  return createOktaClient({
    orgUrl: e.url,
    credentials: { kind: 'private_key', clientId: options.clientId ?? e.credential.clientId, privateJwk: jwk, kid: jwk.kid as string | undefined, alg: 'RS256' },
    scopes: options.scopes ?? ['okta.users.manage', 'okta.groups.manage', 'okta.apps.manage', 'okta.logs.read', 'okta.roles.read'],
    clock: options.clock ?? systemClock,
    allowInsecureRequests: true,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    onRetry: (event) => options.retries?.push({ reason: event.reason, waitMs: event.waitMs }),
  });
}

const profile = (n: number) => ({ login: `user${n}@acme.example`, email: `user${n}@acme.example`, firstName: 'User', lastName: `Number${n}` });

/** A sleep that moves a fake clock instead of waiting. */
const fakeSleep = (clock: FakeClock) => async (ms: number) => {
  clock.advance(ms);
};

describe('Okta client against the emulator', () => {
  it('works with DPoP off and on, detecting DPoP from the token endpoint', async () => {
    for (const dpop of [false, true]) {
      const e = await emulator({ dpop });
      const okta = client(e);
      const user = await okta.users.create({ profile: profile(1), password: 'Correct-Horse-9' });
      const group = await okta.groups.create({ name: 'Engineering' });
      await okta.groups.addMember(group.id, user.id);
      expect((await okta.users.get('user1@acme.example')).id).toBe(user.id);
      const members = [];
      for await (const m of okta.groups.members(group.id)) members.push(m.id);
      expect(members).toEqual([user.id]);
      expect((await okta.tokens.getToken()).type).toBe(dpop ? 'DPoP' : 'Bearer');
    }
  });

  it('pages through every user with Link headers', async () => {
    const e = await emulator();
    const okta = client(e);
    for (let i = 0; i < 450; i++) {
      await okta.users.create({ profile: profile(i), activate: false });
    }
    const ids = new Set<string>();
    for await (const u of okta.users.list({ limit: 200 })) ids.add(u.id);
    expect(ids.size).toBe(450);
  });

  it('turns Okta errors into typed errors with code, causes and request id', async () => {
    const e = await emulator();
    const okta = client(e);
    const user = await okta.users.create({ profile: profile(1), activate: false });
    const error = await okta.users.suspend(user.id).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error).toMatchObject({ status: 400, errorCode: 'E0000001', method: 'POST' });
    expect((error as OktaApiError).requestId).toMatch(/^req/);
    expect((error as OktaApiError).errorCauses[0]).toContain('not active');
  });

  it('refreshes a token proactively when it nears expiry in a long job', async () => {
    const clock = createFakeClock(Date.now());
    const e = await emulator({ clock });
    const retries: Retry[] = [];
    const okta = client(e, { clock, retries });
    const first = (await okta.tokens.getToken()).value;
    await okta.users.create({ profile: profile(1), activate: false });
    clock.advance(3570_000);
    await okta.users.create({ profile: profile(2), activate: false });
    expect((await okta.tokens.getToken()).value).not.toBe(first);
    expect(retries).toEqual([]);
  });

  it('refreshes a token Okta stopped accepting in the middle of a long job, once', async () => {
    const clock = createFakeClock(Date.now());
    const e = await emulator({ clock });
    const retries: Retry[] = [];
    const okta = client(e, { clock, retries });
    await okta.users.create({ profile: profile(1), activate: false });
    // Okta revokes the token mid-job (as an admin clearing it would): it answers 401 and we refresh once.
    for (const token of e.context.org.tokens.values()) token.revoked = true;
    const again = await okta.users.create({ profile: profile(2), activate: false });
    expect(again.status).toBe('STAGED');
    expect(retries.filter((r) => r.reason === 'token_refresh')).toHaveLength(1);
    expect(e.context.org.users.size).toBe(2);
  });

  it('waits out a 429 storm, losing and doubling nothing', async () => {
    const e = await emulator();
    const retries: Retry[] = [];
    // Real waits, shortened: the injected burst resets after a second.
    const okta = client(e, { retries, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) });
    const user = await okta.users.create({ profile: profile(1), activate: false });
    e.context.rateLimiter.burst = 3;
    const group = await okta.groups.create({ name: 'Storm' });
    await okta.groups.addMember(group.id, user.id);
    expect(retries.filter((r) => r.reason === 'rate_limited')).toHaveLength(3);
    expect([...e.context.org.groups.values()].filter((g) => g.profile.name === 'Storm')).toHaveLength(1);
    expect(e.context.org.members.get(group.id)?.has(user.id)).toBe(true);
  });

  it('retries 5xx on safe requests and never repeats an unsafe one', async () => {
    const e = await emulator();
    const retries: Retry[] = [];
    const okta = client(e, { retries, sleep: async () => {} });
    const user = await okta.users.create({ profile: profile(1), activate: false });
    e.context.faults.errorRate = 0.5;
    for (let i = 0; i < 10; i++) expect((await okta.users.get(user.id)).id).toBe(user.id);
    expect(retries.some((r) => r.reason === 'server_error')).toBe(true);
    e.context.faults.errorRate = 1;
    const before = e.context.rateLimiter.counts.get('GET,POST /api/v1/users') ?? 0;
    const failure = await okta.users.create({ profile: profile(2), activate: false }).catch((err: unknown) => err);
    expect(failure).toMatchObject({ status: 500 });
    expect(e.context.rateLimiter.counts.get('GET,POST /api/v1/users')).toBe(before + 1);
    e.context.faults.errorRate = 0;
  });

  it('paces a bulk job under the rate limit without meeting a 429 (fake clock)', async () => {
    const clock = createFakeClock(Date.now());
    const e = await emulator({ clock, rateLimits: 'free' });
    const retries: Retry[] = [];
    const okta = client(e, { clock, retries, sleep: fakeSleep(clock) });
    const user = await okta.users.create({ profile: profile(1), activate: false });
    const start = clock.now();
    await Promise.all(Array.from({ length: 250 }, () => okta.users.get(user.id)));
    expect(retries.filter((r) => r.reason === 'rate_limited')).toEqual([]);
    // Free plan: 100 GET /users/{id} a minute, so 250 take at least two resets.
    expect(clock.now() - start).toBeGreaterThanOrEqual(120_000);
  });

  it('explains token errors in terms of what to change in Okta', async () => {
    const e = await emulator();
    const wrongId = client(e, { clientId: '0oa00000000000000000' });
    const error = await wrongId.users.get('x').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OktaAuthError);
    expect((error as OktaAuthError).reason).toBe('invalid_client');
    expect((error as Error).message).toContain('Copy the Client ID');

    const wrongKid = client(e, { privateJwk: { ...e.credential.privateKey, kid: 'not-registered' } });
    const kidError = await wrongKid.users.get('x').catch((err: unknown) => err);
    expect((kidError as Error).message).toContain('click "Done"');
    expect((kidError as Error).message).not.toContain(String(e.credential.privateKey.d));
  });
});

describe('probeConnection (gatehouse okta test)', () => {
  it('reports every capability working for a fully granted app, and names its role', async () => {
    const e = await emulator();
    const report = await probeConnection(client(e), { clientId: e.credential.clientId, scopes: ['okta.users.manage', 'okta.groups.manage', 'okta.apps.manage', 'okta.logs.read', 'okta.roles.read'] });
    expect(report.tokenError).toBeNull();
    expect(report.results.map((r) => [r.scope, r.ok])).toEqual([
      ['okta.users.read', true],
      ['okta.users.manage', true],
      ['okta.groups.read', true],
      ['okta.groups.manage', true],
      ['okta.apps.read', true],
      ['okta.apps.manage', true],
      ['okta.logs.read', true],
    ]);
    expect(report.roles).toEqual(['SUPER_ADMIN']);
    expect(report.ok).toBe(true);
    expect(e.context.org.users.size).toBe(0);
  });

  it('names missing scopes and too weak roles, with the fix', async () => {
    const e = await emulator();
    const org = e.context.org;
    const service = createApp(
      org,
      {
        name: 'oidc_client',
        label: 'Weak',
        signOnMode: 'OPENID_CONNECT',
        status: 'ACTIVE',
        body: {},
        oauthClient: {
          applicationType: 'service',
          grantTypes: ['client_credentials'],
          responseTypes: ['token'],
          tokenEndpointAuthMethod: 'private_key_jwt',
          dpopBound: false,
          keys: [{ id: 'pks1', status: 'ACTIVE', created: 0, lastUpdated: 0, jwk: { ...publicPart(e.credential.privateKey), kid: 'weak-1' } }],
          clientSecret: null,
        },
      },
      null,
    );
    for (const scope of ['okta.users.read', 'okta.users.manage', 'okta.groups.read']) grantScope(org, service, scope, '', null);
    assignClientRole(org, service, 'READ_ONLY_ADMIN', null);
    const weak = client(e, { clientId: service.id, privateJwk: { ...e.credential.privateKey, kid: 'weak-1' }, scopes: ['okta.users.manage', 'okta.groups.read', 'okta.logs.read'] });
    const report = await probeConnection(weak, { clientId: service.id, scopes: ['okta.users.manage', 'okta.groups.read', 'okta.logs.read'] });
    expect(report.droppedScopes).toEqual(['okta.logs.read']);
    const byScope = Object.fromEntries(report.results.map((r) => [r.scope, r]));
    expect(byScope['okta.users.read']?.ok).toBe(true);
    expect(byScope['okta.users.manage']).toMatchObject({ ok: false, scopeGranted: true, roleAllows: false });
    expect(byScope['okta.users.manage']?.fix).toContain('Admin roles');
    expect(byScope['okta.logs.read']).toMatchObject({ ok: false, scopeGranted: false });
    expect(byScope['okta.logs.read']?.fix).toContain('Okta API Scopes');
    expect(report.ok).toBe(false);
  });

  it('reports a token failure instead of a table', async () => {
    const e = await emulator();
    const report = await probeConnection(client(e, { clientId: '0oa00000000000000000' }), { clientId: '0oa00000000000000000', scopes: ['okta.users.read'] });
    expect(report.tokenError).toContain('Client ID');
    expect(report.ok).toBe(false);
  });
});

function publicPart(jwk: Record<string, unknown>): Record<string, unknown> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest;
}

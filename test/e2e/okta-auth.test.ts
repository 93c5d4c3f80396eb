// Getting and keeping a token against the emulator over HTTP (issue 3, "Getting and keeping a token"):
// one token request in flight, the token kept until shortly before expiry, a token expiring in the middle
// of a long job (the emulator's clock moved through its operator API), one refresh on a 401, DPoP nonce
// changes, and every OAuth/network failure turned into a message naming what to change.
import { createServer } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, systemClock, type Clock } from '../../src/common/clock.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { createOktaClient, OktaApiError, OktaAuthError, OktaNetworkError, type OktaClient, type OktaCredentials } from '../../src/okta/index.ts';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ port: 0, seed: 'empty', ...options });
  running.push(e);
  return e;
}

type Retry = { reason: string; path: string };
const allScopes = ['okta.users.manage', 'okta.groups.manage', 'okta.apps.manage', 'okta.logs.read', 'okta.roles.manage', 'okta.appGrants.manage'];

function client(orgUrl: string, credentials: OktaCredentials, options: { scopes?: string[]; clock?: Clock; retries?: Retry[]; maxConcurrency?: number } = {}): OktaClient {
  return createOktaClient({
    orgUrl,
    credentials,
    scopes: options.scopes ?? allScopes,
    clock: options.clock ?? systemClock,
    allowInsecureRequests: true,
    ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
    onRetry: (event) => options.retries?.push({ reason: event.reason, path: event.path }),
  });
}

const builtIn = (e: RunningEmulator): OktaCredentials => ({ kind: 'private_key', clientId: e.credential.clientId, privateJwk: e.credential.privateKey, kid: String(e.credential.privateKey.kid), alg: 'RS256' });

/** Token requests the emulator has seen (its /oauth2/v1/token bucket), read over its operator API. */
async function tokenRequests(e: RunningEmulator): Promise<number> {
  const stats = (await (await fetch(`${e.url}/__emulator/stats`)).json()) as { requests: Record<string, number> };
  return stats.requests['/oauth2/v1/token'] ?? 0;
}

async function advanceOrgClock(e: RunningEmulator, seconds: number): Promise<void> {
  const res = await fetch(`${e.url}/__emulator/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  expect(res.status).toBe(200);
}

async function rsaKey(kid: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const meta = { kid, alg: 'RS256', use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...(await exportJWK(publicKey)), ...meta } };
}

/**
 * Creates an API Services app the way an admin does, through the Apps API (and the client roles API),
 * with the built-in super-admin app's client: its key, granted scopes and admin role.
 */
async function adminCreatesServiceApp(
  e: RunningEmulator,
  options: { scopes: string[]; role?: string; dpop?: boolean; method?: 'private_key_jwt' | 'client_secret_post' },
): Promise<{ clientId: string; key: { privateJwk: JWK; publicJwk: JWK }; credentials: OktaCredentials; secret: string | undefined }> {
  const admin = client(e.url, builtIn(e));
  const key = await rsaKey(`svc-${Math.random().toString(36).slice(2, 10)}`);
  const method = options.method ?? 'private_key_jwt';
  const created = await admin.request({
    method: 'POST',
    path: '/api/v1/apps',
    body: {
      label: `Service ${key.publicJwk.kid}`,
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: method } },
      settings: {
        oauthClient: {
          application_type: 'service',
          grant_types: ['client_credentials'],
          response_types: ['token'],
          dpop_bound_access_tokens: options.dpop ?? false,
          ...(method === 'private_key_jwt' ? { jwks: { keys: [key.publicJwk] } } : {}),
        },
      },
    },
  });
  const app = created.body as { id: string; credentials?: { oauthClient?: { client_secret?: string } } };
  for (const scopeId of options.scopes) await admin.request({ method: 'POST', path: `/api/v1/apps/${app.id}/grants`, body: { scopeId, issuer: e.url } });
  if (options.role) await admin.request({ method: 'POST', path: `/oauth2/v1/clients/${app.id}/roles`, body: { type: options.role } });
  const secret = app.credentials?.oauthClient?.client_secret;
  const credentials: OktaCredentials =
    method === 'private_key_jwt'
      ? { kind: 'private_key', clientId: app.id, privateJwk: key.privateJwk, kid: key.privateJwk.kid, alg: 'RS256' }
      : { kind: 'client_secret', clientId: app.id, secret: secret ?? 'no-secret-returned-by-the-emulator-0000' };
  return { clientId: app.id, key, credentials, secret };
}

const profile = (n: number) => ({ login: `user${n}@acme.example`, email: `user${n}@acme.example`, firstName: 'User', lastName: `Number${n}` });

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

describe('one token, kept and refreshed', () => {
  it('sends one token request however many calls start at once (Bearer, and DPoP with its nonce dance)', async () => {
    for (const dpop of [false, true]) {
      const e = await emulator({ dpop });
      const okta = client(e.url, builtIn(e), { maxConcurrency: 20 });
      const results = await Promise.all(Array.from({ length: 30 }, () => okta.groups.get('00g_nonexistent_0000').catch((error: unknown) => error)));
      expect(results.every((r) => r instanceof OktaApiError && r.status === 404)).toBe(true);
      // Bearer: one request. DPoP: no proof → invalid_dpop_proof, proof without nonce → use_dpop_nonce, then the token.
      expect(await tokenRequests(e)).toBe(dpop ? 3 : 1);
      expect((await okta.tokens.getToken()).type).toBe(dpop ? 'DPoP' : 'Bearer');
    }
  });

  it('keeps the token until shortly before it expires, then gets a new one before calling', async () => {
    const e = await emulator();
    const retries: Retry[] = [];
    // The client reads the emulator's clock, so moving it through the operator API moves both.
    const okta = client(e.url, builtIn(e), { clock: e.context.clock, retries });
    await okta.users.list().next();
    const first = (await okta.tokens.getToken()).value;
    await advanceOrgClock(e, 3000);
    await okta.users.list().next();
    await advanceOrgClock(e, 539); // 61 s left: still kept
    await okta.users.list().next();
    expect((await okta.tokens.getToken()).value).toBe(first);
    expect(await tokenRequests(e)).toBe(1);
    await advanceOrgClock(e, 2); // 59 s left: inside the refresh margin
    await okta.users.list().next();
    expect((await okta.tokens.getToken()).value).not.toBe(first);
    expect(await tokenRequests(e)).toBe(2);
    expect(retries).toEqual([]);
  });

  it('gets through a long job while its token expires in the middle, losing and repeating nothing', async () => {
    for (const dpop of [false, true]) {
      const e = await emulator({ dpop });
      const retries: Retry[] = [];
      const okta = client(e.url, builtIn(e), { clock: e.context.clock, retries, maxConcurrency: 6 });
      const before = await tokenRequests(e);
      const created: string[] = [];
      await pool(
        Array.from({ length: 240 }, (_, i) => i),
        6,
        async (i) => {
          created.push((await okta.users.create({ profile: profile(i), activate: false })).id);
          // A full token lifetime passes while the job runs (and calls are in flight).
          if (i === 80) await advanceOrgClock(e, 3600);
          if (i === 160) await advanceOrgClock(e, 3600);
        },
      );
      expect(new Set(created).size).toBe(240);
      expect(e.context.org.users.size).toBe(240);
      // Creates are not idempotent: a 401 (token expired under a call in flight) was answered before
      // Okta did anything, so the retry is safe; anything else would have failed the job.
      expect(retries.every((r) => r.reason === 'token_refresh')).toBe(true);
      // The first token (DPoP: three requests with the nonce dance), then one refresh per expiry: the
      // nonce is still valid, and calls that met the expired token share the one refresh.
      expect(await tokenRequests(e)).toBe(before + (dpop ? 3 : 1) + 2);
    }
  });

  it('refreshes once on a 401 and then reports why, instead of looping', async () => {
    const e = await emulator();
    const svc = await adminCreatesServiceApp(e, { scopes: ['okta.users.read'], role: 'READ_ONLY_ADMIN' });
    const retries: Retry[] = [];
    const okta = client(e.url, svc.credentials, { scopes: ['okta.users.read'], retries });
    await okta.users.list().next();
    // The admin deactivates the app: its token stops working, and it gets no new one.
    await client(e.url, builtIn(e)).request({ method: 'POST', path: `/api/v1/apps/${svc.clientId}/lifecycle/deactivate` });
    const error = await okta.users.list().next().catch((err: unknown) => err);
    expect(retries.filter((r) => r.reason === 'token_refresh')).toHaveLength(1);
    expect(error).toBeInstanceOf(OktaAuthError);
    expect((error as OktaAuthError).reason).toBe('invalid_client');
    expect((error as Error).message).toContain(svc.clientId);
  });

  it('follows a DPoP nonce change: an old nonce is refused, the new one is used', async () => {
    const e = await emulator({ dpop: true });
    const retries: Retry[] = [];
    const okta = client(e.url, builtIn(e), { clock: e.context.clock, retries });
    await okta.users.list().next();
    const nonces = new Set(e.context.dpopNonces.keys());
    expect(nonces.size).toBe(1);
    // Four days on, the token has expired and Okta no longer accepts the nonce we hold.
    await advanceOrgClock(e, 4 * 24 * 3600);
    const before = await tokenRequests(e);
    await okta.users.list().next();
    const after = [...e.context.dpopNonces.keys()];
    expect(after.some((n) => !nonces.has(n))).toBe(true);
    expect(await tokenRequests(e)).toBe(before + 2); // old nonce → use_dpop_nonce, new nonce → token
    expect((await okta.tokens.getToken()).type).toBe('DPoP');
    expect(retries).toEqual([]);
  });

  it('works whether or not the admin ticked "Require DPoP" on an app made through the Apps API', async () => {
    const e = await emulator();
    for (const dpop of [false, true]) {
      const svc = await adminCreatesServiceApp(e, { scopes: ['okta.users.read', 'okta.groups.read'], role: 'READ_ONLY_ADMIN', dpop });
      const okta = client(e.url, svc.credentials, { scopes: ['okta.users.read', 'okta.groups.read'] });
      const groups = [];
      for await (const g of okta.groups.list()) groups.push(g.profile.name);
      expect(groups).toContain('Everyone');
      expect((await okta.tokens.getToken()).type).toBe(dpop ? 'DPoP' : 'Bearer');
    }
  });
});

describe('OAuth errors an admin can act on', () => {
  const messageOf = async (okta: OktaClient): Promise<OktaAuthError> => {
    const error = await okta.tokens.getToken().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OktaAuthError);
    return error as OktaAuthError;
  };

  it('invalid_client: wrong Client ID, key never saved with "Done" (unknown kid), key of another app', async () => {
    const e = await emulator();
    const svc = await adminCreatesServiceApp(e, { scopes: ['okta.users.read'], role: 'READ_ONLY_ADMIN' });
    const wrongId = await messageOf(client(e.url, { ...svc.credentials, clientId: '0oa00000000000000000' } as OktaCredentials, { scopes: ['okta.users.read'] }));
    expect(wrongId.reason).toBe('invalid_client');
    expect(wrongId.message).toContain('has no app with Client ID 0oa00000000000000000');
    expect(wrongId.message).toContain('General tab');

    const other = await rsaKey('never-saved');
    const unknownKid = await messageOf(client(e.url, { kind: 'private_key', clientId: svc.clientId, privateJwk: other.privateJwk, kid: 'never-saved', alg: 'RS256' }, { scopes: ['okta.users.read'] }));
    expect(unknownKid.message).toContain('kid "never-saved"');
    expect(unknownKid.message).toContain('click "Done"');

    // The right kid, but the private key of a different key pair: the signature does not verify.
    const impostor = await rsaKey(String(svc.key.privateJwk.kid));
    const badSignature = await messageOf(client(e.url, { kind: 'private_key', clientId: svc.clientId, privateJwk: impostor.privateJwk, kid: impostor.privateJwk.kid, alg: 'RS256' }, { scopes: ['okta.users.read'] }));
    expect(badSignature.message).toContain("not one of the app's ACTIVE public keys");
    for (const error of [wrongId, unknownKid, badSignature]) {
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
        expect(error.message).not.toContain(String(svc.key.privateJwk[member]));
        expect(error.message).not.toContain(String(impostor.privateJwk[member]));
      }
    }
  });

  it('invalid_client: an app that authenticates with a client secret, for Okta API scopes', async () => {
    const e = await emulator();
    const svc = await adminCreatesServiceApp(e, { scopes: ['okta.users.read'], method: 'client_secret_post' });
    const error = await messageOf(client(e.url, svc.credentials, { scopes: ['okta.users.read'] }));
    expect(error.reason).toBe('invalid_client');
    expect(error.message).toContain('"Public key / Private key"');
    if (svc.credentials.kind === 'client_secret') expect(error.message).not.toContain(svc.credentials.secret);
  });

  it('consent_required names the scopes and the "Okta API Scopes" tab; dropped scopes are named', async () => {
    const e = await emulator();
    const none = await adminCreatesServiceApp(e, { scopes: [], role: 'READ_ONLY_ADMIN' });
    const consent = await messageOf(client(e.url, none.credentials, { scopes: ['okta.users.read', 'okta.logs.read'] }));
    expect(consent.reason).toBe('consent_required');
    expect(consent.message).toContain('okta.users.read, okta.logs.read');
    expect(consent.message).toContain('Okta API Scopes');

    const some = await adminCreatesServiceApp(e, { scopes: ['okta.users.read'], role: 'READ_ONLY_ADMIN' });
    const okta = client(e.url, some.credentials, { scopes: ['okta.users.read', 'okta.groups.read'] });
    const token = await okta.tokens.getToken();
    expect(token.scopes).toEqual(['okta.users.read']);
    expect(token.droppedScopes).toEqual(['okta.groups.read']);
    // A call that needs the dropped scope says which scope and where to grant it.
    const call = await okta.groups.list().next().catch((err: unknown) => err);
    expect(call).toBeInstanceOf(OktaApiError);
    expect((call as Error).message).toContain('okta.groups.read');
    expect((call as Error).message).toContain('"Okta API Scopes" tab');
  });

  it('a machine clock ten minutes slow is named as the cause (a DPoP app: assertion and proof both out of time)', async () => {
    const e = await emulator({ dpop: true });
    const slow = createFakeClock(Date.now() - 10 * 60_000);
    const error = await client(e.url, builtIn(e), { clock: slow }).tokens.getToken().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OktaAuthError);
    // Okta checks the client assertion before the proof, so the assertion's timing is what it names.
    expect((error as OktaAuthError).reason).toBe('invalid_client');
    expect((error as Error).message).toContain('is expired');
    expect((error as Error).message).toContain("this machine's clock");
  });

  it('network failures name the host: refused connection, and TLS spoken to a plain-HTTP port', async () => {
    const port = await freePort();
    const refused = await client(`http://127.0.0.1:${port}`, { kind: 'client_secret', clientId: '0oa00000000000000000', secret: 'x'.repeat(40) }).tokens.getToken().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(OktaNetworkError);
    expect((refused as Error).message).toContain(`127.0.0.1:${port} refused the connection`);

    const e = await emulator();
    const httpsUrl = e.url.replace('http://', 'https://');
    const tls = await client(httpsUrl, builtIn(e)).tokens.getToken().catch((err: unknown) => err);
    expect(tls).toBeInstanceOf(OktaNetworkError);
    expect((tls as Error).message).toContain(new URL(httpsUrl).host);
    expect((tls as Error).message).toMatch(/TLS/);
  });
});

/** A port nothing listens on (bound, then closed). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// The operator API (outside Okta's namespace, under /__emulator/) and what it drives: injected faults
// (latency, 500/503 answers, dropped connections), the concurrency limit, the per-plan rate-limit
// buckets of reference okta-api.md §3.4, the clock, request counts, reset and re-seed. No test here
// depends on how fast the machine is: latencies are only checked as lower bounds, and concurrency is
// observed through the operator's in-flight count, not through timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile, requestToken, startTestOrg, type TestOrg } from '../support/emulator.ts';

type Json = Record<string, unknown>;

async function operator<T = Json>(org: TestOrg, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${org.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const stats = async (org: TestOrg) => (await operator<{ inFlight: number; rejected: number; requests: Record<string, number>; total: number }>(org, 'GET', '/stats')).body;

/** Polls the operator's in-flight count until it reaches `n` (a bounded number of tries, no sleeps of fixed length). */
async function untilInFlight(org: TestOrg, n: number): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if ((await stats(org)).inFlight === n) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`in-flight count never reached ${n}`);
}

describe('faults', () => {
  let t: TestOrg;
  beforeAll(async () => {
    t = await startTestOrg();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('adds latency to Okta calls, not to the operator API', async () => {
    expect((await operator(t, 'POST', '/faults', { latencyMs: 250 })).body).toMatchObject({ latencyMs: 250 });
    const t0 = performance.now();
    expect((await t.api('GET', '/api/v1/users')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
    expect((await operator(t, 'POST', '/faults', { latencyMs: 0 })).body).toMatchObject({ latencyMs: 0 });
  });

  it('answers a share of calls with 500 or 503 and an Okta error object, with Date and X-Okta-Request-Id', async () => {
    for (const errorStatus of [503, 500] as const) {
      await operator(t, 'POST', '/faults', { errorRate: 1, errorStatus });
      const res = await t.api<Json>('GET', '/api/v1/groups');
      expect(res.status).toBe(errorStatus);
      expect(res.body).toMatchObject({ errorCode: 'E0000009', errorLink: 'E0000009', errorCauses: [], errorId: expect.stringMatching(/^oae/) });
      expect(res.headers.get('x-okta-request-id')).toMatch(/^req/);
      expect(res.headers.get('date')).not.toBeNull();
      // The operator API keeps working, so a test can always turn the fault off.
      expect((await operator(t, 'GET', '/faults')).status).toBe(200);
    }
    // A share: with errorRate 0.5 some calls fail and some succeed (deterministic per emulator, 40 calls).
    await operator(t, 'POST', '/faults', { errorRate: 0.5, errorStatus: 500 });
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await t.api('GET', '/api/v1/groups')).status);
    expect([...statuses].sort()).toEqual([200, 500]);
    await operator(t, 'POST', '/faults', { errorRate: 0 });
    expect((await t.api('GET', '/api/v1/groups')).status).toBe(200);
  });

  it('drops connections without an answer, and the org keeps serving afterwards', async () => {
    await operator(t, 'POST', '/faults', { dropRate: 1 });
    await expect(fetch(`${t.url}/api/v1/users`, { headers: { authorization: `Bearer ${t.token}` } })).rejects.toThrow();
    expect((await operator(t, 'GET', '/health')).body).toEqual({ ok: true });
    await operator(t, 'POST', '/faults', { dropRate: 0 });
    expect((await t.api('GET', '/api/v1/users')).status).toBe(200);
  });

  it('refuses unknown or out-of-range fault settings with 400, changing nothing', async () => {
    for (const body of [{ errorRate: 2 }, { errorStatus: 502 }, { latencyMs: -1 }, { surprise: true }]) {
      expect((await operator(t, 'POST', '/faults', body)).status).toBe(400);
    }
    expect((await operator(t, 'GET', '/faults')).body).toEqual({ latencyMs: 0, errorRate: 0, errorStatus: 500, dropRate: 0, rateLimitBurst: 0 });
  });
});

describe('the concurrency limit', () => {
  let t: TestOrg;
  beforeAll(async () => {
    t = await startTestOrg({ rateLimits: 'free', concurrencyLimit: 2 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 E0000047 with zeroed limit headers while the limit is taken, logs one violation, and frees slots as answers end', async () => {
    await operator(t, 'POST', '/faults', { latencyMs: 2500 });
    const slow = [t.api('GET', '/api/v1/users'), t.api('GET', '/api/v1/groups')];
    await untilInFlight(t, 2);
    const refused = await t.api<Json>('GET', '/api/v1/apps');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' });
    expect(refused.headers.get('x-rate-limit-limit')).toBe('0');
    expect(refused.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(refused.headers.get('x-rate-limit-reset')).toMatch(/^\d+$/);
    expect((await t.api('GET', '/api/v1/apps')).status).toBe(429);
    await operator(t, 'POST', '/faults', { latencyMs: 0 });
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
    await untilInFlight(t, 0);
    expect((await t.api('GET', '/api/v1/apps')).status).toBe(200);
    const events = t.emulator.context.org.logs.filter((e) => e.event.eventType === 'core.concurrency.org.limit.violation');
    expect(events).toHaveLength(1);
    expect(events[0]?.event).toMatchObject({ severity: 'WARN', actor: { id: t.credential.clientId, type: 'PublicClientApp' }, outcome: { result: 'RATE_LIMIT' } });
  });

  it('frees the slot of a request whose client gave up', async () => {
    await operator(t, 'POST', '/faults', { latencyMs: 5000 });
    const abort = new AbortController();
    const gone = fetch(`${t.url}/api/v1/users`, { headers: { authorization: `Bearer ${t.token}` }, signal: abort.signal }).catch((error: unknown) => error);
    await untilInFlight(t, 1);
    abort.abort();
    expect(await gone).toBeInstanceOf(Error);
    await untilInFlight(t, 0);
    await operator(t, 'POST', '/faults', { latencyMs: 0 });
  });
});

describe('rate-limit buckets per plan (reference §3.4)', () => {
  let t: TestOrg;
  let userId: string;
  let groupId: string;
  let appId: string;
  beforeAll(async () => {
    t = await startTestOrg({ rateLimits: 'free' });
    userId = String((await t.api<Json>('POST', '/api/v1/users?activate=false', { body: { profile: profile('bucket.user@acme.example') } })).body.id);
    groupId = String((await t.api<Json>('POST', '/api/v1/groups', { body: { profile: { name: 'Bucket' } } })).body.id);
    appId = t.credential.clientId;
  });
  afterAll(async () => {
    await t?.close();
  });

  // [method, path, free, enterprise, workforce]
  const table = (): [string, string, number, number, number][] => [
    ['GET', '/api/v1/users', 100, 600, 600],
    ['GET', `/api/v1/users/${userId}`, 100, 1000, 2000],
    ['POST', `/api/v1/users/${userId}`, 100, 600, 600],
    ['GET', '/api/v1/groups', 100, 600, 500],
    ['GET', `/api/v1/groups/${groupId}`, 100, 600, 1000],
    ['GET', '/api/v1/apps', 20, 100, 100],
    ['GET', `/api/v1/apps/${appId}`, 100, 600, 500],
    ['GET', `/api/v1/apps/${appId}/users`, 20, 100, 100],
    ['GET', '/api/v1/logs', 20, 50, 120],
    ['GET', `/oauth2/v1/clients/${appId}/roles`, 25, 100, 100],
    ['GET', `/api/v1/users/${userId}/groups`, 100, 600, 1200],
    ['POST', `/api/v1/users/${userId}/lifecycle/activate?sendEmail=false`, 100, 600, 1200],
  ];

  it('puts each call in its bucket, with that plan\'s per-minute limit in X-Rate-Limit-Limit', async () => {
    for (const [plan, column] of [['free', 2], ['enterprise', 3], ['workforce', 4]] as const) {
      expect((await operator(t, 'POST', '/rate-limits', { plan })).status).toBe(200);
      for (const row of table()) {
        const [method, path] = row;
        const lifecycle = path.includes('/lifecycle/');
        const res = await t.api(method, path, method !== 'POST' ? {} : lifecycle ? { headers: { 'content-length': '0' } } : { body: { profile: { title: 'x' } } });
        expect({ plan, method, path, limit: res.headers.get('x-rate-limit-limit') }).toEqual({ plan, method, path, limit: String(row[column]) });
      }
      const token = await fetch(`${t.url}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' } });
      expect({ plan, token: token.headers.get('x-rate-limit-limit') }).toEqual({ plan, token: String({ free: 300, enterprise: 1200, workforce: 2000 }[plan]) });
    }
    // The key set and the operator API are unlimited.
    const keys = await fetch(`${t.url}/oauth2/v1/keys`);
    expect(keys.status).toBe(200);
    expect(keys.headers.get('x-rate-limit-limit')).toBeNull();
    expect((await fetch(`${t.url}/__emulator/stats`)).headers.get('x-rate-limit-limit')).toBeNull();
  });

  it('counts a bucket apart from the others, logs one violation per window, and resets after a minute of org time', async () => {
    await operator(t, 'POST', '/rate-limits', { plan: 'free' });
    await operator(t, 'POST', '/stats/reset');
    for (let i = 0; i < 20; i++) expect((await t.api('GET', '/api/v1/logs?limit=1')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await t.api('GET', '/api/v1/logs?limit=1')).status).toBe(429);
    expect((await t.api('GET', '/api/v1/groups')).status).toBe(200);
    const s = await stats(t);
    expect(s.requests['/api/v1/logs']).toBe(23);
    expect(s.rejected).toBe(3);
    const violations = t.emulator.context.org.logs.filter((e) => e.event.eventType === 'system.org.rate_limit.violation');
    expect(violations).toHaveLength(1);
    expect(violations[0]?.event.actor).toMatchObject({ id: t.credential.clientId });
    await operator(t, 'POST', '/clock/advance', { seconds: 61 });
    // The token was issued before the jump and is still valid (it lasts an hour).
    expect((await t.api('GET', '/api/v1/logs?limit=1')).status).toBe(200);
  });
});

describe('clock, stats, reset and re-seed', () => {
  let t: TestOrg;
  beforeAll(async () => {
    t = await startTestOrg();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('moves the org clock: Date and the log follow it', async () => {
    const before = (await operator<{ now: string; offsetMs: number }>(t, 'GET', '/clock')).body;
    const moved = (await operator<{ now: string; offsetMs: number }>(t, 'POST', '/clock/advance', { seconds: 86_400 })).body;
    expect(moved.offsetMs - before.offsetMs).toBe(86_400_000);
    expect(Date.parse(moved.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(86_400_000);
    expect((await operator(t, 'POST', '/clock/advance', { ms: -1 })).status).toBe(400);
    const token = await requestToken(t.url, t.credential, ['okta.users.manage'], undefined, Math.floor(t.emulator.context.clock.now() / 1000));
    const res = await fetch(`${t.url}/api/v1/users`, { headers: { authorization: `Bearer ${String(token.body.access_token)}` } });
    expect(Date.parse(res.headers.get('date') as string)).toBeGreaterThanOrEqual(Date.parse(moved.now) - 1000);
  });

  it('counts requests per bucket', async () => {
    await operator(t, 'POST', '/stats/reset');
    for (let i = 0; i < 3; i++) await t.api('GET', '/api/v1/groups');
    const s = await stats(t);
    expect(s.requests['/api/v1/groups']).toBe(3);
    expect(s.total).toBe(3);
  });

  it('re-seeds deterministically and resets to the seed, dropping changes, tokens and faults', async () => {
    const seeded = await operator<Json>(t, 'POST', '/seed', { seed: 'demo', users: 40 });
    expect(seeded.body).toMatchObject({ seed: 'demo', users: 40 });
    const ids = () => t.emulator.context.org.userOrder.all().join(',');
    const first = ids();
    await operator(t, 'POST', '/faults', { latencyMs: 5 });
    const reset = await operator<Json>(t, 'POST', '/reset');
    expect(reset.body).toEqual({ reset: true, users: 40 });
    expect(ids()).toBe(first);
    expect((await operator<Json>(t, 'GET', '/faults')).body.latencyMs).toBe(0);
    // Tokens belong to the org that issued them.
    expect((await t.api('GET', '/api/v1/users')).status).toBe(401);
    expect((await operator(t, 'POST', '/seed', { seed: 'nope' })).status).toBe(400);
  });
});

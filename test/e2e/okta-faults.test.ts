// Faults injected through the emulator's operator API (POST /__emulator/faults) while bulk work runs
// (issue 3, Proof): 429 storms, 5xx answers, dropped connections and answers that come too late. No
// request is lost (every item ends done or reported), and none is sent twice when repeating it is unsafe.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/common/clock.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { createOktaClient, OktaApiError, OktaNetworkError, OktaTimeoutError, type OktaClient } from '../../src/okta/index.ts';

const running: RunningEmulator[] = [];
afterEach(async () => {
  // Emulator gap: after a client gives up on a request held by injected latency, close() waits for it
  // forever; dropping the sockets first lets it finish.
  await Promise.all(
    running.splice(0).map((e) => {
      e.app.server.closeAllConnections();
      return e.close();
    }),
  );
});

async function emulator(): Promise<RunningEmulator> {
  const e = await startEmulator({ port: 0, seed: 'empty' });
  running.push(e);
  return e;
}

async function faults(e: RunningEmulator, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${e.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

type Retry = { reason: string; method: string; path: string };

/** Sends over real HTTP; the wrapper only counts what was sent, per method and path. */
function client(e: RunningEmulator, options: { retries: Retry[]; sent: string[]; timeoutMs?: number }): OktaClient {
  return createOktaClient({
    orgUrl: e.url,
    credentials: { kind: 'private_key', clientId: e.credential.clientId, privateJwk: e.credential.privateKey, kid: String(e.credential.privateKey.kid), alg: 'RS256' },
    scopes: ['okta.users.manage', 'okta.groups.manage'],
    clock: systemClock,
    allowInsecureRequests: true,
    maxConcurrency: 8,
    // Real waits, capped so a storm's one-second windows pass quickly.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 25))),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      options.sent.push(`${init?.method ?? 'GET'} ${url.pathname}`);
      return globalThis.fetch(input, init);
    },
    onRetry: (event) => options.retries.push({ reason: event.reason, method: event.method, path: event.path }),
  });
}

const profile = (n: number) => ({ login: `user${n}@acme.example`, email: `user${n}@acme.example`, firstName: 'User', lastName: `Number${n}` });

/** Runs every item, keeping each outcome: nothing may be dropped on the floor. */
async function settle<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  return Promise.all(items.map((item) => work(item).then((value) => ({ status: 'fulfilled' as const, value }), (reason: unknown) => ({ status: 'rejected' as const, reason }))));
}

const creates = (sent: string[]) => sent.filter((s) => s === 'POST /api/v1/users').length;

describe('bulk work under injected faults', () => {
  it('waits out a 429 storm: every create and every add goes through, each create made once', async () => {
    const e = await emulator();
    const retries: Retry[] = [];
    const sent: string[] = [];
    const okta = client(e, { retries, sent });
    const group = await okta.groups.create({ name: 'Storm' });
    await faults(e, { rateLimitBurst: 12 });
    const created = await settle(
      Array.from({ length: 30 }, (_, i) => i),
      (i) => okta.users.create({ profile: profile(i), activate: false }),
    );
    expect(created.every((r) => r.status === 'fulfilled')).toBe(true);
    const ids = created.map((r) => (r.status === 'fulfilled' ? r.value.id : ''));
    const added = await settle(ids, (id) => okta.groups.addMember(group.id, id));
    expect(added.every((r) => r.status === 'fulfilled')).toBe(true);

    expect(retries.filter((r) => r.reason === 'rate_limited').length).toBe(12);
    expect(retries.every((r) => r.reason === 'rate_limited')).toBe(true);
    // A 429 means Okta did nothing, so a create is resent only after one: 30 creates, plus one per 429 they met.
    const createRetries = retries.filter((r) => r.method === 'POST' && r.path === '/api/v1/users').length;
    expect(creates(sent)).toBe(30 + createRetries);
    expect(e.context.org.users.size).toBe(30);
    expect(e.context.org.members.get(group.id)?.size).toBe(30);
  });

  it('on 5xx, retries what is safe to repeat and never resends a create', async () => {
    const e = await emulator();
    const retries: Retry[] = [];
    const sent: string[] = [];
    const okta = client(e, { retries, sent });
    const group = await okta.groups.create({ name: 'Flaky' });
    const seeded = await Promise.all(Array.from({ length: 20 }, (_, i) => okta.users.create({ profile: profile(i), activate: false })));
    await faults(e, { errorRate: 0.3, errorStatus: 503 });
    sent.length = 0;

    const adds = await settle(seeded, (u) => okta.groups.addMember(group.id, u.id));
    const reads = await settle(seeded, (u) => okta.users.get(u.id));
    const news = await settle(
      Array.from({ length: 30 }, (_, i) => 100 + i),
      (i) => okta.users.create({ profile: profile(i), activate: false }),
    );
    await faults(e, { errorRate: 0 });

    // Idempotent PUTs and GETs were retried through the 503s.
    expect(adds.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(reads.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(retries.some((r) => r.reason === 'server_error' && r.method === 'PUT')).toBe(true);
    expect(e.context.org.members.get(group.id)?.size).toBe(20);
    // Creates: each sent exactly once; every one either made the user or was reported with Okta's 503.
    expect(creates(sent)).toBe(30);
    expect(retries.some((r) => r.method === 'POST')).toBe(false);
    const failed = news.filter((r) => r.status === 'rejected');
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect((f as PromiseRejectedResult).reason).toMatchObject({ status: 503 });
    expect(failed.every((f) => (f as PromiseRejectedResult).reason instanceof OktaApiError)).toBe(true);
    expect(e.context.org.users.size).toBe(20 + news.filter((r) => r.status === 'fulfilled').length);
  });

  it('on dropped connections, retries reads and reports a create instead of resending it', async () => {
    const e = await emulator();
    const retries: Retry[] = [];
    const sent: string[] = [];
    const okta = client(e, { retries, sent });
    const user = await okta.users.create({ profile: profile(0), activate: false });
    await faults(e, { dropRate: 0.3 });
    sent.length = 0;
    const reads = await settle(Array.from({ length: 20 }, () => user.id), (id) => okta.users.get(id));
    const news = await settle(
      Array.from({ length: 20 }, (_, i) => 1 + i),
      (i) => okta.users.create({ profile: profile(i), activate: false }),
    );
    await faults(e, { dropRate: 0 });
    expect(reads.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(retries.some((r) => r.reason === 'network' && r.method === 'GET')).toBe(true);
    expect(creates(sent)).toBe(20);
    const failed = news.filter((r) => r.status === 'rejected');
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect((f as PromiseRejectedResult).reason).toBeInstanceOf(OktaNetworkError);
      expect(String((f as PromiseRejectedResult).reason.message)).toContain(new URL(e.url).host);
    }
    expect(e.context.org.users.size).toBe(1 + news.filter((r) => r.status === 'fulfilled').length);
  });

  it('a create whose answer comes too late is reported, not sent again', async () => {
    const e = await emulator();
    const retries: Retry[] = [];
    const sent: string[] = [];
    const okta = client(e, { retries, sent, timeoutMs: 150 });
    await okta.tokens.getToken();
    await faults(e, { latencyMs: 400 });
    const error = await okta.users.create({ profile: profile(1), activate: false }).catch((err: unknown) => err);
    // The request may have reached Okta: resending it could make the user twice (or fail on the login).
    expect(error).toBeInstanceOf(OktaTimeoutError);
    expect((error as Error).message).toContain(new URL(e.url).host);
    expect(creates(sent)).toBe(1);
    expect(retries.some((r) => r.method === 'POST')).toBe(false);
    // A read that times out is safe to repeat, and is.
    const read = await okta.users.list().next().catch((err: unknown) => err);
    expect(read).toBeInstanceOf(OktaTimeoutError);
    expect(sent.filter((s) => s === 'GET /api/v1/users').length).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await faults(e, { latencyMs: 0 });
  });
});

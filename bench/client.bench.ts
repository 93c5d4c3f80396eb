/**
 * `npm run bench:client` (issue 3): one emulator on the Workforce rate-limit plan; Gatehouse's Okta
 * client and the official @okta/okta-sdk-nodejs each list 20,000 users, then add 2,000 users to a
 * group, with the same concurrency. Prints, side by side: wall time, requests, 429s received and the
 * share of the rate-limit ceiling used.
 *
 * "Share of the ceiling" is measured from the answers themselves: admitted requests are grouped by the
 * window they were counted in (their `X-Rate-Limit-Reset`), and every window but the last — the last is
 * where the work ran out, not the budget — is compared with the bucket's limit. A phase that fits in one
 * window (listing 20,000 users is 100 pages against 600 a minute) is not limit-bound: it is bounded by
 * latency, since cursor pagination is sequential, and the table says so instead of inventing a share.
 *
 * A third figure is what one call costs each client when no window binds it (the same adds with the
 * emulator's limits switched off): the last window of a bulk job runs at that speed.
 *
 * Both clients run against the same emulator, each after a warm-up (so neither pays the JIT cost of
 * the emulator's code paths), and each with fresh rate-limit windows (`POST /__emulator/stats/reset`).
 * Talks to 127.0.0.1 only; bounded by the work itself.
 */
import { performance } from 'node:perf_hooks';
import okta from '@okta/okta-sdk-nodejs';
import { systemClock } from '../src/common/clock.ts';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.ts';
import { createOktaClient, defaultTransport } from '../src/okta/index.ts';

const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const ADDS = Number(process.env.BENCH_ADDS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
/** Workforce plan, per minute: GET /api/v1/users 600; group membership falls under other /api/v1 (1,200). */
const LIMIT = { list: 600, add: 1200 };
const isList = (path: string) => path === '/api/v1/users';
const isAdd = (path: string) => /^\/api\/v1\/groups\/[^/]+\/users\/[^/]+$/.test(path);

interface Answer {
  path: string;
  status: number;
  /** X-Rate-Limit-Reset: names the window the request was counted in. */
  reset: string | null;
}

interface Phase {
  ms: number;
  requests: number;
  throttled: number;
  failed: number;
  /** Share of the limit used in the windows where work was waiting (null: the phase fit in one window). */
  ceilingShare: number | null;
  windows: number;
}

function record(answers: Answer[], res: { url: string; status: number; headers: { get(name: string): string | null } }): void {
  answers.push({ path: new URL(res.url).pathname, status: res.status, reset: res.headers.get('x-rate-limit-reset') });
}

async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        try {
          await work(item);
        } catch {
          failed++;
        }
      }
    }),
  );
  return failed;
}

async function measure(answers: Answer[], match: (path: string) => boolean, limit: number, work: () => Promise<number>): Promise<Phase> {
  const from = answers.length;
  const t0 = performance.now();
  const failed = await work();
  const ms = performance.now() - t0;
  const mine = answers.slice(from).filter((a) => match(a.path));
  const perWindow = new Map<string, number>();
  for (const a of mine) if (a.status !== 429 && a.reset) perWindow.set(a.reset, (perWindow.get(a.reset) ?? 0) + 1);
  const windows = [...perWindow.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([, n]) => n);
  const full = windows.slice(0, -1);
  return {
    ms,
    requests: mine.length,
    throttled: mine.filter((a) => a.status === 429).length,
    failed,
    ceilingShare: full.length > 0 ? full.reduce((s, n) => s + n, 0) / (limit * full.length) : null,
    windows: windows.length,
  };
}

async function operator(e: RunningEmulator, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${e.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  if (!res.ok) throw new Error(`operator ${path} answered ${res.status}`);
  return res.status === 204 ? undefined : res.json();
}

/** The same work for either client. */
interface Contender {
  name: string;
  answers: Answer[];
  listUsers(max?: number): Promise<number>;
  createGroup(name: string): Promise<string>;
  addMember(groupId: string, userId: string): Promise<void>;
}

function gatehouseContender(e: RunningEmulator): Contender {
  const answers: Answer[] = [];
  const send = defaultTransport();
  const client = createOktaClient({
    orgUrl: e.url,
    credentials: { kind: 'private_key', clientId: e.credential.clientId, privateJwk: e.credential.privateKey, kid: String(e.credential.privateKey.kid), alg: 'RS256' },
    scopes: ['okta.users.read', 'okta.groups.manage'],
    clock: systemClock,
    allowInsecureRequests: true,
    maxConcurrency: CONCURRENCY,
    // A pass-through to the client's own transport that only notes each answer's status and window.
    fetch: async (input, init) => {
      const res = await send(input, init);
      record(answers, res);
      return res;
    },
  });
  return {
    name: 'gatehouse',
    answers,
    async listUsers(max) {
      let n = 0;
      for await (const _ of client.users.list({ limit: 200 })) if (++n === max) break;
      return n;
    },
    createGroup: async (name) => (await client.groups.create({ name })).id,
    addMember: (groupId, userId) => client.groups.addMember(groupId, userId),
  };
}

function sdkContender(e: RunningEmulator): Contender {
  const answers: Answer[] = [];
  const client = new okta.Client({
    orgUrl: e.url,
    authorizationMode: 'PrivateKey',
    clientId: e.credential.clientId,
    scopes: ['okta.users.read', 'okta.groups.manage'],
    privateKey: JSON.stringify(e.credential.privateKey),
    keyId: String(e.credential.privateKey.kid),
    cacheMiddleware: null,
  });
  // The SDK's request executor emits every answer, retries included.
  client.requestExecutor.on('response', (res: { url: string; status: number; headers: { get(name: string): string | null } }) => record(answers, res));
  return {
    name: '@okta/okta-sdk-nodejs',
    answers,
    async listUsers(max) {
      let n = 0;
      for await (const _ of await client.userApi.listUsers({ limit: 200 })) if (++n === max) break;
      return n;
    },
    createGroup: async (name) => String((await client.groupApi.createGroup({ group: { profile: { name } } })).id),
    addMember: async (groupId, userId) => void (await client.groupApi.assignUserToGroup({ groupId, userId })),
  };
}

/** Warm-up (not measured): a full listing and a few adds, so JIT and connection set-up are paid by no phase. */
async function warmUp(c: Contender, userIds: readonly string[]): Promise<void> {
  const warmGroup = await c.createGroup(`Warm-up ${c.name}`);
  await c.listUsers();
  await runPool(userIds.slice(0, 50), CONCURRENCY, (id) => c.addMember(warmGroup, id));
}

async function listPhase(e: RunningEmulator, c: Contender, expected: number): Promise<Phase> {
  await operator(e, 'stats/reset');
  return measure(c.answers, isList, LIMIT.list, async () => ((await c.listUsers()) >= expected ? 0 : 1));
}

async function addPhase(e: RunningEmulator, c: Contender, userIds: readonly string[]): Promise<Phase> {
  const group = await c.createGroup(`Bench ${c.name}`);
  await operator(e, 'stats/reset');
  return measure(c.answers, isAdd, LIMIT.add, () => runPool(userIds, CONCURRENCY, (id) => c.addMember(group, id)));
}

/** The mean of several runs of a phase (wall time; the counts are the same work each time). */
function mean(runs: Phase[]): Phase {
  const first = runs[0] as Phase;
  return { ...first, ms: runs.reduce((s, r) => s + r.ms, 0) / runs.length, throttled: runs.reduce((s, r) => s + r.throttled, 0), failed: runs.reduce((s, r) => s + r.failed, 0) };
}

function cell(p: Phase, limit: number): string[] {
  const share = p.ceilingShare === null ? `— (1 window, ${p.requests}/${limit})` : `${(p.ceilingShare * 100).toFixed(1)} % (${p.windows} windows)`;
  return [p.ms < 10_000 ? `${(p.ms / 1000).toFixed(2)} s` : `${(p.ms / 1000).toFixed(1)} s`, String(p.requests), String(p.throttled), String(p.failed), share];
}

function table(rows: string[][]): void {
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((v, i) => (i < 2 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('   '));
}

/**
 * What one call costs each client when no window binds it: the same adds with the emulator's rate
 * limits switched off (operator API), alternating ABBA, ms per call. A window-bound job ends with its
 * last window's requests going as fast as the client can send them, so this is where a loaded machine
 * separates the two.
 */
async function perCallCost(e: RunningEmulator, contenders: readonly Contender[], userIds: readonly string[]): Promise<Map<Contender, number>> {
  await operator(e, 'rate-limits', { plan: 'off' });
  const totals = new Map<Contender, number>(contenders.map((c) => [c, 0]));
  try {
    for (const [round, c] of [...contenders, ...[...contenders].reverse(), ...contenders, ...[...contenders].reverse()].entries()) {
      const group = await c.createGroup(`Per-call ${c.name} ${round}`);
      const t0 = performance.now();
      await runPool(userIds, CONCURRENCY, (id) => c.addMember(group, id));
      totals.set(c, (totals.get(c) ?? 0) + (performance.now() - t0) / (userIds.length * 4));
    }
  } finally {
    await operator(e, 'rate-limits', { plan: 'workforce' });
  }
  return totals;
}

const e = await startEmulator({ port: 0, seed: 'demo', users: USERS, rateLimits: 'workforce' });
try {
  const listable = e.context.org.userOrder.all().filter((id) => e.context.org.users.get(id)?.status !== 'DEPROVISIONED');
  const users = listable.length;
  const userIds = listable.slice(0, ADDS);
  console.log(`Okta client benchmark — one emulator, Workforce plan, ${USERS.toLocaleString('en')} users (${userIds.length === ADDS ? '' : 'only '}${userIds.length.toLocaleString('en')} to add), concurrency ${CONCURRENCY}\n`);
  const g = gatehouseContender(e);
  const s = sdkContender(e);
  await warmUp(g, userIds);
  await warmUp(s, userIds);
  // Listing is short and sensitive to whoever runs first (GC, JIT): alternate and average.
  const lists = new Map<Contender, Phase[]>([[g, []], [s, []]]);
  const listOrder = [g, s, s, g, g, s, s, g];
  for (const c of listOrder) lists.get(c)?.push(await listPhase(e, c, users));
  const perCall = await perCallCost(e, [g, s], userIds);
  const results: [Contender, [Phase, Phase]][] = [];
  for (const c of [g, s]) results.push([c, [mean(lists.get(c) ?? []), await addPhase(e, c, userIds)]]);
  const header = ['phase', 'client', 'wall time', 'requests', '429s', 'failed', 'share of the ceiling'];
  const rows = [header];
  for (const [i, phase] of [`list ${USERS.toLocaleString('en')} users`, `add ${userIds.length.toLocaleString('en')} users to a group`].entries()) {
    for (const [c, phases] of results) rows.push([phase, c.name, ...cell(phases[i] as Phase, i === 0 ? LIMIT.list : LIMIT.add)]);
  }
  table(rows);
  const [gp, sp] = results.map(([, p]) => p) as [[Phase, Phase], [Phase, Phase]];
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`\n(list: mean of ${listOrder.length / 2} runs each, alternating ABBA; ${users.toLocaleString('en')} listable users, DEPROVISIONED ones are not listed)`);
  console.log(
    `Targets — no 429 at steady state: ${verdict(gp[0].throttled + gp[1].throttled === 0)}; ` +
      `≥ 90 % of the ceiling used: ${verdict((gp[1].ceilingShare ?? 1) >= 0.9)}; ` +
      `faster than the SDK: list ${verdict(gp[0].ms < sp[0].ms)}, add ${verdict(gp[1].ms < sp[1].ms)}.`,
  );
  console.log(`Per call with rate limits off (the same adds, 4 runs each, ABBA): gatehouse ${(perCall.get(g) ?? 0).toFixed(3)} ms, SDK ${(perCall.get(s) ?? 0).toFixed(3)} ms.`);
  console.log('The list phase is latency-bound (cursor pages are sequential; 100 pages fit in one 600/min window), so its share of the ceiling is not a meaningful target.');
} finally {
  await e.close();
}

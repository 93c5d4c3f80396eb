/**
 * `npm run bench:client` (issue 3): one emulator on the Workforce rate-limit plan; Gatehouse's Okta
 * client and the official @okta/okta-sdk-nodejs each list 20,000 users, then add 2,000 users to a
 * group, with the same concurrency. Prints wall time, requests, 429s and the share of the ceiling used.
 * Talks to 127.0.0.1 only; bounded by the work itself.
 */
import { performance } from 'node:perf_hooks';
import okta from '@okta/okta-sdk-nodejs';
import { systemClock } from '../src/common/clock.ts';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.ts';
import { createGroup } from '../src/emulator/state/groups.ts';
import { createOktaClient } from '../src/okta/index.ts';

const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const ADDS = Number(process.env.BENCH_ADDS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
/** Workforce plan, per minute: GET /api/v1/users 600, other /api/v1 (group membership) 1,200. */
const CEILING = { list: 600, add: 1200 };

interface Phase {
  ms: number;
  requests: number;
  throttled: number;
  failed: number;
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

function counts(e: RunningEmulator): { total: number; throttled: number } {
  let total = 0;
  for (const v of e.context.rateLimiter.counts.values()) total += v;
  return { total, throttled: e.context.rateLimiter.rejected };
}

async function measure(e: RunningEmulator, work: () => Promise<number>): Promise<Phase> {
  const before = counts(e);
  const t0 = performance.now();
  const failed = await work();
  const ms = performance.now() - t0;
  const after = counts(e);
  return { ms, requests: after.total - before.total, throttled: after.throttled - before.throttled, failed };
}

async function fresh(): Promise<{ e: RunningEmulator; userIds: string[]; groupId: string }> {
  const e = await startEmulator({ port: 0, seed: 'demo', users: USERS, rateLimits: 'workforce' });
  const group = createGroup(e.context.org, { name: `Bench ${Date.now()}` }, null);
  const userIds = e.context.org.userOrder
    .all()
    .filter((id) => e.context.org.users.get(id)?.status !== 'DEPROVISIONED')
    .slice(0, ADDS);
  return { e, userIds, groupId: group.id };
}

async function gatehouse(): Promise<[Phase, Phase]> {
  const { e, userIds, groupId } = await fresh();
  const client = createOktaClient({
    orgUrl: e.url,
    credentials: { kind: 'private_key', clientId: e.credential.clientId, privateJwk: e.credential.privateKey, kid: String(e.credential.privateKey.kid), alg: 'RS256' },
    scopes: ['okta.users.read', 'okta.groups.manage'],
    clock: systemClock,
    allowInsecureRequests: true,
    maxConcurrency: CONCURRENCY,
  });
  await client.tokens.getToken();
  const list = await measure(e, async () => {
    let n = 0;
    for await (const _ of client.users.list({ limit: 200 })) n++;
    return n >= USERS * 0.9 ? 0 : 1;
  });
  const add = await measure(e, () => runPool(userIds, CONCURRENCY, (id) => client.groups.addMember(groupId, id)));
  await e.close();
  return [list, add];
}

async function sdk(): Promise<[Phase, Phase]> {
  const { e, userIds, groupId } = await fresh();
  const client = new okta.Client({
    orgUrl: e.url,
    authorizationMode: 'PrivateKey',
    clientId: e.credential.clientId,
    scopes: ['okta.users.read', 'okta.groups.manage'],
    privateKey: JSON.stringify(e.credential.privateKey),
    keyId: String(e.credential.privateKey.kid),
    cacheMiddleware: null,
  });
  const list = await measure(e, async () => {
    let n = 0;
    for await (const _ of await client.userApi.listUsers({ limit: 200 })) n++;
    return n >= USERS * 0.9 ? 0 : 1;
  });
  const add = await measure(e, () => runPool(userIds, CONCURRENCY, async (id) => void (await client.groupApi.assignUserToGroup({ groupId, userId: id }))));
  await e.close();
  return [list, add];
}

function line(who: string, phase: string, p: Phase, ceilingPerMinute: number): void {
  const perMinute = p.requests / (p.ms / 60_000);
  const share = Math.min(100, (perMinute / ceilingPerMinute) * 100);
  console.log(
    `${who.padEnd(22)} ${phase.padEnd(26)} ${(p.ms / 1000).toFixed(1).padStart(7)} s ${String(p.requests).padStart(7)} req ${String(p.throttled).padStart(5)} × 429 ${String(p.failed).padStart(5)} failed  ${share.toFixed(0).padStart(4)} % of ceiling`,
  );
}

console.log(`Okta client benchmark — Workforce plan, ${USERS.toLocaleString()} users, ${ADDS.toLocaleString()} adds, concurrency ${CONCURRENCY}\n`);
const [gList, gAdd] = await gatehouse();
const [sList, sAdd] = await sdk();
line('gatehouse', `list ${USERS} users`, gList, CEILING.list);
line('@okta/okta-sdk-nodejs', `list ${USERS} users`, sList, CEILING.list);
line('gatehouse', `add ${ADDS} users to a group`, gAdd, CEILING.add);
line('@okta/okta-sdk-nodejs', `add ${ADDS} users to a group`, sAdd, CEILING.add);
console.log('\nTargets: no 429 at steady state, ≥ 90 % of the ceiling used, faster than the SDK. (The list phase is far under its ceiling: 100 pages.)');

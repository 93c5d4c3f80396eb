/**
 * `npm run bench:emulator`: the emulator's figures from issue 2, each beside its target and a baseline
 * measured in the same run (a bare fastify server answering the same bytes, i.e. the HTTP floor).
 * Bounded in requests and time; talks to 127.0.0.1 only.
 */
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { createEmulator, startEmulator } from '../src/emulator/index.ts';
import { requestToken } from '../test/support/token.ts';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function timeRequests(n: number, make: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await make(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

async function throughput(seconds: number, concurrency: number, make: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await make();
        done++;
      }
    }),
  );
  return done / seconds;
}

/** One figure beside its target; `met` is undefined for figures without a target. */
const row = (name: string, value: string, target: string, baseline: string, met?: boolean) =>
  console.log(`${name.padEnd(44)} ${value.padStart(14)}   target ${target.padEnd(10)} ${met === undefined ? '    ' : met ? 'MET ' : 'MISS'}  baseline ${baseline}`);
const ms = (v: number) => `${v.toFixed(2)} ms`;

async function main(): Promise<void> {
  console.log(`Okta org emulator benchmark — ${USERS.toLocaleString()} users, node ${process.version}${gc ? '' : ' (run with --expose-gc for exact memory)'}\n`);

  // 1. Load time and memory of the org.
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const built = await createEmulator({ seed: 'demo', users: USERS });
  const loadMs = performance.now() - t0;
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
  const org = built.context.org;
  await built.app.close();

  const emulator = await startEmulator({ seed: 'demo', users: USERS });
  const token = await requestToken(emulator.url, emulator.credential, ['okta.users.read']);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const get = async (path: string) => {
    const res = await fetch(emulator.url + path, { headers });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.text();
  };

  // Cursors spread over the org, so pages come from everywhere in it.
  const ids = [...emulator.context.org.userOrder.all()];
  const cursor = (i: number) => ids[Math.floor(((i * 7919) % 997) / 997 * Math.max(1, ids.length - 200))];
  const samplePage = await get('/api/v1/users?limit=200');

  // Baseline: a bare fastify server answering the same page bytes and a small JSON object.
  const bare = Fastify();
  bare.get('/page', async (_req, reply) => reply.type('application/json').send(samplePage));
  bare.get('/one', async (_req, reply) => reply.type('application/json').send('{"id":"00u1"}'));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareAddress = bare.server.address();
  const bareUrl = `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}`;
  const bareGet = async (path: string) => (await fetch(bareUrl + path)).text();

  for (let i = 0; i < 30; i++) await get(`/api/v1/users?limit=200&after=${cursor(i)}`); // warm up
  const list = await timeRequests(300, (i) => get(`/api/v1/users?limit=200&after=${cursor(i)}`));
  const listBase = await timeRequests(300, () => bareGet('/page'));

  const searches = [
    'profile.department eq "Engineering"',
    'profile.lastName sw "Mar"',
    'status eq "SUSPENDED"',
    'profile.firstName co "an" and status eq "ACTIVE"',
    'profile.city eq "Austin" or profile.title sw "Senior"',
  ];
  const search = await timeRequests(60, (i) => get(`/api/v1/users?search=${encodeURIComponent(searches[i % searches.length] as string)}&limit=200`));

  const userIds = ids.slice(0, 1000);
  const gets = await throughput(5, 16, () => get(`/api/v1/users/${userIds[Math.floor(Math.random() * userIds.length)]}`));
  const getsBase = await throughput(5, 16, () => bareGet('/one'));

  row(`load ${org.users.size.toLocaleString()} users (${org.groups.size} groups, ${org.apps.size} apps)`, ms(loadMs), '< 5000 ms', '—', loadMs < 5000);
  row('heap of the loaded org', `${heapMb.toFixed(0)} MB`, '—', '—');
  row('GET /api/v1/users?limit=200  p50', ms(list.p50), '< 5 ms', `${ms(listBase.p50)} (bare fastify, same bytes)`, list.p50 < 5);
  row('GET /api/v1/users?limit=200  p99', ms(list.p99), '—', ms(listBase.p99));
  row('GET /api/v1/users?search=…    p50', ms(search.p50), '< 50 ms', '—', search.p50 < 50);
  row('GET /api/v1/users?search=…    p99', ms(search.p99), '—', '—');
  row('token-authenticated GET /users/{id} per s', `${gets.toFixed(0)}/s`, '—', `${getsBase.toFixed(0)}/s (bare fastify)`);

  await bare.close();
  await emulator.close();
}

await main();

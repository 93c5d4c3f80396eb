/**
 * `npm run bench:sync` (issue 5): directory sync cost. One emulator with a 50,000-user demo org and
 * rate limits off (the figures are the sync's own work, not the plan's throttling); the mirror is a
 * fresh SQLite file. Prints, side by side: a full sync, then an incremental sync after 100 changes
 * made straight in Okta (memberships, app assignments, profile updates, new users, deactivations),
 * with requests and wall time for each and the ratio. Talks to 127.0.0.1 only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDirectorySync, type SyncReport } from '../src/access/directory/sync.ts';
import { systemClock } from '../src/common/clock.ts';
import { startEmulator } from '../src/emulator/index.ts';
import { createOktaClient, type OktaClient } from '../src/okta/index.ts';
import { createStore } from '../src/store/index.ts';

const USERS = Number(process.env.BENCH_USERS ?? 50_000);

async function collect<T>(items: AsyncIterable<T>, max = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}

/** 100 changes an admin might make in Okta: 10 new users, 30 adds, 20 removals, 15 app assignments, 15 updates, 10 deactivations. */
async function makeChanges(okta: OktaClient): Promise<number> {
  const rules = await collect(okta.groups.rules.list());
  const ruled = new Set(rules.flatMap((r) => r.actions.assignUserToGroups.groupIds));
  const groups = (await collect(okta.groups.list({ filter: 'type eq "OKTA_GROUP"' }))).filter((g) => !ruled.has(g.id));
  const users = await collect(okta.users.list({ filter: 'status eq "ACTIVE"' }), 400);
  const app = (await collect(okta.apps.list())).find((a) => a.status === 'ACTIVE')!;
  let n = 0;
  // New users first (10), so their 30 group adds are all new memberships.
  const created: string[] = [];
  for (let i = 0; i < 10; i++, n++) created.push((await okta.users.create({ profile: { login: `bench.${i}@acme.example`, email: `bench.${i}@acme.example`, firstName: 'Bench', lastName: `User${i}` } })).id);
  for (let i = 0; i < 30; i++, n++) await okta.groups.addMember(groups[(i % 3) + 2]!.id, created[Math.floor(i / 3)]!);
  let target = groups[1]!;
  for (const g of groups) if ((await collect(okta.groups.members(g.id), 20)).length >= 20) target = g;
  for (const m of await collect(okta.groups.members(target.id), 20)) {
    await okta.groups.removeMember(target.id, m.id);
    n++;
  }
  for (let i = 0; i < 15; i++, n++) await okta.apps.assignUser(app.id, users[100 + i]!.id);
  for (let i = 0; i < 15; i++, n++) await okta.users.update(users[200 + i]!.id, { title: `Bench title ${i}` });
  for (let i = 0; i < 10; i++, n++) await okta.users.deactivate(users[300 + i]!.id);
  return n;
}

const row = (name: string, r: SyncReport, ms: number) => `${name.padEnd(22)} ${String(r.requests).padStart(9)} ${`${(ms / 1000).toFixed(2)} s`.padStart(10)}   ${JSON.stringify(r.changes)}`;

async function main(): Promise<void> {
  const seeding = performance.now();
  const emulator = await startEmulator({ port: 0, seed: 'demo', users: USERS, rateLimits: 'off' });
  console.log(`emulator: ${USERS} users seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s at ${emulator.url}`);
  const dir = mkdtempSync(join(tmpdir(), 'gh-sync-bench-'));
  const { clientId, privateKey, scopes } = emulator.credential;
  const okta = createOktaClient({
    orgUrl: emulator.url,
    credentials: { kind: 'private_key', clientId, privateJwk: privateKey, kid: String(privateKey.kid), alg: 'RS256' },
    scopes,
    clock: systemClock,
    allowInsecureRequests: true,
  });
  const store = await createStore({ kind: 'sqlite', file: join(dir, 'gatehouse.db') });
  try {
    const sync = createDirectorySync({ okta: () => okta, store, clock: systemClock });
    let t0 = performance.now();
    const full = await sync.full();
    const fullMs = performance.now() - t0;
    const status = await sync.status();
    const made = await makeChanges(okta);
    t0 = performance.now();
    const incremental = await sync.incremental();
    const incMs = performance.now() - t0;
    console.log(`mirror: ${status.users} users, ${status.groups} groups, ${status.memberships} memberships, ${status.apps} apps`);
    console.log(`\n${'sync'.padEnd(22)} ${'requests'.padStart(9)} ${'time'.padStart(10)}   changes`);
    console.log(row('full', full, fullMs));
    console.log(row(`incremental (${made} ch.)`, incremental, incMs));
    console.log(`ratio full/incremental: ${(full.requests / incremental.requests).toFixed(0)}x requests, ${(fullMs / incMs).toFixed(0)}x time`);
  } finally {
    await store.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

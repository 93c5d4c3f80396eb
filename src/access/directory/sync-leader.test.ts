/**
 * The scheduled directory sync across processes, on SQLite and PostgreSQL: two DirectorySync
 * instances on two stores sharing one database, each with its own Okta client to the emulator over
 * HTTP. Only the lease holder makes Okta requests on the scheduled passes, its heartbeat keeps the
 * lease through a full sync longer than the TTL, a crashed holder is replaced once its lease
 * expires, `stop()` hands it over at once, and the store-wide mirror mark moves only when a sync
 * changed the mirror. Timers run on the fake clock, driven by the test: nothing waits for real time.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FakeClock } from '../../common/clock.ts';
import { leaseRecordSchema, type Store } from '../../store/index.ts';
import { testDatabases } from '../../store/testing/index.ts';
import { createTestRuntime, emulatorOktaClient, type TestRuntime } from '../../workflows/testing.ts';
import { syncLeaderKey, syncStateNamespace } from './sync-state.ts';
import { createDirectorySync, type SyncReport, type SyncTimers } from './sync.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

const INTERVAL = 60_000;
const TTL = 3 * INTERVAL;
const DAY = 86_400_000;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Timers on the fake clock, tagged by process. `advance(ms)` moves the clock to each timer falling
 * due on the way, in order, and awaits what its callback returns (a whole sync pass), so a test
 * sees every pass finished, however slow the machine. It may be called from inside a callback.
 */
function fakeTimers(clock: FakeClock) {
  let seq = 0;
  const pending = new Map<number, { at: number; owner: string; callback: () => unknown }>();
  const crashed = new Set<string>();
  return {
    for(owner: string): SyncTimers {
      return {
        setTimeout(callback, ms) {
          if (crashed.has(owner)) return undefined;
          const id = ++seq;
          pending.set(id, { at: clock.now() + ms, owner, callback });
          return id;
        },
        clearTimeout(handle) {
          if (typeof handle === 'number') pending.delete(handle);
        },
      };
    },
    /** The process dies: its timers never fire again and nothing is released. */
    crash(owner: string) {
      crashed.add(owner);
      for (const [id, t] of pending) if (t.owner === owner) pending.delete(id);
    },
    pendingOf: (owner: string) => [...pending.values()].filter((t) => t.owner === owner).length,
    async advance(ms: number) {
      const end = clock.now() + ms;
      for (;;) {
        let next: [number, { at: number; callback: () => unknown }] | undefined;
        for (const entry of pending) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
        if (!next) break;
        pending.delete(next[0]);
        if (next[1].at > clock.now()) clock.set(next[1].at);
        await next[1].callback();
      }
      if (end > clock.now()) clock.set(end);
    },
  };
}

describe.each(databases)('the scheduled directory sync across processes on $name', (database) => {
  let t: TestRuntime | undefined;
  const running: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
    await t?.close();
    t = undefined;
  });

  async function setup() {
    t = await createTestRuntime({ seed: 'demo', users: 40, workflows: [] });
    const rt = t;
    const stores = await database.openShared(2, { clock: rt.clock });
    const timers = fakeTimers(rt.clock);
    /** A Gatehouse process: its store, its Okta client (counting its HTTP requests) and its sync. */
    const proc = (name: string, store: Store) => {
      let requests = 0;
      let onRequest: ((n: number) => Promise<void>) | undefined;
      const okta = emulatorOktaClient(rt.emulator, {
        clock: rt.clock,
        fetch: async (input, init) => {
          requests++;
          await onRequest?.(requests);
          return globalThis.fetch(input, init);
        },
      });
      const sync = createDirectorySync({ okta: () => okta, store, clock: rt.clock, holder: name, timers: timers.for(name) });
      running.push(sync);
      const reports: SyncReport[] = [];
      const errors: unknown[] = [];
      return {
        name,
        sync,
        reports,
        errors,
        requests: () => requests,
        /** Runs `hook` (once) before this process's `n`th request. */
        beforeRequest(n: number, hook: () => Promise<void>) {
          onRequest = async (count) => {
            if (count !== n) return;
            onRequest = undefined;
            await hook();
          };
        },
        start: () => sync.start(INTERVAL, (error) => errors.push(error), { fullEveryMs: DAY, leaseTtlMs: TTL, onSynced: (r) => reports.push(r) }),
        /** As `gatehouse serve` starts it: no onSynced. */
        startQuietly: () => sync.start(INTERVAL, (error) => errors.push(error), { fullEveryMs: DAY, leaseTtlMs: TTL }),
      };
    };
    const lease = async () => leaseRecordSchema.parse((await stores[0]!.kvGet(syncStateNamespace, syncLeaderKey))?.value);
    return { rt, okta: rt.okta, clock: rt.clock, timers, a: proc('host-a:1:aaaa', stores[0]!), b: proc('host-b:2:bbbb', stores[1]!), lease };
  }

  it('only the lease holder makes Okta requests on the scheduled passes; on-demand syncs run anywhere', async () => {
    const { okta, timers, a, b, lease } = await setup();
    a.start();
    b.start();
    await timers.advance(0);
    expect(a.reports.map((r) => r.kind)).toEqual(['full']);
    expect(await lease()).toMatchObject({ holder: a.sync.holder });
    const afterFull = await b.sync.mirrorVersion();
    expect(afterFull).toBeGreaterThan(0);

    const user = (await collect(okta.users.list({ limit: 5 })))[2]!;
    for (let pass = 1; pass <= 5; pass++) {
      if (pass === 3) await okta.users.update(user.id, { title: 'Sync Leader' });
      await timers.advance(INTERVAL);
    }
    expect(a.reports.map((r) => r.kind)).toEqual(['full', 'incremental', 'incremental', 'incremental', 'incremental', 'incremental']);
    expect(a.reports.map((r) => r.changes.users)).toEqual([a.reports[0]!.changes.users, 0, 0, 1, 0, 0]);
    expect(a.reports.slice(1).every((r) => r.requests >= 1)).toBe(true);
    expect([b.requests(), b.reports.length]).toEqual([0, 0]);
    expect([a.errors, b.errors]).toEqual([[], []]);
    expect([a.sync.isLeader(), b.sync.isLeader()]).toEqual([true, false]);
    // Every process's status names the leader (the API's and the CLI's `directory status`).
    expect((await b.sync.status()).scheduler).toEqual({ leader: a.sync.holder, leaseUntil: (await lease()).until, thisProcess: b.sync.holder });
    // The mark every process reads moved once, for the one pass that changed the mirror.
    expect(await b.sync.mirrorVersion()).toBe(afterFull + 1);

    // The other process still syncs on demand (the CLI, the API).
    expect((await b.sync.incremental()).kind).toBe('incremental');
    expect(b.requests()).toBeGreaterThan(0);
    expect(await a.sync.mirrorVersion()).toBe(afterFull + 1);
  });

  it('the passes run without an onSynced callback too (as gatehouse serve starts them)', async () => {
    const { okta, timers, a } = await setup();
    a.startQuietly();
    await timers.advance(0);
    const status = await a.sync.status();
    expect(status.lastFullSyncAt).not.toBeNull();
    expect(status.users).toBeGreaterThan(0);
    const user = (await collect(okta.users.list({ limit: 5 })))[1]!;
    await okta.users.update(user.id, { title: 'Quiet Pass' });
    await timers.advance(INTERVAL);
    expect((await a.sync.status()).lastIncrementalSyncAt).not.toBeNull();
    expect(a.errors).toEqual([]);
  });

  it('the heartbeat keeps the lease through a full sync that outlasts the TTL', async () => {
    const { timers, clock, a, b, lease } = await setup();
    a.start();
    b.start();
    // Midway through the first full sync, twice the TTL goes by: b tries to take over at every interval.
    const startedAt = clock.now();
    a.beforeRequest(6, () => timers.advance(2 * TTL));
    await timers.advance(0);
    expect(clock.now() - startedAt).toBeGreaterThanOrEqual(2 * TTL);
    expect(a.reports.map((r) => r.kind)).toEqual(['full']);
    expect([b.requests(), b.reports.length]).toEqual([0, 0]);
    expect(await lease()).toMatchObject({ holder: a.sync.holder });
    expect((await lease()).until).toBeGreaterThan(clock.now());
    expect([a.errors, b.errors]).toEqual([[], []]);
  });

  it('when the holder crashes, another process takes over once the lease has expired', async () => {
    const { timers, clock, a, b, lease } = await setup();
    a.start();
    b.start();
    await timers.advance(0);
    await timers.advance(INTERVAL);
    expect(a.reports).toHaveLength(2);
    // The holder dies without releasing anything.
    timers.crash(a.name);
    const { until } = await lease();
    for (let i = 0; i < 10 && b.requests() === 0; i++) await timers.advance(INTERVAL);
    expect(b.requests()).toBeGreaterThan(0);
    expect(clock.now()).toBeGreaterThanOrEqual(until);
    expect(clock.now()).toBeLessThan(until + INTERVAL);
    // The state is in the store: the new holder carries on incrementally.
    expect(b.reports.map((r) => r.kind)).toEqual(['incremental']);
    expect(await lease()).toMatchObject({ holder: b.sync.holder });
    expect(b.sync.isLeader()).toBe(true);
    expect((await b.sync.status()).scheduler.leader).toBe(b.sync.holder);
    await timers.advance(INTERVAL);
    expect(b.reports).toHaveLength(2);
    expect(a.reports).toHaveLength(2);
  });

  it('stop() waits for the pass under way, then releases the lease: the next process takes over at once', async () => {
    const { timers, a, b, lease } = await setup();
    a.start();
    let stopped: Promise<void> | undefined;
    a.beforeRequest(3, async () => {
      stopped = a.sync.stop();
    });
    await timers.advance(0);
    await stopped;
    expect(a.reports.map((r) => r.kind)).toEqual(['full']);
    expect(await lease()).toEqual({ holder: a.sync.holder, until: 0 });
    expect(timers.pendingOf(a.name)).toBe(0);
    expect(a.sync.isLeader()).toBe(false);
    // A released lease shows no leader.
    expect((await b.sync.status()).scheduler).toMatchObject({ leader: null, leaseUntil: null });
    // b starts well within a's TTL, and its first pass takes the lease.
    b.start();
    await timers.advance(0);
    expect(b.reports.map((r) => r.kind)).toEqual(['incremental']);
    expect(await lease()).toMatchObject({ holder: b.sync.holder });
    const requests = a.requests();
    await timers.advance(3 * INTERVAL);
    expect(a.requests()).toBe(requests);
    expect(b.reports).toHaveLength(4);
    expect([a.errors, b.errors]).toEqual([[], []]);
  });

  it('the mirror mark moves when a sync changed the mirror, not on a quiet pass', async () => {
    const { okta, clock, a, b } = await setup();
    expect(await a.sync.mirrorVersion()).toBe(0);
    await a.sync.full();
    const first = await b.sync.mirrorVersion();
    expect(first).toBeGreaterThan(0);
    clock.advance(2 * INTERVAL);
    expect(Object.values((await a.sync.incremental()).changes).every((n) => n === 0)).toBe(true);
    expect((await a.sync.full()).drift).toEqual({ users: 0, groups: 0, memberships: 0, apps: 0, appAssignments: 0 });
    expect(await b.sync.mirrorVersion()).toBe(first);

    const group = await okta.groups.create({ name: 'Mark Moves' });
    const report = await b.sync.incremental();
    expect(report.changes.groups).toBe(1);
    expect(await a.sync.mirrorVersion()).toBe(first + 1);
    await okta.groups.delete(group.id);
    await a.sync.incremental();
    expect(await b.sync.mirrorVersion()).toBe(first + 2);
    expect(Object.values((await b.sync.incremental()).changes).every((n) => n === 0)).toBe(true);
    expect(await a.sync.mirrorVersion()).toBe(first + 2);
  });
});

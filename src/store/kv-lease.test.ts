/**
 * The kv lease on SQLite and PostgreSQL, with two stores on one database as two processes: one
 * holder at a time (also when both race), renewal, expiry after the TTL on a fake clock, release,
 * and a lost lease that cannot be renewed or released over its new holder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../common/clock.ts';
import { testDatabases } from './testing/index.ts';
import { createKvLease } from './kv-lease.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

const TTL = 180_000;

describe.each(databases)('kv lease on $name', (database) => {
  async function twoProcesses() {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const [storeA, storeB] = await database.openShared(2, { clock });
    const lease = (store: typeof storeA, holder: string) => createKvLease({ store: store!, clock, namespace: 'test.lease', key: 'leader', holder, ttlMs: TTL });
    return { clock, a: lease(storeA, 'host-a:1:aaaa'), b: lease(storeB, 'host-b:2:bbbb'), storeB: storeB! };
  }

  it('one holder at a time; renewing keeps it, and it expires only a TTL after the last renewal', async () => {
    const { clock, a, b } = await twoProcesses();
    expect(await a.acquire()).toBe(true);
    expect(a.held()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(b.held()).toBe(false);
    expect(await a.read()).toEqual({ holder: a.holder, until: clock.now() + TTL });

    clock.advance(TTL - 1000);
    expect(await a.renew()).toBe(true);
    clock.advance(TTL - 1000);
    // Past the first TTL, but not past the renewal's.
    expect(await b.acquire()).toBe(false);
    expect(await a.acquire()).toBe(true);
    clock.advance(TTL - 1);
    expect(await b.acquire()).toBe(false);
    clock.advance(1);
    expect(a.held()).toBe(false);
    expect(await b.acquire()).toBe(true);
    expect((await b.read())?.holder).toBe(b.holder);
  });

  it('a holder that lost its lease cannot renew or release it over the new holder', async () => {
    const { clock, a, b } = await twoProcesses();
    expect(await a.acquire()).toBe(true);
    clock.advance(TTL);
    expect(await b.acquire()).toBe(true);
    expect(await a.renew()).toBe(false);
    expect(a.held()).toBe(false);
    await a.release();
    expect(await b.read()).toEqual({ holder: b.holder, until: clock.now() + TTL });
    expect(await a.acquire()).toBe(false);
    expect(await b.renew()).toBe(true);
  });

  it('release hands the lease over at once, and the releaser may take it again', async () => {
    const { a, b } = await twoProcesses();
    expect(await b.renew()).toBe(false);
    expect(await a.acquire()).toBe(true);
    await a.release();
    expect(a.held()).toBe(false);
    expect(await a.renew()).toBe(false);
    expect(await b.acquire()).toBe(true);
    await b.release();
    expect(await a.acquire()).toBe(true);
  });

  it('when both race for a free or expired lease, exactly one wins', async () => {
    const { clock, a, b } = await twoProcesses();
    for (let round = 0; round < 10; round++) {
      const won = await Promise.all([a.acquire(), b.acquire()]);
      expect(won.filter(Boolean)).toHaveLength(1);
      expect([a.held(), b.held()]).toEqual(won);
      clock.advance(TTL);
    }
  });

  it('an unreadable document is taken over', async () => {
    const { a, storeB } = await twoProcesses();
    await storeB.kvPut('test.lease', 'leader', { something: 'else' });
    expect(await a.acquire()).toBe(true);
    expect((await a.read())?.holder).toBe(a.holder);
  });
});

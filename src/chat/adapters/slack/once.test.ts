/**
 * The once-set on SQLite and PostgreSQL, two stores on one database as two processes: the first
 * caller of a key wins (also when both race), everyone after is told "seen"; keys older than the
 * TTL are pruned from the store; in memory the same rules hold for one process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../common/clock.ts';
import { testDatabases } from '../../../store/testing/index.ts';
import { createOnceSet } from './once.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);
const TTL = 3_600_000;

describe.each(databases)('once-set on $name', (database) => {
  it('one first per key across processes, also when they race; old keys are pruned', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const [storeA, storeB] = await database.openShared(2, { clock });
    const a = createOnceSet({ namespace: 'test.once', ttlMs: TTL, clock, kv: storeA! });
    const b = createOnceSet({ namespace: 'test.once', ttlMs: TTL, clock, kv: storeB! });
    const raced = await Promise.all([a.first('Ev1'), b.first('Ev1'), a.first('Ev1'), b.first('Ev1')]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    expect(await b.first('Ev2')).toBe(true);
    expect(await a.first('Ev2')).toBe(false);
    expect((await storeA!.kvList('test.once')).map((e) => e.key)).toEqual(['Ev1', 'Ev2']);
    // An hour and ten minutes on, the next call prunes what is past the TTL.
    clock.advance(TTL + 10 * 60_000);
    expect(await a.first('Ev3')).toBe(true);
    expect((await storeB!.kvList('test.once')).map((e) => e.key)).toEqual(['Ev3']);
  });
});

describe('once-set in memory', () => {
  it('one first per key until the TTL', async () => {
    const clock = createFakeClock(0);
    const once = createOnceSet({ namespace: 'test.once', ttlMs: TTL, clock });
    expect(await Promise.all([once.first('k'), once.first('k')])).toEqual([true, false]);
    clock.advance(TTL);
    expect(await once.first('k')).toBe(false);
    clock.advance(1);
    expect(await once.first('k')).toBe(true);
  });
});

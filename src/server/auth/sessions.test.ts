import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../common/clock.ts';
import { testDatabases } from '../../store/testing/index.ts';
import { createSessions, SESSION_IDLE_MS, SESSION_MAX_MS, SESSIONS_NAMESPACE } from './sessions.ts';

const { databases, dropAll } = testDatabases();
const sqlite = databases.find((d) => d.name === 'sqlite')!;
afterAll(dropAll);

const who = { login: 'ana@acme.example', name: 'Ana', userId: '00u1', kind: 'okta' as const };

describe('sessions', () => {
  it('are shared by two processes on one database, and keyed by a hash of the id, never the id', async () => {
    const clock = createFakeClock();
    const [a, b] = await sqlite.openShared(2, { clock });
    const one = createSessions({ kv: a!, clock });
    const two = createSessions({ kv: b!, clock });
    const { id } = await one.create(who);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await two.get(id)).toMatchObject({ login: who.login, kind: 'okta' });
    const keys = (await a!.kvList(SESSIONS_NAMESPACE)).map((e) => e.key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(id);
    expect(await two.destroy(id)).toBe(true);
    expect(await one.get(id)).toBeUndefined();
  });

  it('expire 12 h after the last use (sliding), and 7 days after sign-in at the latest', async () => {
    const clock = createFakeClock();
    const store = await sqlite.open({ clock });
    const sessions = createSessions({ kv: store, clock });
    const { id } = await sessions.create(who);
    clock.advance(SESSION_IDLE_MS - 1000);
    expect(await sessions.get(id)).toBeDefined();
    // Used just before expiry: 12 h more from now.
    clock.advance(SESSION_IDLE_MS - 1000);
    expect(await sessions.get(id)).toBeDefined();
    // Kept alive, it still ends 7 days after it began.
    while (clock.now() < Date.UTC(2026, 0, 1) + SESSION_MAX_MS - SESSION_IDLE_MS) {
      clock.advance(6 * 3600_000);
      expect(await sessions.get(id)).toBeDefined();
    }
    clock.advance(SESSION_IDLE_MS);
    expect(await sessions.get(id)).toBeUndefined();
    // An idle one ends after 12 h, and is deleted when found expired.
    const idle = await sessions.create(who);
    clock.advance(SESSION_IDLE_MS);
    expect(await sessions.get(idle.id)).toBeUndefined();
    expect(await store.kvList(SESSIONS_NAMESPACE)).toHaveLength(0);
  });

  it('a sign-in deletes every session idle past its lifetime, however many there are, and keeps live ones', async () => {
    const clock = createFakeClock();
    const store = await sqlite.open({ clock });
    const sessions = createSessions({ kv: store, clock });
    const old = await Promise.all(Array.from({ length: 700 }, () => sessions.create(who)));
    clock.advance(SESSION_IDLE_MS - 60_000);
    const kept = await sessions.create(who);
    // One of the old ones was used: it slid forward and is live.
    clock.advance(30_000);
    expect(await sessions.get(old[699]!.id)).toBeDefined();
    clock.advance(60_000);
    await sessions.create(who);
    expect(await store.kvList(SESSIONS_NAMESPACE, { limit: 10_000 })).toHaveLength(3);
    expect(await sessions.get(kept.id)).toBeDefined();
    expect(await sessions.get(old[699]!.id)).toBeDefined();
    expect(await sessions.get(old[0]!.id)).toBeUndefined();
  });

  it('looks up nothing for a malformed id, and a touch never brings back a signed-out session', async () => {
    const clock = createFakeClock();
    const store = await sqlite.open({ clock });
    const sessions = createSessions({ kv: store, clock });
    for (const bad of [undefined, '', 'x', 'a'.repeat(44), `${'a'.repeat(42)}%`]) expect(await sessions.get(bad)).toBeUndefined();
    const { id } = await sessions.create(who);
    clock.advance(120_000);
    // Sign out lands between another request's read and its touch.
    const racing = { ...store, kvGet: async (ns: string, key: string) => {
      const entry = await store.kvGet(ns, key);
      await store.kvDelete(ns, key);
      return entry;
    } };
    expect(await createSessions({ kv: racing, clock }).get(id)).toBeUndefined();
    expect(await store.kvList(SESSIONS_NAMESPACE)).toHaveLength(0);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../common/clock.ts';
import { AuditEntryInvalidError, LeaseLostError, type Lease, type Store } from './index.ts';
import { testDatabases } from './testing/index.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

const T0 = Date.UTC(2026, 0, 1);
const leaseOf = (run: { id: string; leaseOwner: string | null; attempt: number }): Lease => ({ runId: run.id, owner: run.leaseOwner!, attempt: run.attempt });

async function newRun(store: Store, id: string, extra: { idempotencyKey?: string; now?: number } = {}) {
  return store.insertRun({ id, workflowId: 'wf', input: { n: 1, s: 'x' }, meta: { by: 'test' }, now: extra.now ?? T0, ...(extra.idempotencyKey ? { idempotencyKey: extra.idempotencyKey } : {}) });
}

describe.each(databases)('store on $name', (database) => {
  it('migrates idempotently when opened again on the same database', async () => {
    const [a, b, c] = await database.openShared(3);
    await newRun(a!, 'r1');
    expect((await b!.getRun('r1'))?.workflowId).toBe('wf');
    expect((await c!.listRuns()).map((r) => r.id)).toEqual(['r1']);
  });

  it('has the lookup indexes of the audit log and the kv table (migration 0004)', async () => {
    const { exec } = await database.openRaw();
    for (const [name, on] of [['audit_log_action', 'audit_log(action, seq)'], ['audit_log_actor', 'audit_log(actor, seq)'], ['audit_log_target', 'audit_log(target, seq)'], ['kv_updated', 'kv(namespace, updated_at)']]) {
      await expect(exec(`create index ${name} on ${on}`)).rejects.toThrow(/already exists/);
    }
  });

  it('stores runs with parsed JSON and numeric times, and dedupes idempotency keys', async () => {
    const store = await database.open();
    expect(await newRun(store, 'r1', { idempotencyKey: 'k' })).toEqual({ id: 'r1', created: true });
    expect(await newRun(store, 'r2', { idempotencyKey: 'k' })).toEqual({ id: 'r1', created: false });
    await newRun(store, 'r3');
    await newRun(store, 'r4');
    const run = await store.getRun('r1');
    expect(run).toMatchObject({ id: 'r1', status: 'queued', input: { n: 1, s: 'x' }, meta: { by: 'test' }, wakeAt: T0, createdAt: T0, attempt: 0, output: null });
    expect(typeof run!.createdAt).toBe('number');
    expect((await store.listRuns()).length).toBe(3);
    expect(await store.getRun('nope')).toBeUndefined();
  });

  it('claims a due run once, fences writes on the lease and lets an expired lease be taken over', async () => {
    const store = await database.open();
    await newRun(store, 'r1', { now: T0 });
    await newRun(store, 'later', { now: T0 + 60_000 });
    const claimed = await store.claimRun({ owner: 'w1', now: T0, leaseMs: 1000 });
    expect(claimed).toMatchObject({ id: 'r1', status: 'running', leaseOwner: 'w1', leaseExpiresAt: T0 + 1000, attempt: 1 });
    expect(await store.claimRun({ owner: 'w2', now: T0 + 500, leaseMs: 1000 })).toBeUndefined();
    const lease1 = leaseOf(claimed!);
    const step = { runId: 'r1', seq: 0, stepId: 'a', kind: 'step' as const, status: 'completed' as const, output: 'hello', error: null, attempts: 1, startedAt: T0, endedAt: T0, wakeAt: null };
    await store.writeStep(lease1, step, T0);
    expect(await store.heartbeat(lease1, T0 + 2000, T0 + 900)).toBe(true);
    expect(await store.claimRun({ owner: 'w2', now: T0 + 1500, leaseMs: 1000 })).toBeUndefined();
    const taken = await store.claimRun({ owner: 'w2', now: T0 + 2001, leaseMs: 1000 });
    expect(taken).toMatchObject({ id: 'r1', leaseOwner: 'w2', attempt: 2 });
    await expect(store.writeStep(lease1, { ...step, seq: 1, stepId: 'b' }, T0 + 2002)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.heartbeat(lease1, T0 + 5000, T0 + 2002)).toBe(false);
    expect(await store.holdsLease(lease1)).toBe(false);
    expect(await store.holdsLease(leaseOf(taken!))).toBe(true);
    await store.releaseRun(leaseOf(taken!), { status: 'completed', output: ['done', 1] }, T0 + 2003);
    expect(await store.getRun('r1')).toMatchObject({ status: 'completed', output: ['done', 1], leaseOwner: null });
    const steps = await store.listSteps('r1');
    expect(steps).toEqual([step]);
    expect(steps[0]!.output).toBe('hello');
  });

  it('excludes given ids from a claim and sleeps a run until its wake time', async () => {
    const store = await database.open();
    await newRun(store, 'r1');
    expect(await store.claimRun({ owner: 'w', now: T0, leaseMs: 1000, excludeIds: ['r1'] })).toBeUndefined();
    const run = await store.claimRun({ owner: 'w', now: T0, leaseMs: 1000 });
    await store.releaseRun(leaseOf(run!), { status: 'sleeping', wakeAt: T0 + 10_000 }, T0);
    expect(await store.claimRun({ owner: 'w', now: T0 + 9_999, leaseMs: 1000 })).toBeUndefined();
    expect((await store.claimRun({ owner: 'w', now: T0 + 10_000, leaseMs: 1000 }))?.id).toBe('r1');
  });

  it('delivers a signal to a waiting run, buffers one sent before the wait, and times a wait out', async () => {
    const store = await database.open();
    await newRun(store, 'r1');
    let run = await store.claimRun({ owner: 'w', now: T0, leaseMs: 1000 });
    const wait = { seq: 0, stepId: 'approve', key: 'approval:1', deadline: T0 + 5000, startedAt: T0, since: T0 };
    expect(await store.awaitSignal(leaseOf(run!), wait, T0)).toEqual({ kind: 'suspended' });
    expect(await store.getRun('r1')).toMatchObject({ status: 'waiting', waitKey: 'approval:1', wakeAt: T0 + 5000, leaseOwner: null });
    expect(await store.deliverSignal('other', 1, T0 + 10)).toBe(0);
    expect(await store.deliverSignal('approval:1', { ok: true }, T0 + 10)).toBe(1);
    expect(await store.getRun('r1')).toMatchObject({ status: 'queued', waitKey: null, wakeAt: T0 + 10 });
    expect((await store.listSteps('r1'))[0]).toMatchObject({ status: 'completed', output: { ok: true }, endedAt: T0 + 10 });

    // Sent before anyone waits: kept and consumed by the first wait on that key.
    await newRun(store, 'r2', { now: T0 + 20 });
    expect(await store.deliverSignal('approval:2', 'yes', T0 + 30)).toBe(0);
    run = await store.claimRun({ owner: 'w', now: T0 + 40, leaseMs: 1000, excludeIds: ['r1'] });
    expect(run?.id).toBe('r2');
    expect(await store.awaitSignal(leaseOf(run!), { ...wait, key: 'approval:2', since: T0 + 20 }, T0 + 40)).toEqual({ kind: 'delivered', payload: 'yes' });
    expect(await store.awaitSignal(leaseOf(run!), { ...wait, seq: 1, stepId: 'again', key: 'approval:2', deadline: T0 + 40, since: T0 + 20 }, T0 + 40)).toEqual({ kind: 'timedOut' });
    expect((await store.listSteps('r2')).map((s) => [s.stepId, s.status, s.output])).toEqual([
      ['approve', 'completed', 'yes'],
      ['again', 'completed', null],
    ]);
  });

  it('cancels a live run and refuses its executor\'s writes afterwards', async () => {
    const store = await database.open();
    await newRun(store, 'r1');
    const run = await store.claimRun({ owner: 'w', now: T0, leaseMs: 1000 });
    expect(await store.cancelRun('r1', { code: 'RUN_CANCELLED', message: 'by test' }, T0 + 1)).toBe(true);
    expect(await store.cancelRun('r1', { code: 'RUN_CANCELLED', message: 'again' }, T0 + 2)).toBe(false);
    await expect(store.releaseRun(leaseOf(run!), { status: 'completed', output: null }, T0 + 3)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.getRun('r1')).toMatchObject({ status: 'cancelled', error: { code: 'RUN_CANCELLED', message: 'by test' } });
  });

  it('fires a schedule once per fire time (compare-and-set on next_fire_at)', async () => {
    const store = await database.open();
    await store.upsertSchedule({ id: 's1', workflowId: 'wf', cron: '0 9 * * *', timezone: 'UTC', input: { a: 1 }, nextFireAt: T0, enabled: true }, T0);
    expect((await store.dueSchedules(T0)).map((s) => s.id)).toEqual(['s1']);
    const fire = (id: string) =>
      store.fireSchedule({ id: 's1', expectedNextFireAt: T0, firedAt: T0, nextFireAt: T0 + 86_400_000, run: { id, workflowId: 'wf', input: { a: 1 }, idempotencyKey: `schedule:s1:${T0}`, now: T0 } });
    const results = await Promise.all([fire('a'), fire('b')]);
    expect(results.filter((r) => r?.created)).toHaveLength(1);
    expect(await store.listRuns()).toHaveLength(1);
    expect(await store.getSchedule('s1')).toMatchObject({ nextFireAt: T0 + 86_400_000, lastFireAt: T0, enabled: true, input: { a: 1 } });
    expect(await store.dueSchedules(T0)).toEqual([]);
    expect(await store.removeSchedule('s1')).toBe(true);
    expect(await store.listSchedules()).toEqual([]);
  });

  it('keeps a hash-chained audit log and detects tampering', async () => {
    const clock = createFakeClock(T0);
    const { store, exec } = await database.openRaw({ clock });
    const first = await store.appendAudit({ actor: 'alice@acme.com', action: 'access.requested', target: 'app:figma', data: { z: 1, a: { y: [1, 'two'], b: null } } });
    clock.advance(5);
    await Promise.all([1, 2, 3].map((i) => store.appendAudit({ actor: 'system', action: 'access.granted', data: { i } })));
    expect(first).toMatchObject({ seq: 1, at: T0, prevHash: '0'.repeat(64) });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const all = await store.listAudit();
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(all[1]!.prevHash).toBe(first.hash);
    expect(all[0]!.data).toEqual({ z: 1, a: { y: [1, 'two'], b: null } });
    expect((await store.listAudit({ action: 'access.granted', afterSeq: 2 })).map((e) => e.seq)).toEqual([3, 4]);
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: 4 });
    await expect(store.appendAudit({ actor: 'x', action: 'Granted' })).rejects.toBeInstanceOf(AuditEntryInvalidError);
    await exec(`update audit_log set actor = 'mallory' where seq = 2`);
    expect(await store.verifyAuditChain()).toMatchObject({ ok: false, brokenAt: 2, count: 1 });
    await exec(`update audit_log set actor = 'system' where seq = 2`);
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: 4 });
    await exec(`delete from audit_log where seq = 3`);
    expect(await store.verifyAuditChain()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('reports a stored row that is not valid JSON of the expected shape', async () => {
    const { store, exec } = await database.openRaw();
    await store.kvPut('ns', 'k', { fine: true });
    await exec(`update kv set value = '"just a string"' where key = 'k'`);
    expect((await store.kvGet('ns', 'k'))?.value).toBe('just a string');
    await newRun(store, 'r1');
    await exec(`update runs set meta = '[1,2]' where id = 'r1'`);
    await expect(store.getRun('r1')).rejects.toMatchObject({ code: 'STORE_DATA_INVALID' });
  });

  it('keeps key-value documents by namespace', async () => {
    const clock = createFakeClock(T0);
    const store = await database.open({ clock });
    await store.kvPut('workflows', 'b', { v: 1 });
    await store.kvPut('workflows', 'a%_', 'string value');
    await store.kvPut('approvals', 'a', [1, 2]);
    clock.advance(10);
    expect(await store.kvPut('workflows', 'b', { v: 2 })).toEqual({ namespace: 'workflows', key: 'b', value: { v: 2 }, updatedAt: T0 + 10, version: 2 });
    expect(await store.kvGet('workflows', 'b')).toEqual({ namespace: 'workflows', key: 'b', value: { v: 2 }, updatedAt: T0 + 10, version: 2 });
    expect((await store.kvGet('workflows', 'a%_'))?.value).toBe('string value');
    expect((await store.kvList('workflows')).map((e) => e.key)).toEqual(['a%_', 'b']);
    expect((await store.kvList('workflows', { prefix: 'a%' })).map((e) => e.key)).toEqual(['a%_']);
    expect((await store.kvList('workflows', { prefix: 'a_' })).map((e) => e.key)).toEqual([]);
    expect(await store.kvDelete('workflows', 'b')).toBe(true);
    expect(await store.kvDelete('workflows', 'b')).toBe(false);
    expect(await store.kvGet('workflows', 'b')).toBeUndefined();
  });

  it('prunes the documents of one namespace last written before a time', async () => {
    const clock = createFakeClock(T0);
    const store = await database.open({ clock });
    await store.kvPut('events', 'old', 1);
    await store.kvPut('other', 'old', 1);
    clock.advance(10);
    await store.kvPut('events', 'edge', 2);
    clock.advance(10);
    await store.kvPut('events', 'new', 3);
    expect(await store.kvPrune('events', T0 + 10)).toBe(1);
    expect((await store.kvList('events')).map((e) => e.key)).toEqual(['edge', 'new']);
    expect(await store.kvGet('other', 'old')).toBeDefined();
    expect(await store.kvPrune('events', T0 + 10)).toBe(0);
    expect(await store.kvPrune('events', T0 + 21)).toBe(2);
    expect(await store.kvList('events')).toEqual([]);
  });

  it('compare-and-sets a document: exactly one of several processes wins each version', async () => {
    const [a, b, c] = await database.openShared(3);
    expect(await a!.kvPutIfVersion('approvals', 'x', { status: 'pending' }, 1)).toBeUndefined();
    expect(await a!.kvPutIfVersion('approvals', 'x', { status: 'pending' }, 0)).toMatchObject({ version: 1 });
    expect(await b!.kvPutIfVersion('approvals', 'x', { status: 'again' }, 0)).toBeUndefined();
    const results = await Promise.all([a!, b!, c!].map((s, i) => s.kvPutIfVersion('approvals', 'x', { status: 'decided', by: i }, 1)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await c!.kvGet('approvals', 'x');
    expect(stored).toMatchObject({ version: 2, value: results.find(Boolean)!.value });
    expect(await c!.kvPutIfVersion('approvals', 'x', { status: 'late' }, 1)).toBeUndefined();
    expect((await c!.kvPut('approvals', 'x', { status: 'forced' })).version).toBe(3);
  });
});

describe('openStore', () => {
  it('reports an unreachable PostgreSQL as STORE_OPEN_FAILED without the password', async () => {
    const { createStore } = await import('./index.ts');
    const error = await createStore({ kind: 'postgres', url: 'postgres://u:s3cret@127.0.0.1:1/db' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_OPEN_FAILED' });
    expect(String((error as Error).message)).not.toContain('s3cret');
  });
});

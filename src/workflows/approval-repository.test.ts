/**
 * The kv approval repository on SQLite and PostgreSQL, two stores on one database as two processes:
 * the pending index answers "what waits for me" without reading decided approvals, follows decisions
 * and escalations made in either process, survives a process stopping between its two writes, and is
 * built once from the records of a store that had approvals before it existed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../common/clock.ts';
import type { Store } from '../store/index.ts';
import { testDatabases } from '../store/testing/index.ts';
import { createKvApprovalRepository } from './approval-repository.ts';
import type { NewApprovalRecord } from './approvals.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

const T0 = Date.UTC(2026, 0, 1);
const approval = (id: string, approvers: string[], createdAt = T0): NewApprovalRecord =>
  ({ id, runId: `run-${id}`, stepId: 'approve', workflowId: 'access-request', approvers, reason: `for ${id}`, requestedBy: 'req@acme.example', allowSelfApproval: false, status: 'pending', decidedBy: null, comment: null, createdAt, expiresAt: createdAt + 86_400_000, decidedAt: null }) as NewApprovalRecord;

/** Counts the approval records read one by one. */
function counting(store: Store) {
  let reads = 0;
  const port = { ...store, kvGet: (ns: string, key: string) => ((reads += ns === 'approvals' ? 1 : 0), store.kvGet(ns, key)) } as Store;
  return { port, reads: () => reads, reset: () => (reads = 0) };
}

describe.each(databases)('approval repository on $name', (database) => {
  it('lists what waits for an approver from the pending index, following decisions and escalations in either process', async () => {
    const clock = createFakeClock(T0);
    const [storeA, storeB] = await database.openShared(2, { clock });
    const counted = counting(storeA!);
    const a = createKvApprovalRepository(counted.port);
    const b = createKvApprovalRepository(storeB!);
    for (let i = 0; i < 30; i++) await a.put(approval(`old-${String(i).padStart(2, '0')}`, ['mgr@acme.example'], T0 + i));
    for (let i = 0; i < 30; i++) await b.update(`old-${String(i).padStart(2, '0')}`, (r) => ({ ...r, status: 'approved', decidedBy: 'mgr@acme.example', decidedAt: T0 + 100 }));
    await a.put(approval('p1', ['mgr@acme.example'], T0 + 200));
    await b.put(approval('p2', ['Owner@Acme.example'], T0 + 300));
    await a.put(approval('p3', ['mgr@acme.example', 'owner@acme.example'], T0 + 400));

    counted.reset();
    expect((await a.list({ status: 'pending', approver: 'MGR@acme.example' })).map((r) => r.id)).toEqual(['p3', 'p1']);
    // Only the candidates were read, none of the 30 decided ones.
    expect(counted.reads()).toBe(2);
    expect((await a.list({ status: 'pending', approver: 'owner@acme.example' })).map((r) => r.id)).toEqual(['p3', 'p2']);
    expect((await b.list({ status: 'pending' })).map((r) => r.id)).toEqual(['p3', 'p2', 'p1']);
    expect(await a.list({ status: 'approved' })).toHaveLength(30);

    // An escalation in one process adds an approver; a decision in the other ends the wait.
    await b.update('p1', (r) => ({ ...r, approvers: [...r.approvers, 'it@acme.example'] }));
    expect((await a.list({ status: 'pending', approver: 'it@acme.example' })).map((r) => r.id)).toEqual(['p1']);
    await b.update('p3', (r) => ({ ...r, status: 'denied', decidedBy: 'owner@acme.example', decidedAt: T0 + 500 }));
    expect((await a.list({ status: 'pending', approver: 'owner@acme.example' })).map((r) => r.id)).toEqual(['p2']);
    expect((await storeA!.kvList('approvals.pending')).map((e) => e.key)).toEqual(['p1', 'p2']);
  });

  it('a process stopping between its two writes leaves nothing unlisted and nothing wrongly listed', async () => {
    const clock = createFakeClock(T0);
    const store = await database.open({ clock });
    const repo = createKvApprovalRepository(store);
    await repo.put(approval('p1', ['mgr@acme.example']));
    await repo.list({ status: 'pending' });
    // Decided, but the index entry was not removed (the process stopped): not listed, and the entry goes.
    await store.kvPut('approvals', 'p1', { ...(await repo.get('p1'))!, status: 'approved', decidedBy: 'mgr@acme.example', decidedAt: T0 + 1 });
    expect(await repo.list({ status: 'pending', approver: 'mgr@acme.example' })).toEqual([]);
    expect(await store.kvList('approvals.pending')).toEqual([]);
    // Indexed, but the record was never written (stopped before it): skipped.
    await store.kvPut('approvals.pending', 'ghost', { createdAt: T0, approvers: ['mgr@acme.example'] });
    expect(await repo.list({ status: 'pending', approver: 'mgr@acme.example' })).toEqual([]);
    // An escalation's new approver is in the index before the record names them.
    await repo.put(approval('p2', ['mgr@acme.example']));
    const failing = { ...store, kvPutIfVersion: async () => undefined } as unknown as Store;
    const stopped = createKvApprovalRepository(failing);
    let tries = 0;
    await stopped.update('p2', (r) => (++tries > 1 ? undefined : { ...r, approvers: [...r.approvers, 'it@acme.example'] }));
    expect((await repo.list({ status: 'pending', approver: 'mgr@acme.example' })).map((r) => r.id)).toEqual(['p2']);
    // The record does not name them yet, so they are not shown it.
    expect(await repo.list({ status: 'pending', approver: 'it@acme.example' })).toEqual([]);
  });

  it('builds the index once from the approvals of a store that had them before it', async () => {
    const clock = createFakeClock(T0);
    const store = await database.open({ clock });
    // Written as an earlier version did: records only.
    await store.kvPut('approvals', 'a1', approval('a1', ['mgr@acme.example']) as never);
    await store.kvPut('approvals', 'a2', { ...approval('a2', ['mgr@acme.example']), status: 'expired', decidedAt: T0 } as never);
    const repo = createKvApprovalRepository(store);
    expect((await repo.list({ status: 'pending', approver: 'mgr@acme.example' })).map((r) => r.id)).toEqual(['a1']);
    expect((await store.kvList('approvals.pending')).map((e) => e.key)).toEqual(['a1']);
    expect(await store.kvGet('approvals.meta', 'pending-index')).toBeDefined();
  });
});

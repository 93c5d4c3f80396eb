/**
 * Several workers on one database: every step executes exactly once and no run executes on two
 * workers at once. On PostgreSQL each worker has its own store (its own pool, like separate
 * processes); on SQLite (one process) the workers share one store.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../common/clock.ts';
import { testDatabases } from '../store/testing/index.ts';
import { createEngine } from './index.ts';
import { createRegistry } from './internal/testing.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

const RUNS = 30;
const WORKERS = 3;

describe.each(databases)('several workers on $name', (database) => {
  it(`${WORKERS} workers over ${RUNS} runs: each step once, each run on one worker at a time`, async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const stores = database.name === 'postgres' ? await database.openShared(WORKERS, { clock, poolSize: 4 }) : [await database.open({ clock })];
    const executions = new Map<string, string[]>();
    const active = new Map<string, string>();
    const overlaps: string[] = [];
    const record = (worker: string, runId: string, stepId: string) => async () => {
      const holder = active.get(runId);
      if (holder && holder !== worker) overlaps.push(`${runId}: ${worker} while ${holder}`);
      active.set(runId, worker);
      const key = `${runId}/${stepId}`;
      executions.set(key, [...(executions.get(key) ?? []), worker]);
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      active.delete(runId);
      return key;
    };
    const engines = Array.from({ length: WORKERS }, (_, i) => {
      const workerId = `worker-${i}`;
      const reg = createRegistry();
      // Each worker's copy of the workflow knows which worker runs it, to record it.
      reg.set('fanout', async (step) => {
        const a = await step.step('a', record(workerId, step.runId, 'a'));
        const b = await step.step('b', record(workerId, step.runId, 'b'));
        await step.sleep('nap', 1000); // suspends: the rest may run on another worker
        const c = await step.step('c', record(workerId, step.runId, 'c'));
        return [a, b, c];
      });
      return createEngine({ store: stores[i % stores.length]!, clock, workflows: reg.lookup, workerId, concurrency: 2, leaseMs: 60_000 });
    });
    const ids = await Promise.all(Array.from({ length: RUNS }, (_, i) => engines[i % WORKERS]!.start({ workflowId: 'fanout', input: i })));

    const perWorker = await Promise.all(engines.map((e) => e.runUntilIdle()));
    expect(await engines[0]!.listRuns({ status: 'sleeping', limit: 1000 })).toHaveLength(RUNS);
    clock.advance(1000);
    const second = await Promise.all(engines.map((e) => e.runUntilIdle()));

    expect(overlaps).toEqual([]);
    for (const id of ids) {
      for (const step of ['a', 'b', 'c']) expect(executions.get(`${id}/${step}`), `${id}/${step}`).toHaveLength(1);
      const run = await engines[0]!.getRun(id);
      expect(run).toMatchObject({ status: 'completed', output: [`${id}/a`, `${id}/b`, `${id}/c`], attempt: 2 });
    }
    expect(executions.size).toBe(RUNS * 3);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(RUNS);
    expect(second.reduce((a, b) => a + b, 0)).toBe(RUNS);
    // The work was shared (every worker claimed some), not done by the first to arrive.
    expect(perWorker.filter((n) => n > 0).length).toBeGreaterThan(1);
  });
});

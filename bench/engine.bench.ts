/**
 * `npm run bench:engine`: the engine's figures from issue 4, each beside its target and a baseline
 * measured in the same run.
 *
 * 1. Throughput: 1,000 runs of a 5-step workflow (trivial JSON-returning steps, no Okta) are started,
 *    then the engine is driven with `runUntilIdle()` until every run has completed. runs/s is
 *    1,000 / (start + drive) wall time. Done on SQLite (a temp file in WAL mode, as the product
 *    opens it), on SQLite `:memory:`, and on PostgreSQL (a fresh schema, dropped afterwards).
 * 2. Step overhead: each step function records `performance.now()` when it is called. Within one run
 *    the gap between two consecutive step calls is what durability costs per step: journaling the
 *    previous step's result (a fenced transaction) plus the lease check before the next one. Measured
 *    with concurrency 1, so no other run's work lands in the gap. The baseline is a plain in-process
 *    loop calling the same 5 functions. The journal (startedAt/endedAt, ms resolution) cross-checks
 *    the mean.
 * 3. Memory: heap used (after `global.gc()`) before and after creating 10,000 runs of a workflow that
 *    does one step, then `ctx.waitForApproval` (through the workflow runtime: an approval record, a
 *    notification and a durable wait per run), and driving them all into `waiting`. Same process.
 *
 * Talks to 127.0.0.1 only. Environment: BENCH_RUNS (1000), BENCH_WAITING (10000), BENCH_PG_CONCURRENCY (8).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { systemClock } from '../src/common/clock.ts';
import { createEngine, type EngineWorkflow, type Json } from '../src/engine/index.ts';
import type { OktaClient } from '../src/okta/index.ts';
import { createStore, type Store, type StoreOptions } from '../src/store/index.ts';
import { testPostgresUrl } from '../src/store/testing/index.ts';
import { createKvApprovalRepository } from '../src/workflows/approval-repository.ts';
import { createOutboxNotifier } from '../src/workflows/notifier.ts';
import { createWorkflowRuntime } from '../src/workflows/runtime.ts';
import { defineWorkflow, z } from '../src/workflows/sdk.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const WAITING = Number(process.env.BENCH_WAITING ?? 10_000);
const PG_CONCURRENCY = Number(process.env.BENCH_PG_CONCURRENCY ?? 8);
const STEPS = 5;
const gc = (globalThis as { gc?: () => void }).gc;

// ── the workload ────────────────────────────────────────────────────────────────────────────────

/** Five trivial JSON-returning step functions (the same ones the baseline loop calls). */
const stepFns: ((n: number) => Json)[] = [
  (n) => ({ step: 1, n }),
  (n) => ({ step: 2, n, even: n % 2 === 0 }),
  (n) => ({ step: 3, label: `run-${n}` }),
  (n) => ({ step: 4, items: [n, n + 1, n + 2] }),
  (n) => ({ step: 5, done: n >= 0 }),
];

/** performance.now() of every step call, per run id (filled while timing is on). */
type Timing = Map<string, number[]>;

function fiveStepWorkflow(timing: { current: Timing | null }): EngineWorkflow {
  return {
    id: 'bench-five-steps',
    async run(tools, input) {
      const n = typeof input === 'object' && input !== null && !Array.isArray(input) && typeof input.n === 'number' ? input.n : 0;
      let last: Json = null;
      for (let k = 0; k < STEPS; k++) {
        last = await tools.step(`s${k + 1}`, () => {
          const marks = timing.current;
          if (marks) {
            let list = marks.get(tools.runId);
            if (!list) marks.set(tools.runId, (list = []));
            list.push(performance.now());
          }
          return stepFns[k]!(n);
        });
      }
      return { last };
    },
  };
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (v: number) => (v < 0.1 ? `${(v * 1000).toFixed(2)} µs` : `${v.toFixed(3)} ms`);
const heapUsed = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

interface Target {
  name: string;
  open(): Promise<Store>;
  /** Database size in bytes (tables + indexes, or the files). */
  size(): Promise<number | null>;
  cleanup(): Promise<void>;
}

function sqliteFileTarget(label: string): Target {
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-'));
  const file = join(dir, 'gatehouse.db');
  return {
    name: label,
    open: () => createStore({ kind: 'sqlite', file }),
    async size() {
      let total = 0;
      for (const f of [file, `${file}-wal`]) {
        try {
          total += statSync(f).size;
        } catch {
          /* no WAL file yet */
        }
      }
      return total;
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sqliteMemoryTarget(): Target {
  return { name: 'SQLite :memory:', open: () => createStore({ kind: 'sqlite', file: ':memory:' }), size: async () => null, cleanup: async () => {} };
}

function postgresTarget(poolSize: number): Target {
  const schema = `gh_bench_${Math.random().toString(16).slice(2, 10)}`;
  const options: StoreOptions = { kind: 'postgres', url: testPostgresUrl, schema, poolSize };
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: testPostgresUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'PostgreSQL',
    open: () => createStore(options),
    size: () =>
      admin(async (c) => {
        const { rows } = await c.query<{ bytes: string }>(
          `select coalesce(sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass)), 0)::text as bytes from pg_tables where schemaname = $1`,
          [schema],
        );
        return Number(rows[0]?.bytes ?? 0);
      }),
    cleanup: () => admin((c) => c.query(`drop schema if exists "${schema}" cascade`).then(() => undefined)),
  };
}

async function countByStatus(store: Store, status: 'completed' | 'waiting' | 'failed'): Promise<number> {
  return (await store.listRuns({ status, limit: 1_000_000 })).length;
}

// ── 1 + 2: throughput and step overhead ─────────────────────────────────────────────────────────

interface ThroughputResult {
  target: string;
  concurrency: number;
  runs: number;
  startMs: number;
  driveMs: number;
  /** This process's CPU time (user + system) over start + drive, ms: wall time on a busy machine overstates the cost. */
  cpuMs: number;
  runsPerSec: number;
  /** Gap between consecutive step calls within a run (ms), sorted. */
  gaps: number[];
  /** Journal cross-check: mean (last step endedAt − first step startedAt) / (STEPS − 1), ms. */
  journalMeanMs: number;
  completed: number;
  dbBytes: number | null;
}

async function throughput(target: Target, concurrency: number): Promise<ThroughputResult> {
  const store = await target.open();
  const timing: { current: Timing | null } = { current: null };
  const workflow = fiveStepWorkflow(timing);
  const engine = createEngine({ store, clock: systemClock, workerId: 'bench', workflows: (id) => (id === workflow.id ? workflow : undefined), concurrency });
  try {
    // Warm-up (JIT, statement caches), not counted.
    for (let i = 0; i < 20; i++) await engine.start({ workflowId: workflow.id, input: { n: -i } });
    await engine.runUntilIdle({ maxTicks: 1000 });

    const marks: Timing = new Map();
    timing.current = marks;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < RUNS; i++) ids.push(await engine.start({ workflowId: workflow.id, input: { n: i } }));
    const t1 = performance.now();
    await engine.runUntilIdle({ maxTicks: 1000 });
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    timing.current = null;

    const gaps: number[] = [];
    for (const list of marks.values()) for (let k = 1; k < list.length; k++) gaps.push(list[k]! - list[k - 1]!);
    gaps.sort((a, b) => a - b);

    // The journal has ms resolution, so it only cross-checks the mean over many runs.
    const sample = ids.filter((_, i) => i % 10 === 0);
    const perRun: number[] = [];
    for (const id of sample) {
      const steps = await store.listSteps(id);
      const first = steps[0];
      const last = steps[steps.length - 1];
      if (first && last?.endedAt != null && steps.length === STEPS) perRun.push((last.endedAt - first.startedAt) / (STEPS - 1));
    }
    const completed = await countByStatus(store, 'completed');
    return {
      target: target.name,
      concurrency,
      runs: RUNS,
      startMs: t1 - t0,
      driveMs: t2 - t1,
      cpuMs: (cpu.user + cpu.system) / 1000,
      runsPerSec: RUNS / ((t2 - t0) / 1000),
      gaps,
      journalMeanMs: mean(perRun),
      completed: completed - 20,
      dbBytes: await target.size(),
    };
  } finally {
    await engine.stop();
    await store.close();
  }
}

/** The plain loop: the same 5 functions, called in-process with nothing journaled. */
function baselineLoop(): { perStepMs: number; p50: number; p99: number } {
  const sink: Json[] = [];
  const once = (n: number) => {
    for (let k = 0; k < STEPS; k++) sink.push(JSON.parse(JSON.stringify(stepFns[k]!(n))) as Json);
  };
  for (let i = 0; i < 10_000; i++) once(i); // warm-up
  sink.length = 0;
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) once(i);
  const perStepMs = (performance.now() - t0) / (RUNS * STEPS);
  // Per-call gaps as in the engine measurement (consecutive calls of one run).
  const gaps: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let prev = performance.now();
    for (let k = 0; k < STEPS; k++) {
      sink.push(JSON.parse(JSON.stringify(stepFns[k]!(i))) as Json);
      const now = performance.now();
      if (k > 0) gaps.push(now - prev);
      prev = now;
    }
  }
  gaps.sort((a, b) => a - b);
  return { perStepMs, p50: quantile(gaps, 0.5), p99: quantile(gaps, 0.99) };
}

// ── 3: memory of 10,000 waiting runs ────────────────────────────────────────────────────────────

interface MemoryResult {
  target: string;
  waiting: number;
  heapBefore: number;
  heapAfter: number;
  rssBefore: number;
  rssAfter: number;
  seconds: number;
  dbBytes: number | null;
}

/** An Okta client nobody may call: the waiting workflow makes no Okta calls. */
const noOkta = new Proxy(
  {},
  {
    get: () =>
      new Proxy(
        {},
        {
          get: (_t, name) => () => {
            throw new Error(`the benchmark workflow must not call Okta (called ${String(name)})`);
          },
        },
      ),
  },
) as OktaClient;

const approvalWorkflow = defineWorkflow({
  id: 'bench-await-approval',
  title: 'Benchmark: one step, then wait for an approval',
  description: 'Prepares, then waits for a manager to approve.',
  examples: [],
  input: z.object({ n: z.number() }),
  access: 'team',
  async run(ctx, input) {
    const prepared = await ctx.step('prepare', () => ({ n: input.n, ready: true }));
    const decision = await ctx.waitForApproval('manager', { approvers: ['manager@acme.example'], reason: `bench ${prepared.n}`, timeout: '3d' });
    return { approved: decision?.approved ?? false };
  },
});

async function waitingMemory(target: Target, concurrency: number): Promise<MemoryResult> {
  const store = await target.open();
  let resolve: (id: string) => EngineWorkflow | undefined = () => undefined;
  const engine = createEngine({ store, clock: systemClock, workerId: 'bench', workflows: (id) => resolve(id), concurrency });
  const runtime = createWorkflowRuntime({
    engine,
    okta: () => noOkta,
    approvals: createKvApprovalRepository(store),
    notifier: createOutboxNotifier({ store, clock: systemClock }),
    clock: systemClock,
  });
  resolve = (id) => runtime.resolve(id);
  runtime.register(approvalWorkflow);
  try {
    const heapBefore = heapUsed();
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    for (let i = 0; i < WAITING; i++) await runtime.start(approvalWorkflow.id, { n: i }, { startedBy: 'bench@acme.example' });
    await engine.runUntilIdle({ maxTicks: 1000 });
    const seconds = (performance.now() - t0) / 1000;
    const heapAfter = heapUsed();
    const rssAfter = process.memoryUsage().rss;
    const waiting = await countByStatus(store, 'waiting');
    return { target: target.name, waiting, heapBefore, heapAfter, rssBefore, rssAfter, seconds, dbBytes: await target.size() };
  } finally {
    await engine.stop();
    await store.close();
  }
}

// ── report ──────────────────────────────────────────────────────────────────────────────────────

const row = (name: string, value: string, target: string, baseline: string, met?: boolean) =>
  console.log(`${name.padEnd(46)} ${value.padStart(14)}   target ${target.padEnd(10)} ${met === undefined ? '    ' : met ? 'MET ' : 'MISS'}  baseline ${baseline}`);

async function withTarget<T>(target: Target, fn: (t: Target) => Promise<T>): Promise<T> {
  try {
    return await fn(target);
  } finally {
    await target.cleanup();
  }
}

async function main(): Promise<void> {
  console.log(
    `Engine benchmark — ${RUNS.toLocaleString()} runs × ${STEPS} steps, ${WAITING.toLocaleString()} waiting runs, node ${process.version}${gc ? '' : ' (run with --expose-gc for exact memory)'}\n`,
  );
  const base = baselineLoop();

  // Memory first, in a fresh heap, so the throughput runs' garbage does not blur it.
  const memSqlite = await withTarget(sqliteFileTarget('SQLite file (WAL)'), (t) => waitingMemory(t, 1));
  const memPg = await withTarget(postgresTarget(PG_CONCURRENCY + 2), (t) => waitingMemory(t, PG_CONCURRENCY));

  const results: ThroughputResult[] = [];
  results.push(await withTarget(sqliteFileTarget('SQLite file (WAL)'), (t) => throughput(t, 1)));
  results.push(await withTarget(sqliteMemoryTarget(), (t) => throughput(t, 1)));
  results.push(await withTarget(postgresTarget(4), (t) => throughput(t, 1)));
  results.push(await withTarget(postgresTarget(PG_CONCURRENCY + 2), (t) => throughput(t, PG_CONCURRENCY)));

  console.log('Raw numbers');
  for (const r of results) {
    console.log(
      `  ${r.target} c=${r.concurrency}: ${r.runs} runs, start ${r.startMs.toFixed(0)} ms, drive ${r.driveMs.toFixed(0)} ms, ${r.runsPerSec.toFixed(1)} runs/s ` +
        `(drive only ${(r.runs / (r.driveMs / 1000)).toFixed(1)}/s), cpu ${r.cpuMs.toFixed(0)} ms = ${(r.runs / (r.cpuMs / 1000)).toFixed(1)} runs per cpu-s, completed ${r.completed}/${r.runs}, step gap p50 ${ms(quantile(r.gaps, 0.5))} p90 ${ms(quantile(r.gaps, 0.9))} ` +
        `p99 ${ms(quantile(r.gaps, 0.99))} max ${ms(r.gaps[r.gaps.length - 1] ?? NaN)} mean ${ms(mean(r.gaps))} (n=${r.gaps.length}), journal mean ${ms(r.journalMeanMs)}` +
        (r.dbBytes !== null ? `, db ${mb(r.dbBytes)}` : ''),
    );
  }
  console.log(`  plain loop: ${ms(base.perStepMs)} per step (mean), per-call gap p50 ${ms(base.p50)} p99 ${ms(base.p99)}`);
  for (const m of [memSqlite, memPg]) {
    console.log(
      `  ${m.target} waiting: ${m.waiting}/${WAITING} runs waiting after ${m.seconds.toFixed(1)} s, heap ${mb(m.heapBefore)} → ${mb(m.heapAfter)}, ` +
        `rss ${mb(m.rssBefore)} → ${mb(m.rssAfter)}${m.dbBytes !== null ? `, db ${mb(m.dbBytes)}` : ''}`,
    );
  }

  console.log('\nFigures');
  for (const r of results) {
    const label = `${r.target}${r.concurrency > 1 ? ` (concurrency ${r.concurrency})` : ''}`;
    const isProductSqlite = r.target.startsWith('SQLite file');
    row(`runs/s, ${label}`, `${r.runsPerSec.toFixed(0)}/s`, isProductSqlite ? '≥ 200/s' : '—', isProductSqlite ? 'target 200/s' : '—', isProductSqlite ? r.runsPerSec >= 200 : undefined);
    row(`  step overhead p50, ${label}`, ms(quantile(r.gaps, 0.5)), '—', `${ms(base.p50)} (plain loop)`);
    row(`  step overhead p99, ${label}`, ms(quantile(r.gaps, 0.99)), '—', `${ms(base.p99)} (plain loop)`);
  }
  for (const m of [memSqlite, memPg]) {
    const held = m.heapAfter - m.heapBefore;
    row(`heap held by ${WAITING.toLocaleString()} waiting runs, ${m.target}`, mb(held), '< 200 MB', 'target 200 MB', held < 200 * 1024 * 1024 && m.waiting === WAITING);
    if (m.dbBytes !== null) row(`  database size, ${m.target}`, mb(m.dbBytes), '—', '—');
  }
  const bad = results.filter((r) => r.completed !== r.runs).map((r) => `${r.target}: ${r.completed}/${r.runs} completed`);
  for (const m of [memSqlite, memPg]) if (m.waiting !== WAITING) bad.push(`${m.target}: ${m.waiting}/${WAITING} waiting`);
  if (bad.length > 0) console.log(`\nWARNING: not every run reached its state: ${bad.join('; ')}`);
}

await main();

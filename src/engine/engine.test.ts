import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../common/clock.ts';
import type { Store } from '../store/index.ts';
import { testDatabases } from '../store/testing/index.ts';
import {
  NonRetriableError,
  RetryAfterError,
  RunNotFoundError,
  StepFailedError,
  WorkflowNotFoundError,
  createEngine,
  type EngineOptions,
  type Json,
} from './index.ts';
import { createGate, createRegistry, eventually } from './internal/testing.ts';

const { databases, dropAll } = testDatabases();
afterAll(dropAll);

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3600_000;

describe.each(databases)('engine on $name', (database) => {
  async function setup(extra: Partial<EngineOptions> = {}) {
    const clock = createFakeClock(T0);
    const store: Store = await database.open({ clock });
    const registry = createRegistry();
    let n = 0;
    const engine = createEngine({ store, clock, workflows: registry.lookup, workerId: 'w1', random: () => 0.5, ids: () => `run-${++n}`, ...extra });
    return { clock, store, registry, engine };
  }

  it('replays journaled steps without re-running them, across a durable sleep', async () => {
    const { clock, registry, engine } = await setup();
    const calls: string[] = [];
    registry.set('grant', async (step, input) => {
      const granted = await step.step('assign', () => {
        calls.push('assign');
        return { user: (input as { user: string }).user, at: Date.UTC(2026, 0, 1) };
      });
      await step.sleep('hold', 8 * HOUR);
      await step.step('revoke', () => {
        calls.push('revoke');
      });
      return { granted };
    });
    const runId = await engine.start({ workflowId: 'grant', input: { user: 'jane' }, meta: { by: 'chat' } });
    expect(await engine.runUntilIdle()).toBe(1);
    expect(await engine.getRun(runId)).toMatchObject({ status: 'sleeping', wakeAt: T0 + 8 * HOUR, meta: { by: 'chat' } });
    expect(calls).toEqual(['assign']);
    clock.advance(8 * HOUR - 1);
    expect(await engine.runUntilIdle()).toBe(0);
    clock.advance(1);
    expect(await engine.runUntilIdle()).toBe(1);
    expect(calls).toEqual(['assign', 'revoke']);
    const run = await engine.getRun(runId);
    expect(run).toMatchObject({ status: 'completed', output: { granted: { user: 'jane', at: T0 } }, attempt: 2, error: null });
    const steps = await engine.getSteps(runId);
    expect(steps.map((s) => [s.seq, s.stepId, s.kind, s.status, s.output])).toEqual([
      [0, 'assign', 'step', 'completed', { user: 'jane', at: T0 }],
      [1, 'hold', 'sleep', 'completed', null],
      [2, 'revoke', 'step', 'completed', null],
    ]);
    expect(steps[1]).toMatchObject({ startedAt: T0, endedAt: T0 + 8 * HOUR });
  });

  it('sleepUntil a past time and now() continue at once, and now() replays its journaled value', async () => {
    const { clock, registry, engine } = await setup();
    const seen: number[] = [];
    registry.set('t', async (step) => {
      await step.sleepUntil('past', T0 - 1);
      const at = await step.now('started');
      seen.push(at);
      await step.sleep('wait', 1000);
      return at;
    });
    const runId = await engine.start({ workflowId: 't', input: null });
    await engine.runUntilIdle();
    clock.advance(5000);
    await engine.runUntilIdle();
    expect(seen).toEqual([T0, T0]);
    expect((await engine.getRun(runId))?.output).toBe(T0);
  });

  it('waits for a signal, and a wait that times out returns null', async () => {
    const { clock, registry, engine } = await setup();
    registry.set('approve', async (step, input) => {
      const decision = await step.waitForSignal<{ approved: boolean }>('manager', { key: `approval:${String(input)}`, timeoutMs: HOUR });
      return { decision };
    });
    const a = await engine.start({ workflowId: 'approve', input: 'a' });
    const b = await engine.start({ workflowId: 'approve', input: 'b' });
    await engine.runUntilIdle();
    expect(await engine.getRun(a)).toMatchObject({ status: 'waiting', waitKey: 'approval:a', wakeAt: T0 + HOUR });
    clock.advance(10);
    expect(await engine.signal('approval:a', { approved: true })).toBe(1);
    await engine.runUntilIdle();
    expect(await engine.getRun(a)).toMatchObject({ status: 'completed', output: { decision: { approved: true } } });
    expect(await engine.getRun(b)).toMatchObject({ status: 'waiting' });
    clock.advance(HOUR);
    await engine.runUntilIdle();
    expect(await engine.getRun(b)).toMatchObject({ status: 'completed', output: { decision: null } });
    expect((await engine.getSteps(b))[0]).toMatchObject({ kind: 'wait', status: 'completed', output: null, endedAt: T0 + 10 + HOUR });
    // A late signal wakes nobody and does not reopen the finished run.
    expect(await engine.signal('approval:b', { approved: true })).toBe(0);
    await engine.runUntilIdle();
    expect((await engine.getRun(b))?.output).toEqual({ decision: null });
  });

  it('keeps a signal sent before the run reaches its wait', async () => {
    const { registry, engine } = await setup();
    registry.set('w', async (step) => {
      await step.step('send-request', () => 'sent');
      return step.waitForSignal('decision', { key: 'k1' });
    });
    const runId = await engine.start({ workflowId: 'w', input: null });
    expect(await engine.signal('k1', 'yes')).toBe(0);
    await engine.runUntilIdle();
    expect(await engine.getRun(runId)).toMatchObject({ status: 'completed', output: 'yes' });
  });

  it('retries a failing step with exponential backoff and jitter, durably, then succeeds', async () => {
    const { clock, registry, engine } = await setup();
    let calls = 0;
    registry.set('flaky', async (step) =>
      step.step('call', () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error(`boom ${calls}`), { code: 'ECONNRESET' });
        return 'ok';
      }),
    );
    const runId = await engine.start({ workflowId: 'flaky', input: null });
    await engine.runUntilIdle();
    // random 0.5: delay = d/2 + 0.5·d/2 with d = 1000 ms, then 2000 ms.
    expect(await engine.getRun(runId)).toMatchObject({ status: 'sleeping', wakeAt: T0 + 750 });
    expect((await engine.getSteps(runId))[0]).toMatchObject({ status: 'pending', attempts: 1, error: { code: 'ECONNRESET', message: 'boom 1' } });
    clock.advance(749);
    expect(await engine.runUntilIdle()).toBe(0);
    clock.advance(1);
    await engine.runUntilIdle();
    expect(await engine.getRun(runId)).toMatchObject({ status: 'sleeping', wakeAt: T0 + 750 + 1500 });
    clock.advance(1500);
    await engine.runUntilIdle();
    expect(calls).toBe(3);
    expect(await engine.getRun(runId)).toMatchObject({ status: 'completed', output: 'ok' });
    expect((await engine.getSteps(runId))[0]).toMatchObject({ status: 'completed', attempts: 3, error: null, output: 'ok' });
  });

  it('fails the run when attempts are used up, keeping the step error code', async () => {
    const { clock, registry, engine } = await setup();
    let calls = 0;
    registry.set('bad', async (step) =>
      step.step(
        'call',
        () => {
          calls += 1;
          throw new Error('still down');
        },
        { maxAttempts: 2, backoffMs: 100 },
      ),
    );
    const runId = await engine.start({ workflowId: 'bad', input: null });
    await engine.runUntilIdle();
    clock.advance(HOUR);
    await engine.runUntilIdle();
    expect(calls).toBe(2);
    expect(await engine.getRun(runId)).toMatchObject({ status: 'failed', error: { code: 'WORKFLOW_STEP_FAILED', message: 'still down' } });
    expect((await engine.getSteps(runId))[0]).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('NonRetriableError fails the step at once; a workflow may catch the failure, identically on replay', async () => {
    const { clock, registry, engine } = await setup();
    let calls = 0;
    registry.set('strict', async (step) => step.step('call', () => ((calls += 1), Promise.reject(new NonRetriableError('user is deprovisioned')))));
    registry.set('compensating', async (step) => {
      let outcome = 'assigned';
      try {
        await step.step('assign', () => {
          throw new NonRetriableError('no such app');
        });
      } catch (error) {
        outcome = error instanceof StepFailedError ? `compensated ${error.stepError.code}` : 'wrong';
      }
      await step.sleep('pause', 1000);
      return outcome;
    });
    const strict = await engine.start({ workflowId: 'strict', input: null });
    const comp = await engine.start({ workflowId: 'compensating', input: null });
    await engine.runUntilIdle();
    expect(calls).toBe(1);
    expect(await engine.getRun(strict)).toMatchObject({ status: 'failed', error: { code: 'WORKFLOW_NON_RETRIABLE', message: 'user is deprovisioned' } });
    clock.advance(1000);
    await engine.runUntilIdle();
    expect(await engine.getRun(comp)).toMatchObject({ status: 'completed', output: 'compensated WORKFLOW_NON_RETRIABLE' });
  });

  it('RetryAfterError and any error with retryAtMs schedule the retry at that time', async () => {
    const { clock, registry, engine } = await setup();
    const attempts: Record<string, number> = {};
    registry.set('limited', async (step, input) =>
      step.step('call', () => {
        const kind = String(input);
        attempts[kind] = (attempts[kind] ?? 0) + 1;
        if (attempts[kind] > 1) return kind;
        if (kind === 'class') throw new RetryAfterError('slow down', new Date(T0 + 42_000));
        throw Object.assign(new Error('HTTP 429'), { code: 'OKTA_RATE_LIMITED', retryAtMs: T0 + 61_000 });
      }),
    );
    const a = await engine.start({ workflowId: 'limited', input: 'class' });
    const b = await engine.start({ workflowId: 'limited', input: 'duck' });
    await engine.runUntilIdle();
    expect(await engine.getRun(a)).toMatchObject({ status: 'sleeping', wakeAt: T0 + 42_000 });
    expect(await engine.getRun(b)).toMatchObject({ status: 'sleeping', wakeAt: T0 + 61_000 });
    expect((await engine.getSteps(b))[0]).toMatchObject({ error: { code: 'OKTA_RATE_LIMITED', message: 'HTTP 429' } });
    clock.advance(42_000);
    await engine.runUntilIdle();
    expect((await engine.getRun(a))?.status).toBe('completed');
    expect((await engine.getRun(b))?.status).toBe('sleeping');
    clock.advance(19_000);
    await engine.runUntilIdle();
    expect(await engine.getRun(b)).toMatchObject({ status: 'completed', output: 'duck' });
  });

  it('detects nondeterminism: a changed step order, a reused id, removed steps', async () => {
    const { clock, registry, engine } = await setup();
    const v1 = async (step: Parameters<Parameters<typeof registry.set>[1]>[0]) => {
      await step.step('a', () => 1);
      await step.sleep('s', 1000);
      await step.step('b', () => 2);
    };
    registry.set('changed', v1);
    registry.set('removed', v1);
    registry.set('reused', async (step) => {
      await step.step('a', () => 1);
      await step.step('a', () => 2);
    });
    const changed = await engine.start({ workflowId: 'changed', input: null });
    const removed = await engine.start({ workflowId: 'removed', input: null });
    const reused = await engine.start({ workflowId: 'reused', input: null });
    await engine.runUntilIdle();
    expect(await engine.getRun(reused)).toMatchObject({ status: 'failed', error: { code: 'WORKFLOW_NONDETERMINISTIC' } });
    const executed: string[] = [];
    registry.set('changed', async (step) => {
      await step.step('x', () => (executed.push('x'), 1));
    });
    registry.set('removed', async () => 'done');
    clock.advance(1000);
    await engine.runUntilIdle();
    expect(executed).toEqual([]);
    expect(await engine.getRun(changed)).toMatchObject({ status: 'failed', error: { code: 'WORKFLOW_NONDETERMINISTIC' } });
    expect((await engine.getRun(changed))?.error?.message).toContain('journal holds step "a"');
    expect(await engine.getRun(removed)).toMatchObject({ status: 'failed', error: { code: 'WORKFLOW_NONDETERMINISTIC' } });
  });

  it('a cancelled run never executes another step, whether sleeping or mid-execution', async () => {
    const { clock, registry, engine } = await setup();
    const executed: string[] = [];
    registry.set('long', async (step) => {
      await step.step('one', () => void executed.push('one'));
      await step.sleep('nap', 1000);
      await step.step('two', () => void executed.push('two'));
    });
    registry.set('self', async (step, input) => {
      await step.step('one', async () => {
        executed.push('self-one');
        await engine.cancel(String(input), 'changed my mind');
      });
      await step.step('two', () => void executed.push('self-two'));
    });
    const sleeping = await engine.start({ workflowId: 'long', input: null });
    await engine.runUntilIdle();
    expect(await engine.cancel(sleeping, 'not needed')).toBe(true);
    expect(await engine.cancel(sleeping)).toBe(false);
    clock.advance(5000);
    expect(await engine.runUntilIdle()).toBe(0);
    expect(await engine.getRun(sleeping)).toMatchObject({ status: 'cancelled', error: { code: 'RUN_CANCELLED', message: 'not needed' } });

    const self = await engine.start({ workflowId: 'self', input: 'run-2' });
    expect(self).toBe('run-2');
    await engine.runUntilIdle();
    expect(executed).toEqual(['one', 'self-one']);
    expect(await engine.getRun(self)).toMatchObject({ status: 'cancelled', error: { message: 'changed my mind' } });
    await expect(engine.cancel('nope')).rejects.toBeInstanceOf(RunNotFoundError);
  });

  it('dedupes starts by idempotency key and refuses unknown workflows', async () => {
    const { registry, engine } = await setup();
    registry.set('w', async () => 'x');
    const a = await engine.start({ workflowId: 'w', input: 1, idempotencyKey: 'req-1' });
    const b = await engine.start({ workflowId: 'w', input: 2, idempotencyKey: 'req-1' });
    const c = await engine.start({ workflowId: 'w', input: 3 });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect((await engine.listRuns({ workflowId: 'w' })).length).toBe(2);
    await expect(engine.start({ workflowId: 'ghost', input: null })).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect(await engine.runUntilIdle()).toBe(2);
    expect((await engine.listRuns({ status: 'completed' })).length).toBe(2);
  });

  it('fails a run whose output is not JSON, and a step that returns a non-JSON value', async () => {
    const { registry, engine } = await setup();
    registry.set('bigint', async (step) => {
      await step.step('n', () => 10n as unknown as Json);
    });
    const runId = await engine.start({ workflowId: 'bigint', input: null });
    await engine.runUntilIdle();
    expect(await engine.getRun(runId)).toMatchObject({ status: 'failed', error: { code: 'WORKFLOW_OUTPUT_INVALID' } });
  });

  it('a crashed worker\'s lease expires and another worker takes the run over; the stale worker cannot write', async () => {
    const { clock, store, registry, engine: a } = await setup({ leaseMs: 60_000, heartbeatMs: 59_999 });
    const b = createEngine({ store, clock, workflows: registry.lookup, workerId: 'w2', leaseMs: 60_000, heartbeatMs: 59_999 });
    const gate = createGate();
    const executions: string[] = [];
    registry.set('slow', async (step) => step.step('call', async () => {
      executions.push('call');
      if (executions.length === 1) await gate.promise; // the first worker hangs here
      return executions.length;
    }));
    const runId = await a.start({ workflowId: 'slow', input: null });
    const stalled = a.tick();
    await eventually(() => executions.length === 1);
    expect(await b.tick()).toBe(0); // lease still valid
    clock.advance(60_001);
    expect(await b.tick()).toBe(1);
    expect(await b.getRun(runId)).toMatchObject({ status: 'completed', output: 2, attempt: 2 });
    gate.open();
    await stalled;
    expect(await b.getRun(runId)).toMatchObject({ status: 'completed', output: 2 });
    expect(await b.getSteps(runId)).toMatchObject([{ stepId: 'call', output: 2, attempts: 1 }]);
  });

  it('heartbeats keep a long step\'s lease alive', async () => {
    const { clock, store, registry, engine: a } = await setup({ leaseMs: 1000, heartbeatMs: 5 });
    const b = createEngine({ store, clock, workflows: registry.lookup, workerId: 'w2', leaseMs: 1000, heartbeatMs: 5 });
    const gate = createGate();
    let started = false;
    registry.set('long', async (step) => step.step('call', async () => ((started = true), await gate.promise, 'done')));
    const runId = await a.start({ workflowId: 'long', input: null });
    const running = a.tick();
    await eventually(() => started);
    clock.advance(5000);
    await eventually(async () => ((await store.getRun(runId))?.leaseExpiresAt ?? 0) > clock.now());
    expect(await b.tick()).toBe(0);
    gate.open();
    await running;
    expect(await a.getRun(runId)).toMatchObject({ status: 'completed', output: 'done', attempt: 1 });
  });

  it('the worker loop runs started work and stops gracefully', async () => {
    const { registry, engine } = await setup({ pollIntervalMs: 5 });
    registry.set('w', async (step) => step.step('s', () => 'ran'));
    engine.startWorker();
    const runId = await engine.start({ workflowId: 'w', input: null });
    await eventually(async () => (await engine.getRun(runId))?.status === 'completed');
    await engine.stop();
    const later = await engine.start({ workflowId: 'w', input: null });
    await new Promise((r) => setTimeout(r, 20));
    expect((await engine.getRun(later))?.status).toBe('queued');
  });

  it('refuses bad options', async () => {
    const { store, clock } = await setup();
    expect(() => createEngine({ store, clock, workflows: () => undefined, workerId: '', leaseMs: 100, heartbeatMs: 200 })).toThrow(/workerId.*heartbeatMs/);
  });
});

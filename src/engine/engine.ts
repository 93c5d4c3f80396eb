/**
 * The durable execution engine: starts runs, claims due ones, replays them against their journal,
 * keeps durable timers, waits and schedules in the store. Knows nothing of Okta. See ARCHITECTURE.md.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock.ts';
import { InvalidOptionsError } from '../common/errors.ts';
import type { RunRecord, ScheduleRecord, StepRecord, Store } from '../store/index.ts';
import type { EngineWorkflow, Json, RunStatus, RunView, StepView } from './contract.ts';
import { RunNotFoundError, ScheduleInvalidError, WorkflowNotFoundError } from './errors.ts';
import { latestDueFireTime, nextFireTime } from './internal/cron.ts';
import { executeRun } from './internal/execute-run.ts';
import { silentLogger, type EngineLogger } from './internal/logger.ts';

/** What `createEngine` takes. */
export interface EngineOptions {
  store: Store;
  clock: Clock;
  /** Looks a workflow up by id (the workflows layer's registry). */
  workflows: (id: string) => EngineWorkflow | undefined;
  /** This process's name in leases; unique per worker process. */
  workerId: string;
  /** How long a claim lasts without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often an executing run's lease is extended (default leaseMs / 3; must be below leaseMs). */
  heartbeatMs?: number;
  /** How long the worker loop waits when nothing is due (default 1 s). */
  pollIntervalMs?: number;
  /** Runs executed at once by one tick (default 1). */
  concurrency?: number;
  logger?: EngineLogger;
  /** A number in [0, 1) for backoff jitter (default Math.random). */
  random?: () => number;
  /** New run ids (default random UUIDs). */
  ids?: () => string;
}

/** What `start` takes. */
export interface StartRunInput {
  workflowId: string;
  input: Json;
  /** Starting twice with the same key returns the first run's id and starts nothing. */
  idempotencyKey?: string;
  meta?: Record<string, Json>;
}

/** A schedule as given to `upsertSchedule`. */
export interface ScheduleInput {
  id: string;
  workflowId: string;
  /** A 5- or 6-field cron expression (croner syntax). */
  cron: string;
  /** IANA time zone (default UTC). */
  timezone?: string;
  input: Json;
  enabled?: boolean;
}

/** A schedule as the engine reports it. */
export interface ScheduleView {
  id: string;
  workflowId: string;
  cron: string;
  timezone: string | null;
  input: Json;
  nextFireAt: number | null;
  lastFireAt: number | null;
  enabled: boolean;
}

function toRunView(run: RunRecord): RunView {
  return {
    id: run.id,
    workflowId: run.workflowId,
    status: run.status,
    input: run.input,
    output: run.output,
    error: run.error,
    wakeAt: run.wakeAt,
    waitKey: run.waitKey,
    attempt: run.attempt,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    meta: run.meta,
  };
}

function toStepView(step: StepRecord): StepView {
  const { wakeAt: _wakeAt, ...view } = step;
  return view;
}

function toScheduleView(s: ScheduleRecord): ScheduleView {
  return { id: s.id, workflowId: s.workflowId, cron: s.cron, timezone: s.timezone, input: s.input, nextFireAt: s.nextFireAt, lastFireAt: s.lastFireAt, enabled: s.enabled };
}

function checkOptions(o: EngineOptions) {
  const leaseMs = o.leaseMs ?? 30_000;
  const heartbeatMs = o.heartbeatMs ?? Math.floor(leaseMs / 3);
  const pollIntervalMs = o.pollIntervalMs ?? 1000;
  const concurrency = o.concurrency ?? 1;
  const problems: string[] = [];
  if (typeof o.workerId !== 'string' || o.workerId.trim() === '') problems.push('workerId must be a non-empty string');
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) problems.push(`leaseMs must be a positive number of ms, got ${leaseMs}`);
  if (!Number.isFinite(heartbeatMs) || heartbeatMs <= 0 || heartbeatMs >= leaseMs) problems.push(`heartbeatMs must be positive and below leaseMs (${leaseMs}), got ${heartbeatMs}`);
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs <= 0) problems.push(`pollIntervalMs must be a positive number of ms, got ${pollIntervalMs}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) problems.push(`concurrency must be an integer ≥ 1, got ${concurrency}`);
  if (problems.length > 0) throw new InvalidOptionsError('ENGINE_OPTIONS_INVALID', `Invalid engine options: ${problems.join('; ')}.`);
  return { leaseMs, heartbeatMs, pollIntervalMs, concurrency };
}

/**
 * Creates an engine on a store.
 * @example
 * const engine = createEngine({ store, clock: systemClock, workerId: 'web-1', workflows: (id) => registry.get(id) });
 * const runId = await engine.start({ workflowId: 'offboard-user', input: { login: 'jane@acme.com' } });
 * engine.startWorker();
 */
export function createEngine(options: EngineOptions) {
  const { store, clock, workflows, workerId } = options;
  const { leaseMs, heartbeatMs, pollIntervalMs, concurrency } = checkOptions(options);
  const logger = options.logger ?? silentLogger;
  const random = options.random ?? Math.random;
  const ids = options.ids ?? randomUUID;
  const deps = { store, clock, logger, random, leaseMs, heartbeatMs };

  // The worker loop's state lives in this closure, one per engine (no module-level state).
  let worker: Promise<void> | null = null;
  let stopping = false;
  let wakeWorker: (() => void) | null = null;
  const nudge = () => wakeWorker?.();

  /** Creates one run per due fire time of every due schedule; returns how many were created. */
  async function fireDueSchedules(): Promise<number> {
    const now = clock.now();
    let created = 0;
    for (const schedule of await store.dueSchedules(now)) {
      if (schedule.nextFireAt === null) continue;
      let due: { fireAt: number; next: number | null };
      try {
        due = latestDueFireTime(schedule.cron, schedule.timezone, schedule.nextFireAt, now);
      } catch (error) {
        logger.error({ scheduleId: schedule.id, err: error }, 'schedule cannot be evaluated; skipped');
        continue;
      }
      const result = await store.fireSchedule({
        id: schedule.id,
        expectedNextFireAt: schedule.nextFireAt,
        firedAt: due.fireAt,
        nextFireAt: due.next,
        run: {
          id: ids(),
          workflowId: schedule.workflowId,
          input: schedule.input,
          idempotencyKey: `schedule:${schedule.id}:${due.fireAt}`,
          meta: { trigger: 'schedule', scheduleId: schedule.id, fireAt: due.fireAt },
          now,
        },
      });
      if (result?.created) created += 1;
    }
    return created;
  }

  async function tick(): Promise<number> {
    await fireDueSchedules();
    const executed = new Set<string>();
    // Runs executed in this tick that may be due again now (each runs at most once per tick). Runs that
    // ended, or sleep or wait past now, are left out: excluding every executed run made each claim of
    // a busy tick carry a NOT IN list as long as the tick so far (quadratic in the runs per tick).
    const excluded = new Set<string>();
    const loop = async () => {
      while (!stopping) {
        const run = await store.claimRun({ owner: workerId, now: clock.now(), leaseMs, excludeIds: [...excluded] });
        if (!run) return;
        executed.add(run.id);
        excluded.add(run.id);
        try {
          if (!(await executeRun(deps, run, workflows(run.workflowId)))) excluded.delete(run.id);
        } catch (error) {
          // A store failure mid-execution: the lease expires and the run is claimed again.
          logger.error({ runId: run.id, err: error }, 'run execution failed; it will be retried when its lease expires');
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    return executed.size;
  }

  const engine = {
    /** Starts a run (queued, due now). Throws `WorkflowNotFoundError` for an unknown workflow. */
    async start(input: StartRunInput): Promise<string> {
      if (!workflows(input.workflowId)) throw new WorkflowNotFoundError(input.workflowId);
      const { id, created } = await store.insertRun({
        id: ids(),
        workflowId: input.workflowId,
        input: input.input,
        idempotencyKey: input.idempotencyKey ?? null,
        meta: input.meta ?? {},
        now: clock.now(),
      });
      if (created) nudge();
      return id;
    },

    /** Delivers `payload` to every run waiting on `key` (see `StepTools.waitForSignal`); returns how many woke. */
    async signal(key: string, payload: Json): Promise<number> {
      const woken = await store.deliverSignal(key, payload, clock.now());
      if (woken > 0) nudge();
      return woken;
    },

    /** Cancels a live run; it never executes another step. False if the run had already ended. */
    async cancel(runId: string, reason = 'cancelled', by = 'gatehouse'): Promise<boolean> {
      const run = await store.getRun(runId);
      if (!run) throw new RunNotFoundError(runId);
      const cancelled = await store.cancelRun(runId, { code: 'RUN_CANCELLED', message: reason }, clock.now());
      if (cancelled) await store.appendAudit({ actor: by, action: 'workflow.run_cancelled', target: runId, data: { workflowId: run.workflowId, reason } });
      return cancelled;
    },

    async getRun(runId: string): Promise<RunView | undefined> {
      const run = await store.getRun(runId);
      return run ? toRunView(run) : undefined;
    },

    /** Runs, newest first. */
    async listRuns(query: { workflowId?: string; status?: RunStatus; limit?: number } = {}): Promise<RunView[]> {
      return (await store.listRuns(query)).map(toRunView);
    },

    /** A run's journal in order. */
    async getSteps(runId: string): Promise<StepView[]> {
      return (await store.listSteps(runId)).map(toStepView);
    },

    /** Fires due schedules, then claims and executes every run due now, each at most once; returns how many ran. */
    tick,

    /** Ticks until nothing is due (for tests with a fake clock); returns how many executions ran. */
    async runUntilIdle(options: { maxTicks?: number } = {}): Promise<number> {
      let total = 0;
      for (let i = 0; i < (options.maxTicks ?? 100); i++) {
        const n = await tick();
        total += n;
        if (n === 0) return total;
      }
      return total;
    },

    /** Starts the poll loop: tick, and when nothing was due wait `pollIntervalMs` (or until a start/signal here). */
    startWorker(): void {
      if (worker) return;
      stopping = false;
      worker = (async () => {
        while (!stopping) {
          let ran = 0;
          try {
            ran = await tick();
          } catch (error) {
            logger.error({ err: error }, 'engine tick failed; retrying after the poll interval');
          }
          if (ran > 0 || stopping) continue;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, pollIntervalMs);
            function done() {
              clearTimeout(timer);
              wakeWorker = null;
              resolve();
            }
            wakeWorker = done;
          });
        }
      })();
    },

    /** Stops the poll loop, letting the runs being executed finish (it claims no new ones). */
    async stop(): Promise<void> {
      stopping = true;
      nudge();
      await worker;
      worker = null;
    },

    /** Creates or replaces a schedule; its next fire time is computed from now. */
    async upsertSchedule(input: ScheduleInput): Promise<ScheduleView> {
      if (!workflows(input.workflowId)) throw new WorkflowNotFoundError(input.workflowId);
      const timezone = input.timezone ?? null;
      const now = clock.now();
      const nextFireAt = nextFireTime(input.cron, timezone, now);
      if (nextFireAt === null) {
        throw new ScheduleInvalidError(`Schedule cron ${JSON.stringify(input.cron)} never fires after now.`);
      }
      const saved = await store.upsertSchedule(
        { id: input.id, workflowId: input.workflowId, cron: input.cron, timezone, input: input.input, nextFireAt, enabled: input.enabled ?? true },
        now,
      );
      return toScheduleView(saved);
    },

    /** Removes a schedule; false if there was none. Runs it already created go on. */
    removeSchedule: (id: string): Promise<boolean> => store.removeSchedule(id),

    async listSchedules(): Promise<ScheduleView[]> {
      return (await store.listSchedules()).map(toScheduleView);
    },
  };
  return engine;
}

/** The engine's type. */
export type Engine = ReturnType<typeof createEngine>;

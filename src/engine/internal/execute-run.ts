/**
 * One execution of a claimed run: replay the workflow from the top against the journal, execute the
 * first step that is not journaled, and end by completing, failing or suspending the run. See
 * ../ARCHITECTURE.md for the invariants this keeps.
 */
import type { Clock } from '../../common/clock.ts';
import { LeaseLostError, type Lease, type RunRecord, type StepRecord, type Store } from '../../store/index.ts';
import type { EngineWorkflow, Json, StepOptions, StepTools } from '../contract.ts';
import { StepFailedError, WorkflowNondeterministicError, WorkflowNotFoundError, WorkflowOutputInvalidError } from '../errors.ts';
import type { EngineLogger } from './logger.ts';
import { backoffDelay, defaultBackoffMs, defaultMaxAttempts, errorInfo, isNonRetriable, requestedRetryAt } from './retry.ts';

export interface ExecuteDeps {
  store: Store;
  clock: Clock;
  logger: EngineLogger;
  random: () => number;
  leaseMs: number;
  heartbeatMs: number;
}

/**
 * Why an execution stopped early. Thrown through the workflow's code to unwind it; never surfaced.
 * It is not a GatehouseError on purpose: it is control flow, not a failure, and must not be
 * mistaken for one by code that inspects `code`.
 */
class Halt extends Error {
  readonly reason: 'suspended' | 'lost';
  constructor(reason: 'suspended' | 'lost') {
    super(`run execution halted (${reason})`);
    this.reason = reason;
  }
}

type StepKind = StepRecord['kind'];

/** JSON round-trip, so the first execution sees exactly what a replay will read from the journal. */
function toJson(value: unknown, what: string): Json {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new WorkflowOutputInvalidError(`${what} returned a value that is not JSON: ${(cause as Error).message}`, { cause });
  }
  if (text === undefined) throw new WorkflowOutputInvalidError(`${what} returned a ${typeof value}, which is not JSON`);
  return JSON.parse(text) as Json;
}

/**
 * Executes a claimed run once. Resolves to whether the run may be due again right away (it suspended
 * until a time already reached, or lost its lease): the caller must not claim it again in the same
 * tick. A run that ended, or that sleeps or waits past now, resolves to false.
 */
export async function executeRun(deps: ExecuteDeps, run: RunRecord, workflow: EngineWorkflow | undefined): Promise<boolean> {
  const { store, clock, logger } = deps;
  const lease: Lease = { runId: run.id, owner: run.leaseOwner ?? '', attempt: run.attempt };
  const log = { runId: run.id, workflowId: run.workflowId, attempt: run.attempt };

  const release = async (...args: Parameters<Store['releaseRun']> extends [Lease, ...infer R] ? R : never) => {
    try {
      await store.releaseRun(lease, ...args);
      const outcome = args[0];
      // A failed run is audited here, where it ends; starts, Okta changes and completions are audited by the workflows layer.
      if (outcome.status === 'failed') await store.appendAudit({ actor: 'gatehouse', action: 'workflow.run_failed', target: run.id, data: { workflowId: run.workflowId, error: outcome.error } });
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      logger.warn(log, 'run lease lost before the run could be released (cancelled or taken over)');
    }
  };

  if (!workflow) {
    const error = new WorkflowNotFoundError(run.workflowId);
    await release({ status: 'failed', error: errorInfo(error) }, clock.now());
    return false;
  }

  const journal = await store.listSteps(run.id);
  const bySeq = new Map(journal.map((s) => [s.seq, s]));
  const byId = new Map(journal.map((s) => [s.stepId, s]));
  const seen = new Set<string>();
  let nextSeq = 0;
  let halted: Halt | null = null;
  /** When a suspended run is due again (null: only a signal wakes it). */
  let suspendedUntil: number | null = null;
  let nondeterministic: WorkflowNondeterministicError | null = null;
  // Tool calls run one at a time in call order, even under Promise.all: positions stay deterministic
  // and a suspension stops everything queued behind it.
  let chain: Promise<unknown> = Promise.resolve();

  const enqueue = <T>(op: () => Promise<T>): Promise<T> => {
    const result = chain.then(() => {
      if (halted) throw halted;
      if (nondeterministic) throw nondeterministic;
      return op();
    });
    chain = result.catch(() => undefined);
    return result;
  };

  const halt = (reason: 'suspended' | 'lost'): never => {
    halted ??= new Halt(reason);
    throw halted;
  };

  /** A fenced write; a refused one means the lease is gone, so the execution stops. */
  const fenced = async <T>(write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if (error instanceof LeaseLostError) return halt('lost');
      throw error;
    }
  };

  const suspendUntil = async (wakeAt: number, step: StepRecord): Promise<never> => {
    await fenced(() => store.releaseRun(lease, { status: 'sleeping', wakeAt }, clock.now(), step));
    suspendedUntil = wakeAt;
    return halt('suspended');
  };

  /** Matches a tool call against the journal position it occupies. */
  const match = (id: string, kind: StepKind): { seq: number; row: StepRecord | undefined } => {
    const seq = nextSeq++;
    const fail = (message: string): never => {
      nondeterministic = new WorkflowNondeterministicError(`Run ${run.id} of workflow ${run.workflowId}: ${message}`);
      throw nondeterministic;
    };
    if (seen.has(id)) fail(`step id "${id}" is used twice; ids must be unique within a run`);
    seen.add(id);
    const row = bySeq.get(seq);
    if (row && (row.stepId !== id || row.kind !== kind)) fail(`at position ${seq} the journal holds ${row.kind} "${row.stepId}" but the code now calls ${kind} "${id}"`);
    const elsewhere = byId.get(id);
    if (!row && elsewhere) fail(`${kind} "${id}" was journaled at position ${elsewhere.seq} but is now called at position ${seq}`);
    return { seq, row };
  };

  /** Before running a step's side effect: is the run still ours (not cancelled, not taken over)? */
  const guard = async () => {
    if (!(await store.holdsLease(lease))) halt('lost');
  };

  const sleepTo = (id: string, deadlineIfNew: () => number) =>
    enqueue(async () => {
      const { seq, row } = match(id, 'sleep');
      if (row?.status === 'completed') return;
      const now = clock.now();
      const deadline = row?.wakeAt ?? deadlineIfNew();
      const base = { runId: run.id, seq, stepId: id, kind: 'sleep' as const, output: null, error: null, attempts: 1, startedAt: row?.startedAt ?? now, wakeAt: deadline };
      if (now >= deadline) {
        await fenced(() => store.writeStep(lease, { ...base, status: 'completed', endedAt: now }, now));
        return;
      }
      await suspendUntil(deadline, { ...base, status: 'pending', endedAt: null });
    });

  const tools: StepTools = {
    runId: run.id,
    workflowId: run.workflowId,

    step<T extends Json | void>(id: string, fn: () => Promise<T> | T, options: StepOptions = {}): Promise<T> {
      return enqueue(async () => {
        const { seq, row } = match(id, 'step');
        if (row?.status === 'completed') return row.output as T;
        if (row?.status === 'failed') throw new StepFailedError(id, row.error ?? { code: 'WORKFLOW_STEP_FAILED', message: 'failed' });
        const now = clock.now();
        if (row?.status === 'pending' && row.wakeAt !== null && row.wakeAt > now) await suspendUntil(row.wakeAt, row);
        const attempt = (row?.attempts ?? 0) + 1;
        const maxAttempts = Math.max(1, options.maxAttempts ?? defaultMaxAttempts);
        const base = { runId: run.id, seq, stepId: id, kind: 'step' as const, attempts: attempt, startedAt: row?.startedAt ?? now };
        await guard();
        let output: Json;
        try {
          output = toJson(await fn(), `step "${id}"`);
        } catch (error) {
          const info = errorInfo(error);
          const endedAt = clock.now();
          if (isNonRetriable(error) || error instanceof WorkflowOutputInvalidError || attempt >= maxAttempts) {
            logger.warn({ ...log, stepId: id, attempt, error: info }, 'step failed for good');
            await fenced(() => store.writeStep(lease, { ...base, status: 'failed', output: null, error: info, endedAt, wakeAt: null }, endedAt));
            throw new StepFailedError(id, info, { cause: error });
          }
          const retryAt = Math.max(endedAt, requestedRetryAt(error) ?? endedAt + backoffDelay(attempt, options.backoffMs ?? defaultBackoffMs, deps.random));
          logger.info({ ...log, stepId: id, attempt, retryAt, error: info }, 'step failed; retry scheduled');
          return suspendUntil(retryAt, { ...base, status: 'pending', output: null, error: info, endedAt: null, wakeAt: retryAt });
        }
        const endedAt = clock.now();
        await fenced(() => store.writeStep(lease, { ...base, status: 'completed', output, error: null, endedAt, wakeAt: null }, endedAt));
        return output as T;
      });
    },

    sleep: (id, ms) => sleepTo(id, () => clock.now() + Math.max(0, ms)),
    sleepUntil: (id, at) => sleepTo(id, () => at),

    waitForSignal<T extends Json>(id: string, options: { key: string; timeoutMs?: number }): Promise<T | null> {
      return enqueue(async () => {
        const { seq, row } = match(id, 'wait');
        if (row?.status === 'completed') return row.output as T | null;
        const now = clock.now();
        const deadline = row ? row.wakeAt : options.timeoutMs !== undefined ? now + Math.max(0, options.timeoutMs) : null;
        const result = await fenced(() => store.awaitSignal(lease, { seq, stepId: id, key: options.key, deadline, startedAt: row?.startedAt ?? now, since: run.createdAt }, now));
        if (result.kind === 'delivered') return result.payload as T;
        if (result.kind === 'timedOut') return null;
        suspendedUntil = deadline;
        return halt('suspended');
      });
    },

    now(id: string): Promise<number> {
      return enqueue(async () => {
        const { seq, row } = match(id, 'now');
        if (row?.status === 'completed' && typeof row.output === 'number') return row.output;
        const now = clock.now();
        await fenced(() => store.writeStep(lease, { runId: run.id, seq, stepId: id, kind: 'now', status: 'completed', output: now, error: null, attempts: 1, startedAt: now, endedAt: now, wakeAt: null }, now));
        return now;
      });
    },
  };

  // The heartbeat keeps the lease while the run executes; a refused beat means it is gone.
  const beat = setInterval(() => {
    const now = clock.now();
    store.heartbeat(lease, now + deps.leaseMs, now).then(
      (held) => {
        if (!held && !halted) {
          halted = new Halt('lost');
          logger.warn(log, 'run lease lost (cancelled or taken over); stopping before the next step');
        }
      },
      (error: unknown) => logger.warn({ ...log, err: error }, 'heartbeat failed'),
    );
  }, deps.heartbeatMs);
  beat.unref();

  try {
    let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await workflow.run(tools, run.input) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    await chain;
    // What the tools saw wins over what the workflow did with it (it may have caught a Halt).
    // (Both are set inside the tool closures, which TypeScript's narrowing does not see.)
    const stop = halted as Halt | null;
    const until = suspendedUntil as number | null;
    if (stop) return stop.reason === 'lost' || (until !== null && until <= clock.now());
    const now = clock.now();
    if (nondeterministic) {
      await release({ status: 'failed', error: errorInfo(nondeterministic) }, now);
      return false;
    }
    if (!outcome.ok) {
      const error = outcome.error instanceof StepFailedError ? outcome.error.stepError : errorInfo(outcome.error);
      logger.warn({ ...log, error }, 'run failed');
      await release({ status: 'failed', error }, now);
      return false;
    }
    const unconsumed = journal.filter((s) => s.seq >= nextSeq);
    if (unconsumed.length > 0) {
      const error = new WorkflowNondeterministicError(
        `Run ${run.id} of workflow ${run.workflowId}: the code returned without calling journaled steps ${unconsumed.map((s) => `"${s.stepId}"`).join(', ')}`,
      );
      await release({ status: 'failed', error: errorInfo(error) }, now);
      return false;
    }
    let output: Json;
    try {
      output = toJson(outcome.value, `workflow ${run.workflowId}`);
    } catch (error) {
      await release({ status: 'failed', error: errorInfo(error) }, now);
      return false;
    }
    await release({ status: 'completed', output }, now);
    return false;
  } finally {
    clearInterval(beat);
  }
}

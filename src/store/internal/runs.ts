/**
 * Runs, the step journal and signals. Every write made on behalf of an executing run is fenced:
 * it happens in a transaction that first updates the run row WHERE the lease owner and attempt
 * still match (which also takes the row lock on PostgreSQL, so a concurrent claim skips the row).
 */
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { LeaseLostError } from '../errors.ts';
import {
  finalRunStatuses,
  jsonObjectSchema,
  jsonValueSchema,
  runStatusValues,
  stepKindValues,
  stepStatusValues,
  storedErrorSchema,
  type AwaitSignalResult,
  type JsonValue,
  type Lease,
  type NewRun,
  type RunQuery,
  type RunRecord,
  type RunRelease,
  type StepRecord,
} from '../types.ts';
import { lockName, type Executor, type StoreContext } from './context.ts';
import type { Database, RunsTable, StepsTable } from './schema.ts';
import type { Selectable } from 'kysely';

const runStatusSchema = z.enum(runStatusValues);
const stepKindSchema = z.enum(stepKindValues);
const stepStatusSchema = z.enum(stepStatusValues);
const liveWaitingStatuses = ['queued', 'sleeping', 'waiting'] as const;

function toRun(ctx: StoreContext, row: Selectable<RunsTable>): RunRecord {
  const what = `runs[${row.id}]`;
  return {
    id: row.id,
    workflowId: row.workflow_id,
    status: runStatusSchema.parse(row.status),
    input: ctx.codec.decode(row.input, jsonValueSchema, `${what}.input`),
    output: ctx.codec.decodeNullable(row.output, jsonValueSchema, `${what}.output`),
    error: ctx.codec.decodeNullable(row.error, storedErrorSchema, `${what}.error`),
    wakeAt: row.wake_at,
    waitKey: row.wait_key,
    attempt: row.attempt,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    idempotencyKey: row.idempotency_key,
    meta: ctx.codec.decode(row.meta, jsonObjectSchema, `${what}.meta`),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toStep(ctx: StoreContext, row: Selectable<StepsTable>): StepRecord {
  const what = `steps[${row.run_id}#${row.seq}]`;
  return {
    runId: row.run_id,
    seq: row.seq,
    stepId: row.step_id,
    kind: stepKindSchema.parse(row.kind),
    status: stepStatusSchema.parse(row.status),
    output: ctx.codec.decodeNullable(row.output, jsonValueSchema, `${what}.output`),
    error: ctx.codec.decodeNullable(row.error, storedErrorSchema, `${what}.error`),
    attempts: row.attempts,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    wakeAt: row.wake_at,
  };
}

const encodeNullable = (ctx: StoreContext, value: unknown): string | null => (value === null || value === undefined ? null : ctx.codec.encode(value));

export function createRunQueries(ctx: StoreContext) {
  const { db } = ctx;

  async function fence(trx: Transaction<Database>, lease: Lease, now: number): Promise<void> {
    const result = await trx
      .updateTable('runs')
      .set({ updated_at: now })
      .where('id', '=', lease.runId)
      .where('lease_owner', '=', lease.owner)
      .where('attempt', '=', lease.attempt)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new LeaseLostError(lease.runId, lease.owner);
  }

  async function upsertStep(trx: Executor, step: StepRecord): Promise<void> {
    const values = {
      run_id: step.runId,
      seq: step.seq,
      step_id: step.stepId,
      kind: step.kind,
      status: step.status,
      output: encodeNullable(ctx, step.output),
      error: encodeNullable(ctx, step.error),
      attempts: step.attempts,
      started_at: step.startedAt,
      ended_at: step.endedAt,
      wake_at: step.wakeAt,
    };
    await trx
      .insertInto('steps')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['run_id', 'seq']).doUpdateSet({
          status: values.status,
          output: values.output,
          error: values.error,
          attempts: values.attempts,
          ended_at: values.ended_at,
          wake_at: values.wake_at,
        }),
      )
      .execute();
  }

  async function insertRunWith(trx: Executor, run: NewRun): Promise<{ id: string; created: boolean }> {
    const result = await trx
      .insertInto('runs')
      .values({
        id: run.id,
        workflow_id: run.workflowId,
        status: 'queued',
        input: ctx.codec.encode(run.input),
        output: null,
        error: null,
        wake_at: run.wakeAt ?? run.now,
        wait_key: null,
        attempt: 0,
        lease_owner: null,
        lease_expires_at: null,
        idempotency_key: run.idempotencyKey ?? null,
        meta: ctx.codec.encode(run.meta ?? {}),
        created_at: run.now,
        updated_at: run.now,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return { id: run.id, created: true };
    const existing = await trx.selectFrom('runs').select('id').where('idempotency_key', '=', run.idempotencyKey ?? null).executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  return {
    insertRunWith,

    /** Creates a queued run, or returns the id of the run that already has its idempotency key. */
    insertRun: (run: NewRun) => insertRunWith(db, run),

    async getRun(id: string): Promise<RunRecord | undefined> {
      const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRun(ctx, row) : undefined;
    },

    async listRuns(query: RunQuery = {}): Promise<RunRecord[]> {
      let q = db.selectFrom('runs').selectAll();
      if (query.workflowId !== undefined) q = q.where('workflow_id', '=', query.workflowId);
      if (query.status !== undefined) q = q.where('status', '=', query.status);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(query.limit ?? 100).execute();
      return rows.map((row) => toRun(ctx, row));
    },

    async listSteps(runId: string): Promise<StepRecord[]> {
      const rows = await db.selectFrom('steps').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
      return rows.map((row) => toStep(ctx, row));
    },

    /**
     * Claims one due run for `owner`: a queued, sleeping or waiting run whose `wakeAt` has passed,
     * or a running run whose lease expired (its worker crashed). Increments `attempt`, the fencing token.
     */
    async claimRun(args: { owner: string; now: number; leaseMs: number; excludeIds?: readonly string[] }): Promise<RunRecord | undefined> {
      const { owner, now, leaseMs } = args;
      return db.transaction().execute(async (trx) => {
        let q = trx
          .selectFrom('runs')
          .select('id')
          .where((eb) =>
            eb.or([
              eb.and([eb('status', 'in', liveWaitingStatuses), eb('wake_at', '<=', now)]),
              eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', now)]),
            ]),
          );
        if (args.excludeIds && args.excludeIds.length > 0) q = q.where('id', 'not in', [...args.excludeIds]);
        q = q.orderBy(sql`coalesce(wake_at, lease_expires_at)`).orderBy('id').limit(1);
        if (ctx.dialect === 'postgres') q = q.forUpdate().skipLocked();
        const due = await q.executeTakeFirst();
        if (!due) return undefined;
        const row = await trx
          .updateTable('runs')
          .set((eb) => ({
            status: 'running',
            lease_owner: owner,
            lease_expires_at: now + leaseMs,
            attempt: eb('attempt', '+', 1),
            wake_at: null,
            wait_key: null,
            updated_at: now,
          }))
          .where('id', '=', due.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRun(ctx, row);
      });
    },

    /** Extends a lease; false when the lease is gone (taken over or cancelled). */
    async heartbeat(lease: Lease, until: number, now: number): Promise<boolean> {
      const result = await db
        .updateTable('runs')
        .set({ lease_expires_at: until, updated_at: now })
        .where('id', '=', lease.runId)
        .where('lease_owner', '=', lease.owner)
        .where('attempt', '=', lease.attempt)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Whether `lease` is still held (the run was neither taken over nor cancelled). */
    async holdsLease(lease: Lease): Promise<boolean> {
      const row = await db
        .selectFrom('runs')
        .select('id')
        .where('id', '=', lease.runId)
        .where('lease_owner', '=', lease.owner)
        .where('attempt', '=', lease.attempt)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Journals one step, fenced on the lease. Throws `LeaseLostError` if the lease is gone. */
    async writeStep(lease: Lease, step: StepRecord, now: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await fence(trx, lease, now);
        await upsertStep(trx, step);
      });
    },

    /** Ends an execution: journals `step` if given, sets the run's new status and releases the lease, all fenced. */
    async releaseRun(lease: Lease, release: RunRelease, now: number, step?: StepRecord): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await fence(trx, lease, now);
        if (step) await upsertStep(trx, step);
        await trx
          .updateTable('runs')
          .set({
            status: release.status,
            output: release.status === 'completed' ? encodeNullable(ctx, release.output) : null,
            error: release.status === 'failed' ? ctx.codec.encode(release.error) : null,
            wake_at: release.status === 'sleeping' ? release.wakeAt : release.status === 'queued' ? now : null,
            wait_key: null,
            lease_owner: null,
            lease_expires_at: null,
            updated_at: now,
          })
          .where('id', '=', lease.runId)
          .execute();
      });
    },

    /**
     * The atomic core of `waitForSignal`: consumes a signal already sent for `key` (since the run
     * was created), else times the wait out if `deadline` passed, else journals the wait as pending
     * and suspends the run (status `waiting`, lease released). Serialised per key with `deliverSignal`,
     * so a signal is never lost between the check and the suspension.
     */
    async awaitSignal(
      lease: Lease,
      wait: { seq: number; stepId: string; key: string; deadline: number | null; startedAt: number; since: number },
      now: number,
    ): Promise<AwaitSignalResult> {
      return db.transaction().execute(async (trx) => {
        // Key lock first, then the run row: the same order as deliverSignal, so the two never deadlock.
        await lockName(ctx, trx, `gatehouse:signal:${wait.key}`);
        await fence(trx, lease, now);
        const base = { runId: lease.runId, seq: wait.seq, stepId: wait.stepId, kind: 'wait' as const, attempts: 1, startedAt: wait.startedAt, error: null, wakeAt: wait.deadline };
        const buffered = await trx
          .selectFrom('signals')
          .selectAll()
          .where('key', '=', wait.key)
          .where('consumed_by', 'is', null)
          .where('created_at', '>=', wait.since)
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        if (buffered) {
          const payload = ctx.codec.decodeNullable(buffered.payload, jsonValueSchema, `signals[${buffered.id}].payload`);
          await trx.updateTable('signals').set({ consumed_by: lease.runId, consumed_at: now }).where('id', '=', buffered.id).execute();
          await upsertStep(trx, { ...base, status: 'completed', output: payload, endedAt: now });
          return { kind: 'delivered', payload };
        }
        if (wait.deadline !== null && now >= wait.deadline) {
          await upsertStep(trx, { ...base, status: 'completed', output: null, endedAt: now });
          return { kind: 'timedOut' };
        }
        await upsertStep(trx, { ...base, status: 'pending', output: null, endedAt: null });
        await trx
          .updateTable('runs')
          .set({ status: 'waiting', wait_key: wait.key, wake_at: wait.deadline, lease_owner: null, lease_expires_at: null, updated_at: now })
          .where('id', '=', lease.runId)
          .execute();
        return { kind: 'suspended' };
      });
    },

    /**
     * Delivers a signal: journals `payload` as the result of the pending wait of every run waiting
     * on `key` and makes those runs due now. When no run waits yet, keeps the signal so that the
     * first run to wait on `key` afterwards consumes it. Returns the number of runs woken.
     */
    async deliverSignal(key: string, payload: JsonValue, now: number): Promise<number> {
      return db.transaction().execute(async (trx) => {
        await lockName(ctx, trx, `gatehouse:signal:${key}`);
        let q = trx.selectFrom('runs').select('id').where('status', '=', 'waiting').where('wait_key', '=', key);
        if (ctx.dialect === 'postgres') q = q.forUpdate();
        const waiting = await q.execute();
        for (const { id } of waiting) {
          await trx
            .updateTable('steps')
            .set({ status: 'completed', output: encodeNullable(ctx, payload), ended_at: now })
            .where('run_id', '=', id)
            .where('kind', '=', 'wait')
            .where('status', '=', 'pending')
            .execute();
          await trx.updateTable('runs').set({ status: 'queued', wake_at: now, wait_key: null, updated_at: now }).where('id', '=', id).execute();
        }
        if (waiting.length === 0) {
          await trx.insertInto('signals').values({ key, payload: encodeNullable(ctx, payload), created_at: now, consumed_by: null, consumed_at: null }).execute();
        }
        return waiting.length;
      });
    },

    /** Cancels a live run (releasing any lease, so its executor's next write is refused). False if it was already final. */
    async cancelRun(id: string, error: { code: string; message: string }, now: number): Promise<boolean> {
      const result = await db
        .updateTable('runs')
        .set({ status: 'cancelled', error: ctx.codec.encode(error), wake_at: null, wait_key: null, lease_owner: null, lease_expires_at: null, updated_at: now })
        .where('id', '=', id)
        .where('status', 'not in', [...finalRunStatuses])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

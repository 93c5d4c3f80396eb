/** Cron schedules. Firing is a compare-and-set on `next_fire_at`, so one fire time makes one run even with several workers. */
import type { Selectable } from 'kysely';
import { jsonValueSchema, type NewRun, type ScheduleRecord } from '../types.ts';
import type { StoreContext } from './context.ts';
import type { createRunQueries } from './runs.ts';
import type { SchedulesTable } from './schema.ts';

function toSchedule(ctx: StoreContext, row: Selectable<SchedulesTable>): ScheduleRecord {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    cron: row.cron,
    timezone: row.timezone,
    input: ctx.codec.decode(row.input, jsonValueSchema, `schedules[${row.id}].input`),
    nextFireAt: row.next_fire_at,
    lastFireAt: row.last_fire_at,
    enabled: row.enabled !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createScheduleQueries(ctx: StoreContext, runs: ReturnType<typeof createRunQueries>) {
  const { db } = ctx;
  return {
    /** Creates or replaces a schedule (keeping `createdAt` and `lastFireAt`). */
    async upsertSchedule(schedule: Omit<ScheduleRecord, 'createdAt' | 'updatedAt' | 'lastFireAt'>, now: number): Promise<ScheduleRecord> {
      const values = {
        workflow_id: schedule.workflowId,
        cron: schedule.cron,
        timezone: schedule.timezone,
        input: ctx.codec.encode(schedule.input),
        next_fire_at: schedule.nextFireAt,
        enabled: schedule.enabled ? 1 : 0,
        updated_at: now,
      };
      const row = await db
        .insertInto('schedules')
        .values({ id: schedule.id, ...values, last_fire_at: null, created_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSchedule(ctx, row);
    },

    async removeSchedule(id: string): Promise<boolean> {
      const result = await db.deleteFrom('schedules').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async getSchedule(id: string): Promise<ScheduleRecord | undefined> {
      const row = await db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSchedule(ctx, row) : undefined;
    },

    async listSchedules(): Promise<ScheduleRecord[]> {
      const rows = await db.selectFrom('schedules').selectAll().orderBy('id').execute();
      return rows.map((row) => toSchedule(ctx, row));
    },

    /** Enabled schedules whose next fire time has come. */
    async dueSchedules(now: number): Promise<ScheduleRecord[]> {
      const rows = await db.selectFrom('schedules').selectAll().where('enabled', '=', 1).where('next_fire_at', '<=', now).orderBy('next_fire_at').execute();
      return rows.map((row) => toSchedule(ctx, row));
    },

    /**
     * Fires a schedule once: moves `next_fire_at` from `expectedNextFireAt` to `nextFireAt` and creates
     * `run` in the same transaction. Returns undefined when another worker fired it first.
     */
    async fireSchedule(args: { id: string; expectedNextFireAt: number; firedAt: number; nextFireAt: number | null; run: NewRun }): Promise<{ id: string; created: boolean } | undefined> {
      return db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('schedules')
          .set({ next_fire_at: args.nextFireAt, last_fire_at: args.firedAt, updated_at: args.run.now })
          .where('id', '=', args.id)
          .where('next_fire_at', '=', args.expectedNextFireAt)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return undefined;
        return runs.insertRunWith(trx, args.run);
      });
    },
  };
}

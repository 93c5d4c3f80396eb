/**
 * Migrations in code, one per schema change, never edited once shipped. Column types differ by
 * dialect only where they must: bigint times and jsonb on PostgreSQL, integer and TEXT on SQLite.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

function types(dialect: Dialect) {
  return dialect === 'postgres'
    ? { time: 'bigint', json: 'jsonb', serial: 'bigserial', int: 'integer' }
    : { time: 'integer', json: 'text', serial: 'integer', int: 'integer' };
}

function init(dialect: Dialect): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      const time = sql.raw(t.time);
      const json = sql.raw(t.json);
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('input', json, (c) => c.notNull())
        .addColumn('output', json)
        .addColumn('error', json)
        .addColumn('wake_at', time)
        .addColumn('wait_key', 'text')
        .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', time)
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('meta', json, (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('runs_due').on('runs').columns(['status', 'wake_at']).execute();
      await db.schema.createIndex('runs_lease').on('runs').columns(['status', 'lease_expires_at']).execute();
      await db.schema.createIndex('runs_wait_key').on('runs').columns(['wait_key']).execute();
      await db.schema.createIndex('runs_workflow').on('runs').columns(['workflow_id', 'created_at']).execute();

      await db.schema
        .createTable('steps')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('output', json)
        .addColumn('error', json)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('started_at', time, (c) => c.notNull())
        .addColumn('ended_at', time)
        .addColumn('wake_at', time)
        .addPrimaryKeyConstraint('steps_pk', ['run_id', 'seq'])
        .addUniqueConstraint('steps_step_id', ['run_id', 'step_id'])
        .execute();

      await db.schema
        .createTable('signals')
        .addColumn('id', sql.raw(t.serial), (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('payload', json)
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('consumed_by', 'text')
        .addColumn('consumed_at', time)
        .execute();
      await db.schema.createIndex('signals_key').on('signals').columns(['key', 'consumed_by']).execute();

      await db.schema
        .createTable('schedules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('cron', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text')
        .addColumn('input', json, (c) => c.notNull())
        .addColumn('next_fire_at', time)
        .addColumn('last_fire_at', time)
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', time, (c) => c.primaryKey())
        .addColumn('at', time, (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('kv')
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', json, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('kv_pk', ['namespace', 'key'])
        .execute();
    },
  };
}

/** A version on every kv document, so writers can compare-and-set (single-use approvals across processes). */
const kvVersion: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('kv').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  },
};

/** The migrations for one dialect, by name (names sort in order of application). */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: async () => ({ '0001_init': init(dialect), '0002_kv_version': kvVersion }),
  };
}

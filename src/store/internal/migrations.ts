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

/**
 * The directory mirror (src/access/directory): users, groups, apps, memberships and app assignments.
 * No foreign keys: the mirror follows Okta's System Log, whose events may name an object the mirror has
 * not read yet; the scheduled full sync heals any such gap. `login_key` is indexed but not unique for
 * the same reason (a rename and a new user taking the old login may arrive in either order).
 */
function directory(dialect: Dialect): Migration {
  const t = types(dialect);
  return {
    async up(db: Kysely<unknown>) {
      const time = sql.raw(t.time);
      const json = sql.raw(t.json);
      await db.schema
        .createTable('dir_users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull())
        .addColumn('login_key', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('first_name', 'text')
        .addColumn('last_name', 'text')
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('department', 'text')
        .addColumn('title', 'text')
        .addColumn('manager_id', 'text')
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('profile', json, (c) => c.notNull())
        .addColumn('last_updated', time, (c) => c.notNull())
        .addColumn('synced_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dir_users_login').on('dir_users').columns(['login_key']).execute();
      await db.schema.createIndex('dir_users_manager').on('dir_users').columns(['manager_id']).execute();

      await db.schema
        .createTable('dir_groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('rule_managed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_updated', time, (c) => c.notNull())
        .addColumn('synced_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dir_groups_name').on('dir_groups').columns(['name_key']).execute();

      await db.schema
        .createTable('dir_apps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('label_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('synced_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dir_apps_label').on('dir_apps').columns(['label_key']).execute();

      await db.schema
        .createTable('dir_memberships')
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('since', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('dir_memberships_pk', ['group_id', 'user_id'])
        .execute();
      await db.schema.createIndex('dir_memberships_user').on('dir_memberships').columns(['user_id']).execute();

      await db.schema
        .createTable('dir_app_users')
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('since', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('dir_app_users_pk', ['app_id', 'user_id'])
        .execute();
      await db.schema.createIndex('dir_app_users_user').on('dir_app_users').columns(['user_id']).execute();

      await db.schema
        .createTable('dir_app_groups')
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer')
        .addColumn('since', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('dir_app_groups_pk', ['app_id', 'group_id'])
        .execute();
      await db.schema.createIndex('dir_app_groups_group').on('dir_app_groups').columns(['group_id']).execute();
    },
  };
}

/**
 * Lookups that stay fast as the tables grow: the audit log by action, actor and target (the API's
 * and the CLI's filters; entries in order), and kv documents by age within a namespace (kvPrune).
 */
const lookups: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
    await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'seq']).execute();
    await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'seq']).execute();
    await db.schema.createIndex('kv_updated').on('kv').columns(['namespace', 'updated_at']).execute();
  },
};

/** The migrations for one dialect, by name (names sort in order of application). */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: async () => ({ '0001_init': init(dialect), '0002_kv_version': kvVersion, '0003_directory': directory(dialect), '0004_lookups': lookups }),
  };
}

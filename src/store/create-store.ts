/**
 * Opening the store: kysely over better-sqlite3 (the embedded default) or over a pg pool
 * (several Gatehouse processes sharing one database). Migrations run on open and are idempotent;
 * on PostgreSQL they run under a session advisory lock so two processes opening at once do not race.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { systemClock, type Clock } from '../common/clock.ts';
import { InvalidOptionsError } from '../common/errors.ts';
import type { Config } from '../config/index.ts';
import { StoreOpenError } from './errors.ts';
import { createAuditQueries } from './internal/audit.ts';
import { createCodec } from './internal/codec.ts';
import { createDirectoryQueries } from './internal/directory.ts';
import type { StoreContext } from './internal/context.ts';
import { createKvQueries } from './internal/kv.ts';
import { migrationProvider, type Dialect } from './internal/migrations.ts';
import { createRunQueries } from './internal/runs.ts';
import { createScheduleQueries } from './internal/schedules.ts';
import type { Database } from './internal/schema.ts';

/** Where the store lives. */
export type StoreOptions =
  | { kind: 'sqlite'; /** A file path, or ':memory:'. */ file: string; clock?: Clock }
  | {
      kind: 'postgres';
      /** postgres://user@host:port/db */
      url: string;
      /** A schema to use (created if missing) instead of the connection's default search_path. */
      schema?: string;
      /** Pool size (default 10, at least 2). */
      poolSize?: number;
      clock?: Clock;
      /** Called with errors of idle pool connections (a restarted server…); they are otherwise ignored. */
      onPoolError?: (error: Error) => void;
    };

const INT8_OID = 20;
const schemaNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

function buildStore(ctx: StoreContext, close: () => Promise<void>) {
  const runs = createRunQueries(ctx);
  const { insertRunWith: _internal, ...runApi } = runs;
  return {
    /** Which database this is. */
    kind: ctx.dialect,
    ...runApi,
    ...createScheduleQueries(ctx, runs),
    ...createAuditQueries(ctx),
    ...createKvQueries(ctx),
    ...createDirectoryQueries(ctx),
    /** Closes the database (the pool, or the SQLite file). */
    close,
  };
}

/** The persistence port: runs, journal, signals, schedules, audit log, key-value documents, the directory mirror. */
export type Store = ReturnType<typeof buildStore>;

async function migrate(db: Kysely<Database>, dialect: Dialect, where: string, schema?: string): Promise<void> {
  // With a schema, kysely must look for its bookkeeping tables in it (it would otherwise find them in any schema).
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new StoreOpenError(`Migrating the ${dialect} database ${where} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** Masks the password of a connection URL for messages (CONVENTIONS 17). */
function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

async function openSqlite(file: string, clock: Clock): Promise<Store> {
  let sqlite: BetterSqlite3.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    sqlite = new BetterSqlite3(file);
    if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (cause) {
    throw new StoreOpenError(`Cannot open the SQLite database ${file}: ${(cause as Error).message}. Check that the data dir exists and is writable.`, { cause });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrate(db, 'sqlite', file);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return buildStore({ db, dialect: 'sqlite', codec: createCodec('sqlite'), clock }, () => db.destroy());
}

async function openPostgres(options: Extract<StoreOptions, { kind: 'postgres' }>, clock: Clock): Promise<Store> {
  if (options.schema !== undefined && !schemaNamePattern.test(options.schema)) {
    throw new InvalidOptionsError('CONFIG_INVALID', `schema must be a lower-case SQL identifier (letters, digits, _); got ${JSON.stringify(options.schema)}`);
  }
  const where = maskUrl(options.url) + (options.schema ? ` (schema ${options.schema})` : '');
  const pool = new pg.Pool({
    connectionString: options.url,
    max: Math.max(2, options.poolSize ?? 10),
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    // bigint columns hold ms timestamps and sequence numbers, all well within 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', (error) => options.onPoolError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const client = await pool.connect().catch((cause: unknown) => {
      throw new StoreOpenError(`Cannot connect to PostgreSQL at ${where}: ${(cause as Error).message}`, { cause });
    });
    try {
      await client.query('select pg_advisory_lock(hashtext($1))', [`gatehouse:migrate:${options.schema ?? ''}`]);
      try {
        if (options.schema) await client.query(`create schema if not exists "${options.schema}"`);
        await migrate(db, 'postgres', where, options.schema);
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [`gatehouse:migrate:${options.schema ?? ''}`]);
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await db.destroy();
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(`Opening PostgreSQL at ${where} failed: ${(error as Error).message}`, { cause: error });
  }
  return buildStore({ db, dialect: 'postgres', codec: createCodec('postgres'), clock }, () => db.destroy());
}

/**
 * Opens (and migrates) a store.
 * @example
 * const store = await createStore({ kind: 'sqlite', file: ':memory:' });
 * await store.kvPut('settings', 'theme', 'dark');
 * await store.close();
 */
export async function createStore(options: StoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock;
  return options.kind === 'sqlite' ? openSqlite(options.file, clock) : openPostgres(options, clock);
}

/** Opens the store the configuration asks for: PostgreSQL when `databaseUrl` is set, else `<dataDir>/gatehouse.db`. */
export function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>, options: { clock?: Clock } = {}): Promise<Store> {
  return config.databaseUrl
    ? createStore({ kind: 'postgres', url: config.databaseUrl, ...options })
    : createStore({ kind: 'sqlite', file: join(config.dataDir, 'gatehouse.db'), ...options });
}

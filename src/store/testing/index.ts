/**
 * Test support: the same suite runs against SQLite and PostgreSQL. Every `open()` gets a fresh
 * database (a new `:memory:` SQLite, or a new PostgreSQL schema `gh_test_<random>`); `openShared(n)`
 * opens n stores on one database, like n Gatehouse processes. `dropAll()` closes them and drops the
 * schemas, so parallel test files never collide. PostgreSQL must be reachable (CI has it): when it
 * is not, the tests fail rather than skip.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Clock } from '../../common/clock.ts';
import { createStore, type Store } from '../create-store.ts';

/** The test database on this machine and in CI (trust auth). */
export const testPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabaseOptions {
  clock?: Clock;
  poolSize?: number;
}

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** Opens a store on a fresh, empty database. */
  open(options?: TestDatabaseOptions): Promise<Store>;
  /** Opens `count` stores on one fresh database (a temp file for SQLite, one schema for PostgreSQL). */
  openShared(count: number, options?: TestDatabaseOptions): Promise<Store[]>;
  /** Opens a store on a fresh database plus a raw SQL channel to it (to tamper with rows in tests). */
  openRaw(options?: TestDatabaseOptions): Promise<{ store: Store; exec(statement: string): Promise<void> }>;
}

/** A SQLite and a PostgreSQL target for `describe.each`, and a cleanup for `afterAll`. */
export function testDatabases(): { databases: TestDatabase[]; dropAll(): Promise<void> } {
  const opened: Store[] = [];
  const schemas: string[] = [];
  const files: string[] = [];
  const track = async (store: Promise<Store>) => {
    const s = await store;
    opened.push(s);
    return s;
  };
  const newSchema = () => {
    const schema = `gh_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return schema;
  };
  const pgStore = (schema: string, o: TestDatabaseOptions) =>
    track(createStore({ kind: 'postgres', url: testPostgresUrl, schema, poolSize: o.poolSize ?? 4, ...(o.clock ? { clock: o.clock } : {}) }));
  const sqliteStore = (file: string, o: TestDatabaseOptions) => track(createStore({ kind: 'sqlite', file, ...(o.clock ? { clock: o.clock } : {}) }));
  return {
    databases: [
      {
        name: 'sqlite',
        open: (o = {}) => sqliteStore(':memory:', o),
        async openShared(count, o = {}) {
          const dir = mkdtempSync(join(tmpdir(), 'gh-store-'));
          files.push(dir);
          const file = join(dir, 'gatehouse.db');
          const stores: Store[] = [];
          for (let i = 0; i < count; i++) stores.push(await sqliteStore(file, o));
          return stores;
        },
        async openRaw(o = {}) {
          const [store] = await this.openShared(1, o);
          const file = join(files[files.length - 1]!, 'gatehouse.db');
          return {
            store: store!,
            async exec(statement) {
              const raw = new BetterSqlite3(file);
              try {
                raw.exec(statement);
              } finally {
                raw.close();
              }
            },
          };
        },
      },
      {
        name: 'postgres',
        open: (o = {}) => pgStore(newSchema(), o),
        openShared: (count, o = {}) => {
          const schema = newSchema();
          // Opened at once on purpose: concurrent migrations must be safe.
          return Promise.all(Array.from({ length: count }, () => pgStore(schema, o)));
        },
        async openRaw(o = {}) {
          const schema = newSchema();
          const store = await pgStore(schema, o);
          return {
            store,
            async exec(statement) {
              const client = new pg.Client({ connectionString: testPostgresUrl, options: `-c search_path=${schema}` });
              await client.connect();
              try {
                await client.query(statement);
              } finally {
                await client.end();
              }
            },
          };
        },
      },
    ],
    async dropAll() {
      await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
      for (const dir of files.splice(0)) rmSync(dir, { recursive: true, force: true });
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

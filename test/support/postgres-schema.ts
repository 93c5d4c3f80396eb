/** A fresh PostgreSQL schema on the test database for servers to share, and the DATABASE_URL that selects it. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testPostgresUrl } from '../../src/store/testing/index.ts';

export async function createTestSchema(prefix: string): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const query = async (statement: string) => {
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await query(`create schema "${schema}"`);
  return { databaseUrl: `${testPostgresUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`, drop: () => query(`drop schema if exists "${schema}" cascade`) };
}

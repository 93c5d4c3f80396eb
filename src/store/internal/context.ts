import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Clock } from '../../common/clock.ts';
import type { Codec } from './codec.ts';
import type { Database } from './schema.ts';
import type { Dialect } from './migrations.ts';

/** What every query module gets. */
export interface StoreContext {
  db: Kysely<Database>;
  dialect: Dialect;
  codec: Codec;
  clock: Clock;
}

export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Serialises transactions that touch the same `name` across processes on PostgreSQL (a
 * transaction-scoped advisory lock). SQLite runs one transaction at a time on its single
 * connection, so nothing is needed there.
 */
export async function lockName(ctx: StoreContext, trx: Transaction<Database>, name: string): Promise<void> {
  if (ctx.dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}

/** A small generic document table: (namespace, key) → JSON value. */
import type { Selectable } from 'kysely';
import { jsonValueSchema, type JsonValue, type KvEntry } from '../types.ts';
import type { StoreContext } from './context.ts';
import type { KvTable } from './schema.ts';

function toEntry(ctx: StoreContext, row: Selectable<KvTable>): KvEntry {
  return { namespace: row.namespace, key: row.key, value: ctx.codec.decode(row.value, jsonValueSchema, `kv[${row.namespace}/${row.key}]`), updatedAt: row.updated_at };
}

export function createKvQueries(ctx: StoreContext) {
  const { db } = ctx;
  return {
    async kvGet(namespace: string, key: string): Promise<KvEntry | undefined> {
      const row = await db.selectFrom('kv').selectAll().where('namespace', '=', namespace).where('key', '=', key).executeTakeFirst();
      return row ? toEntry(ctx, row) : undefined;
    },

    /** Creates or replaces a document. */
    async kvPut(namespace: string, key: string, value: JsonValue): Promise<KvEntry> {
      const now = ctx.clock.now();
      const encoded = ctx.codec.encode(value);
      await db
        .insertInto('kv')
        .values({ namespace, key, value: encoded, updated_at: now })
        .onConflict((oc) => oc.columns(['namespace', 'key']).doUpdateSet({ value: encoded, updated_at: now }))
        .execute();
      return { namespace, key, value: jsonValueSchema.parse(JSON.parse(encoded)), updatedAt: now };
    },

    async kvDelete(namespace: string, key: string): Promise<boolean> {
      const result = await db.deleteFrom('kv').where('namespace', '=', namespace).where('key', '=', key).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** Documents of a namespace ordered by key, optionally only keys starting with `prefix`. */
    async kvList(namespace: string, options: { prefix?: string; limit?: number } = {}): Promise<KvEntry[]> {
      let q = db.selectFrom('kv').selectAll().where('namespace', '=', namespace);
      // substr rather than LIKE or a range: no wildcard escaping, and no dependence on the PG collation.
      if (options.prefix) q = q.where((eb) => eb(eb.fn('substr', ['key', eb.val(1), eb.val(options.prefix!.length)]), '=', options.prefix!));
      const rows = await q.orderBy('key').limit(options.limit ?? 1000).execute();
      return rows.map((row) => toEntry(ctx, row));
    },
  };
}

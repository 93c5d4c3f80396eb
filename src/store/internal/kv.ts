/** A small generic document table: (namespace, key) → JSON value, with a version for compare-and-set. */
import type { Selectable } from 'kysely';
import { jsonValueSchema, type JsonValue, type KvEntry } from '../types.ts';
import type { StoreContext } from './context.ts';
import type { KvTable } from './schema.ts';

function toEntry(ctx: StoreContext, row: Selectable<KvTable>): KvEntry {
  return {
    namespace: row.namespace,
    key: row.key,
    value: ctx.codec.decode(row.value, jsonValueSchema, `kv[${row.namespace}/${row.key}]`),
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function createKvQueries(ctx: StoreContext) {
  const { db } = ctx;
  const parsed = (encoded: string) => jsonValueSchema.parse(JSON.parse(encoded));
  return {
    async kvGet(namespace: string, key: string): Promise<KvEntry | undefined> {
      const row = await db.selectFrom('kv').selectAll().where('namespace', '=', namespace).where('key', '=', key).executeTakeFirst();
      return row ? toEntry(ctx, row) : undefined;
    },

    /** Creates or replaces a document. */
    async kvPut(namespace: string, key: string, value: JsonValue): Promise<KvEntry> {
      const now = ctx.clock.now();
      const encoded = ctx.codec.encode(value);
      const row = await db
        .insertInto('kv')
        .values({ namespace, key, value: encoded, updated_at: now })
        .onConflict((oc) => oc.columns(['namespace', 'key']).doUpdateSet((eb) => ({ value: encoded, updated_at: now, version: eb('kv.version', '+', 1) })))
        .returning('version')
        .executeTakeFirstOrThrow();
      return { namespace, key, value: parsed(encoded), updatedAt: now, version: row.version };
    },

    /**
     * Compare-and-set: writes only when the stored document still has `expectedVersion` (0: only
     * when there is none yet). Returns the new entry, or undefined when another writer came first —
     * atomic across processes sharing one database.
     */
    async kvPutIfVersion(namespace: string, key: string, value: JsonValue, expectedVersion: number): Promise<KvEntry | undefined> {
      const now = ctx.clock.now();
      const encoded = ctx.codec.encode(value);
      if (expectedVersion === 0) {
        const inserted = await db
          .insertInto('kv')
          .values({ namespace, key, value: encoded, updated_at: now })
          .onConflict((oc) => oc.columns(['namespace', 'key']).doNothing())
          .returning('version')
          .executeTakeFirst();
        return inserted ? { namespace, key, value: parsed(encoded), updatedAt: now, version: inserted.version } : undefined;
      }
      const updated = await db
        .updateTable('kv')
        .set((eb) => ({ value: encoded, updated_at: now, version: eb('version', '+', 1) }))
        .where('namespace', '=', namespace)
        .where('key', '=', key)
        .where('version', '=', expectedVersion)
        .returning('version')
        .executeTakeFirst();
      return updated ? { namespace, key, value: parsed(encoded), updatedAt: now, version: updated.version } : undefined;
    },

    async kvDelete(namespace: string, key: string): Promise<boolean> {
      const result = await db.deleteFrom('kv').where('namespace', '=', namespace).where('key', '=', key).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** Deletes a namespace's documents last written before `updatedBefore` (ms); returns how many. */
    async kvPrune(namespace: string, updatedBefore: number): Promise<number> {
      const result = await db.deleteFrom('kv').where('namespace', '=', namespace).where('updated_at', '<', updatedBefore).executeTakeFirst();
      return Number(result.numDeletedRows);
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

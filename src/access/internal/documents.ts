/**
 * Typed documents in the store's kv table: validated on read and write, changed with
 * compare-and-set so two writers (two processes on one PostgreSQL) never lose an update.
 */
import type { z } from 'zod';
import type { Json } from '../../engine/contract.ts';
import type { VersionedKvPort } from '../../workflows/approval-repository.ts';

/** The store as the access layer uses it. */
export interface AccessStorePort extends VersionedKvPort {
  kvDelete(namespace: string, key: string): Promise<boolean>;
}

export function documents<S extends z.ZodType>(store: AccessStorePort, namespace: string, schema: S) {
  type T = z.output<S>;
  const read = async (id: string): Promise<{ value: T; version: number } | undefined> => {
    const entry = await store.kvGet(namespace, id);
    return entry ? { value: schema.parse(entry.value), version: entry.version } : undefined;
  };
  return {
    async get(id: string): Promise<T | undefined> {
      return (await read(id))?.value;
    },
    async list(options: { prefix?: string } = {}): Promise<T[]> {
      return (await store.kvList(namespace, { limit: 1_000_000, ...options })).map((e) => schema.parse(e.value) as T);
    },
    async put(id: string, value: z.input<S>): Promise<T> {
      const parsed = schema.parse(value) as T;
      await store.kvPut(namespace, id, parsed as Json);
      return parsed;
    },
    /** Creates the document only if there is none; false when it exists. */
    async create(id: string, value: z.input<S>): Promise<boolean> {
      return Boolean(await store.kvPutIfVersion(namespace, id, schema.parse(value) as Json, 0));
    },
    /**
     * Changes a document atomically: `change` returns the next value, or undefined to leave it; it is
     * called again when another writer came in between.
     */
    async update(id: string, change: (current: T) => T | undefined): Promise<{ value: T | undefined; changed: boolean }> {
      for (;;) {
        const current = await read(id);
        if (!current) return { value: undefined, changed: false };
        const next = change(current.value);
        if (next === undefined) return { value: current.value, changed: false };
        const parsed = schema.parse(next) as T;
        if (await store.kvPutIfVersion(namespace, id, parsed as Json, current.version)) return { value: parsed, changed: true };
      }
    },
    remove: (id: string) => store.kvDelete(namespace, id),
  };
}

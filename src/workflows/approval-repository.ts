/**
 * Approvals kept in the store's key-value table (namespace `approvals`). Changes are
 * compare-and-set on the document's version, so the first decision wins also when several
 * Gatehouse processes share one PostgreSQL database.
 */
import type { Json } from '../engine/contract.ts';
import { approvalRecordSchema, type ApprovalRepository } from './approvals.ts';

/** The part of the store this repository (and other small kv-backed documents) use. */
export interface KvPort {
  kvGet(namespace: string, key: string): Promise<{ value: unknown; updatedAt: number; version?: number } | undefined>;
  kvPut(namespace: string, key: string, value: Json): Promise<unknown>;
  kvList(namespace: string, options?: { prefix?: string; limit?: number }): Promise<{ value: unknown }[]>;
}

/** A kv store that can compare-and-set. */
export interface VersionedKvPort extends KvPort {
  kvGet(namespace: string, key: string): Promise<{ value: unknown; updatedAt: number; version: number } | undefined>;
  kvPutIfVersion(namespace: string, key: string, value: Json, expectedVersion: number): Promise<unknown>;
}

const namespace = 'approvals';

/** Creates the repository. */
export function createKvApprovalRepository(store: VersionedKvPort): ApprovalRepository {
  const read = async (id: string) => {
    const entry = await store.kvGet(namespace, id);
    return entry ? { record: approvalRecordSchema.parse(entry.value), version: entry.version } : undefined;
  };
  return {
    get: async (id) => (await read(id))?.record,
    put: async (record) => {
      await store.kvPut(namespace, record.id, approvalRecordSchema.parse(record) as unknown as Json);
    },
    async update(id, change) {
      for (;;) {
        const current = await read(id);
        if (!current) return { record: undefined, changed: false };
        const next = change(current.record);
        if (!next) return { record: current.record, changed: false };
        const parsed = approvalRecordSchema.parse(next);
        if (await store.kvPutIfVersion(namespace, id, parsed as unknown as Json, current.version)) return { record: parsed, changed: true };
      }
    },
    async list(filter = {}) {
      const entries = await store.kvList(namespace, { limit: 100_000 });
      const lower = filter.approver?.toLowerCase();
      return entries
        .map((e) => approvalRecordSchema.parse(e.value))
        .filter((r) => (filter.status ? r.status === filter.status : true))
        .filter((r) => (lower ? r.approvers.some((a) => a.toLowerCase() === lower) : true))
        .sort((a, b) => b.createdAt - a.createdAt);
    },
  };
}

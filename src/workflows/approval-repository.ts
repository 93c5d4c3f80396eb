/**
 * Approvals kept in the store's key-value table (namespace `approvals`), until they get a table of
 * their own with the access layer.
 */
import type { Json } from '../engine/contract.ts';
import { approvalRecordSchema, type ApprovalRecord, type ApprovalRepository } from './approvals.ts';

/** The part of the store this repository uses. */
export interface KvPort {
  kvGet(namespace: string, key: string): Promise<{ value: unknown; updatedAt: number } | undefined>;
  kvPut(namespace: string, key: string, value: Json): Promise<unknown>;
  kvList(namespace: string, options?: { prefix?: string; limit?: number }): Promise<{ value: unknown }[]>;
}

const namespace = 'approvals';

/**
 * Creates the repository. `decideIfPending` is serialised within this process; across processes the
 * first writer wins only as far as a read-then-write allows (noted in the issue: a compare-and-set in
 * the store closes it).
 */
export function createKvApprovalRepository(store: KvPort): ApprovalRepository {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const get = async (id: string): Promise<ApprovalRecord | undefined> => {
    const entry = await store.kvGet(namespace, id);
    return entry ? approvalRecordSchema.parse(entry.value) : undefined;
  };
  return {
    get,
    put: async (record) => {
      await store.kvPut(namespace, record.id, approvalRecordSchema.parse(record) as unknown as Json);
    },
    decideIfPending: (next) =>
      serial(async () => {
        const current = await get(next.id);
        if (!current || current.status !== 'pending') return false;
        await store.kvPut(namespace, next.id, approvalRecordSchema.parse(next) as unknown as Json);
        return true;
      }),
    async list(filter = {}) {
      const entries = await store.kvList(namespace, { limit: 10_000 });
      const lower = filter.approver?.toLowerCase();
      return entries
        .map((e) => approvalRecordSchema.parse(e.value))
        .filter((r) => (filter.status ? r.status === filter.status : true))
        .filter((r) => (lower ? r.approvers.some((a) => a.toLowerCase() === lower) : true))
        .sort((a, b) => b.createdAt - a.createdAt);
    },
  };
}

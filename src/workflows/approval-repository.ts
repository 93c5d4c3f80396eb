/**
 * Approvals kept in the store's key-value table (namespace `approvals`). Changes are
 * compare-and-set on the document's version, so the first decision wins also when several
 * Gatehouse processes share one PostgreSQL database.
 *
 * The pending ones are also listed in `approvals.pending` (key: the approval id), so that "what
 * waits for me" — asked on every console request, App Home and chat turn — reads the few pending
 * approvals, not every approval ever made. The index entry is written before the record and removed
 * after the decision, so a crash in between leaves at worst an extra entry, which a listing skips
 * (and removes once its record is decided). The approval record stays the truth: status and
 * approvers are read from it. Built once from the records when missing (a store from before the index).
 */
import { z } from 'zod';
import type { Json } from '../engine/contract.ts';
import { approvalRecordSchema, type ApprovalRecord, type ApprovalRepository } from './approvals.ts';

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

/** What the approval repository needs of the store. */
export interface ApprovalKvPort extends VersionedKvPort {
  kvList(namespace: string, options?: { prefix?: string; limit?: number }): Promise<{ key: string; value: unknown }[]>;
  kvDelete(namespace: string, key: string): Promise<boolean>;
}

const namespace = 'approvals';
const pendingNamespace = 'approvals.pending';
/** Marks that `approvals.pending` was built (it is kept current from then on). */
const indexMeta = { namespace: 'approvals.meta', key: 'pending-index' };
/** An entry of the pending index: enough to pick the candidates for an approver. */
const indexEntrySchema = z.object({ createdAt: z.number(), approvers: z.array(z.string()) });

/** Creates the repository. */
export function createKvApprovalRepository(store: ApprovalKvPort): ApprovalRepository {
  const read = async (id: string) => {
    const entry = await store.kvGet(namespace, id);
    return entry ? { record: approvalRecordSchema.parse(entry.value), version: entry.version } : undefined;
  };
  const entryOf = (record: ApprovalRecord, approvers: readonly string[] = record.approvers): Json => ({ createdAt: record.createdAt, approvers: [...approvers] });
  let indexBuilt = false;
  const ensureIndex = async () => {
    if (indexBuilt) return;
    if (!(await store.kvGet(indexMeta.namespace, indexMeta.key))) {
      // Two processes building at once write the same entries; a decision racing the build is
      // corrected by the listing (it drops entries whose record is no longer pending).
      for (const e of await store.kvList(namespace, { limit: 1_000_000 })) {
        const record = approvalRecordSchema.parse(e.value);
        if (record.status === 'pending') await store.kvPut(pendingNamespace, record.id, entryOf(record));
      }
      await store.kvPut(indexMeta.namespace, indexMeta.key, { builtFrom: 'approvals' });
    }
    indexBuilt = true;
  };
  /** The pending records, only those the index lists for `approver` when one is given. */
  const pending = async (approver: string | undefined): Promise<ApprovalRecord[]> => {
    await ensureIndex();
    const records: ApprovalRecord[] = [];
    for (const e of await store.kvList(pendingNamespace, { limit: 1_000_000 })) {
      const entry = indexEntrySchema.safeParse(e.value);
      if (approver && entry.success && !entry.data.approvers.some((a) => a.toLowerCase() === approver)) continue;
      const current = await read(e.key);
      if (current?.record.status === 'pending') records.push(current.record);
      // Decided (its process stopped between the two writes): the entry goes. No record yet: a put under way, or one that never finished; kept.
      else if (current) await store.kvDelete(pendingNamespace, e.key);
    }
    return records;
  };
  return {
    get: async (id) => (await read(id))?.record,
    put: async (record) => {
      const parsed = approvalRecordSchema.parse(record);
      // The index first: a crash in between leaves an entry with no record (skipped), never a pending record nobody can list.
      if (parsed.status === 'pending') await store.kvPut(pendingNamespace, parsed.id, entryOf(parsed));
      await store.kvPut(namespace, parsed.id, parsed as unknown as Json);
      if (parsed.status !== 'pending') await store.kvDelete(pendingNamespace, parsed.id);
    },
    async update(id, change) {
      for (;;) {
        const current = await read(id);
        if (!current) return { record: undefined, changed: false };
        const next = change(current.record);
        if (!next) return { record: current.record, changed: false };
        const parsed = approvalRecordSchema.parse(next);
        const sameApprovers = parsed.approvers.join('\n') === current.record.approvers.join('\n');
        // New approvers (an escalation) are listed before the record names them: the index names at least every approver.
        if (parsed.status === 'pending' && !sameApprovers) await store.kvPut(pendingNamespace, id, entryOf(parsed, [...new Set([...current.record.approvers, ...parsed.approvers])]));
        if (await store.kvPutIfVersion(namespace, id, parsed as unknown as Json, current.version)) {
          if (parsed.status !== 'pending') await store.kvDelete(pendingNamespace, id);
          else if (!sameApprovers) await store.kvPut(pendingNamespace, id, entryOf(parsed));
          return { record: parsed, changed: true };
        }
      }
    },
    async list(filter = {}) {
      const lower = filter.approver?.toLowerCase();
      const records = filter.status === 'pending' ? await pending(lower) : (await store.kvList(namespace, { limit: 1_000_000 })).map((e) => approvalRecordSchema.parse(e.value));
      return records
        .filter((r) => (filter.status ? r.status === filter.status : true))
        .filter((r) => (lower ? r.approvers.some((a) => a.toLowerCase() === lower) : true))
        .sort((a, b) => b.createdAt - a.createdAt);
    },
  };
}

/** The store's public surface: persistence for runs, the step journal, signals, schedules, the audit log and key-value documents. */
export { createStore, openStore, type Store, type StoreOptions } from './create-store.ts';
export { StoreOpenError, StoreDataInvalidError, AuditEntryInvalidError, LeaseLostError } from './errors.ts';
export { canonicalJson } from './internal/canonical-json.ts';
export { genesisHash as auditGenesisHash } from './internal/audit.ts';
export * from './types.ts';
export { createKvLease, readLease, leaseRecordSchema, type KvLease, type KvLeaseOptions, type LeaseRecord, type LeaseStore } from './kv-lease.ts';
export { throttledPrune, type KvPrunePort } from './kv-prune.ts';

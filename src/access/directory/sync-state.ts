/**
 * The sync's own state, kv documents in namespace `directory.sync`, validated on read: `state`
 * (where the System Log is read from next, and when the last syncs finished), `mirror` (a mark
 * that moves whenever a sync changed the mirror, in whichever process) and `leader` (the lease of
 * the process running the scheduled syncs, src/store/kv-lease.ts).
 */
import { z } from 'zod';
import type { Store } from '../../store/index.ts';

export const syncStateNamespace = 'directory.sync';
const key = 'state';
const mirrorKey = 'mirror';
/** The kv key of the scheduled syncs' lease. */
export const syncLeaderKey = 'leader';

export const syncStateSchema = z.object({
  /** The poller's next URL (path and query: Okta's opaque `after` cursor). */
  logCursor: z.string(),
  /** The ISO time the cursor stands at (the last event read, or where the last full sync started reading). */
  logSince: z.string(),
  lastFullSyncAt: z.number().nullable(),
  lastIncrementalSyncAt: z.number().nullable(),
});
export type SyncState = z.infer<typeof syncStateSchema>;

/** The stored state, or undefined before the first full sync (or when it does not parse: a full sync rebuilds it). */
export async function readSyncState(store: Pick<Store, 'kvGet'>): Promise<SyncState | undefined> {
  const entry = await store.kvGet(syncStateNamespace, key);
  const parsed = syncStateSchema.safeParse(entry?.value);
  return parsed.success ? parsed.data : undefined;
}

export async function writeSyncState(store: Pick<Store, 'kvPut'>, state: SyncState): Promise<void> {
  await store.kvPut(syncStateNamespace, key, state);
}

/**
 * Moves the "mirror changed" mark. The mark is the document's version, which every write raises by
 * one atomically, so processes bumping it at once never lose a bump.
 */
export async function markMirrorChanged(store: Pick<Store, 'kvPut'>, at: number): Promise<number> {
  return (await store.kvPut(syncStateNamespace, mirrorKey, { changedAt: at })).version;
}

/** The "mirror changed" mark: 0 before any sync changed the mirror, then larger after each change. */
export async function readMirrorVersion(store: Pick<Store, 'kvGet'>): Promise<number> {
  return (await store.kvGet(syncStateNamespace, mirrorKey))?.version ?? 0;
}
